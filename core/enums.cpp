#include <userservice/enums.hpp>

#include "ascii.hpp"

#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace userservice {

// The wire names are the identifiers: Boost.Describe lists them. Each list is in
// ascending value order; a name whose value an earlier name has is an alias (parsed,
// never printed).
BOOST_DESCRIBE_ENUM(
    UserType, Unknown, InternalAssociate, ResourceAssociate, ExternalAssociate, AnonymousAssociate, SystemAssociate)
BOOST_DESCRIBE_ENUM(RoleType, Unknown, Employee, ExternalUser, Anonymous, System)
BOOST_DESCRIBE_ENUM(CommandAction, Implicit, YesNo, OkCancel, Ok)
BOOST_DESCRIBE_ENUM(CommandActionResult, Implicit, Yes, Ok, No, Cancel)
BOOST_DESCRIBE_ENUM(ChangePasswordType, Unknown, OldPassword, EMail, Administrator)
BOOST_DESCRIBE_ENUM(PresenceStatus, Unknown, Available, Busy, DoNotDisturb, Away, Offline)
BOOST_DESCRIBE_ENUM(ETableRight, None, Select, R, Update, UR, Insert, RI, URI, Delete, UDR, FULL, Filtering, F, RF, FI,
    RestrictedUpdate, URU, WRITE)
BOOST_DESCRIBE_ENUM(EFieldRight, None, Read, Write, Update, Nullable, UIHintMandatory, UIHintReadOnly, UIHints)
BOOST_DESCRIBE_ENUM(ExternalUserInfoModification, Unknown, UserName, Password, Role, Active, All)

namespace {

template <class E, template <class...> class L, class... D> constexpr auto namesOf(L<D...>*)
{
    std::array<EnumName<E>, sizeof...(D)> list { EnumName<E> { D::value, D::name }... };
    for (std::size_t i = 1; i < list.size(); ++i)
        list[i].alias = list[i].value == list[i - 1].value;
    return list;
}

template <class E> struct Names {
    static constexpr auto list = namesOf<E>(static_cast<boost::describe::describe_enumerators<E>*>(nullptr));
    static_assert(std::is_sorted(list.begin(), list.end(),
                      [](const EnumName<E>& a, const EnumName<E>& b) { return a.value < b.value; }),
        "a described enum's names are listed in ascending value order");
};

template <class E> std::uint64_t bits(E value)
{
    return static_cast<std::uint64_t>(static_cast<std::underlying_type_t<E>>(value));
}

template <class E> const EnumName<E>* exactName(E value)
{
    for (const auto& entry : Names<E>::list)
        if (entry.value == value && !entry.alias)
            return &entry;
    return nullptr;
}

// .NET's Enum.ToString for [Flags]: an exact name if there is one, otherwise the
// largest names that fit, taken greedily, listed in ascending order.
template <class E> std::string flagsToString(E value)
{
    if (const auto* exact = exactName(value))
        return std::string(exact->name);
    const auto& list = Names<E>::list;
    std::uint64_t rest = bits(value);
    std::array<std::string_view, std::size(Names<E>::list)> picked {};
    std::size_t count = 0;
    for (std::size_t i = std::size(list); i-- > 0 && rest != 0;) {
        const std::uint64_t b = bits(list[i].value);
        if (b != 0 && !list[i].alias && (rest & b) == b) {
            rest -= b;
            picked[count++] = list[i].name;
        }
    }
    if (rest != 0)
        return std::to_string(bits(value));
    std::string out;
    for (std::size_t i = count; i-- > 0;) {
        out += picked[i];
        if (i != 0)
            out += ", ";
    }
    return out;
}

template <class E> std::optional<E> singleFromString(std::string_view name) noexcept
{
    name = trim(name);
    for (const auto& entry : Names<E>::list)
        if (iequals(entry.name, name))
            return entry.value;
    // .NET accepts the number as well.
    std::underlying_type_t<E> number {};
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
    if (ec == std::errc {} && end == name.data() + name.size() && !name.empty())
        return static_cast<E>(number);
    return std::nullopt;
}

} // namespace

template <class E> std::span<const EnumName<E>> enumNames() noexcept
{
    return Names<E>::list;
}

template <class E> std::string toString(E value)
{
    if constexpr (Flags<E>) {
        return flagsToString(value);
    } else {
        const auto* exact = exactName(value);
        return exact ? std::string(exact->name) : std::to_string(bits(value));
    }
}

template <class E> std::optional<E> enumFromString(std::string_view text) noexcept
{
    if constexpr (Flags<E>) {
        E mask {}; // no bits (None, or Unknown)
        for (std::string_view part : splitOn(text, ',')) {
            const auto single = singleFromString<E>(part);
            if (!single)
                return std::nullopt;
            mask |= *single;
        }
        return mask;
    } else {
        const auto value = singleFromString<E>(text);
        if (value && !exactName(*value))
            return std::nullopt; // a number that names no value
        return value;
    }
}

#define USERSERVICE_DEFINE_ENUM(E)                                                                                     \
    template USERSERVICE_API std::span<const EnumName<E>> enumNames<E>() noexcept;                                     \
    template USERSERVICE_API std::string toString<E>(E);                                                               \
    template USERSERVICE_API std::optional<E> enumFromString<E>(std::string_view) noexcept;
USERSERVICE_DEFINE_ENUM(UserType)
USERSERVICE_DEFINE_ENUM(RoleType)
USERSERVICE_DEFINE_ENUM(CommandAction)
USERSERVICE_DEFINE_ENUM(CommandActionResult)
USERSERVICE_DEFINE_ENUM(ChangePasswordType)
USERSERVICE_DEFINE_ENUM(PresenceStatus)
USERSERVICE_DEFINE_ENUM(ETableRight)
USERSERVICE_DEFINE_ENUM(EFieldRight)
USERSERVICE_DEFINE_ENUM(ExternalUserInfoModification)
#undef USERSERVICE_DEFINE_ENUM

} // namespace userservice
