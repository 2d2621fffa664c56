#include <userservice/enums.hpp>

#include "text.hpp"

#include <array>
#include <charconv>

namespace userservice {
namespace {

template <class E> struct Names;

template <> struct Names<UserType> {
    static constexpr EnumName<UserType> list[] = {
        { UserType::Unknown, "Unknown" },
        { UserType::InternalAssociate, "InternalAssociate" },
        { UserType::ResourceAssociate, "ResourceAssociate" },
        { UserType::ExternalAssociate, "ExternalAssociate" },
        { UserType::AnonymousAssociate, "AnonymousAssociate" },
        { UserType::SystemAssociate, "SystemAssociate" },
    };
};

template <> struct Names<RoleType> {
    static constexpr EnumName<RoleType> list[] = {
        { RoleType::Unknown, "Unknown" },
        { RoleType::Employee, "Employee" },
        { RoleType::ExternalUser, "ExternalUser" },
        { RoleType::Anonymous, "Anonymous" },
        { RoleType::System, "System" },
    };
};

template <> struct Names<CommandAction> {
    static constexpr EnumName<CommandAction> list[] = {
        { CommandAction::Implicit, "Implicit" },
        { CommandAction::YesNo, "YesNo" },
        { CommandAction::OkCancel, "OkCancel" },
        { CommandAction::Ok, "Ok" },
    };
};

template <> struct Names<CommandActionResult> {
    static constexpr EnumName<CommandActionResult> list[] = {
        { CommandActionResult::Implicit, "Implicit" },
        { CommandActionResult::Yes, "Yes" },
        { CommandActionResult::Ok, "Ok" },
        { CommandActionResult::No, "No" },
        { CommandActionResult::Cancel, "Cancel" },
    };
};

template <> struct Names<ETableRight> {
    using E = ETableRight;
    static constexpr EnumName<E> list[] = {
        { E::None, "None" },
        { E::Select, "Select" },
        { E::R, "R", true },
        { E::Update, "Update" },
        { E::UR, "UR" },
        { E::Insert, "Insert" },
        { E::RI, "RI" },
        { E::URI, "URI" },
        { E::Delete, "Delete" },
        { E::UDR, "UDR" },
        { E::FULL, "FULL" },
        { E::Filtering, "Filtering" },
        { E::F, "F", true },
        { E::RF, "RF" },
        { E::FI, "FI" },
        { E::RestrictedUpdate, "RestrictedUpdate" },
        { E::URU, "URU" },
        { E::WRITE, "WRITE" },
    };
};

template <> struct Names<EFieldRight> {
    using E = EFieldRight;
    static constexpr EnumName<E> list[] = {
        { E::None, "None" },
        { E::Read, "Read" },
        { E::Write, "Write" },
        { E::Update, "Update" },
        { E::Nullable, "Nullable" },
        { E::UIHintMandatory, "UIHintMandatory" },
        { E::UIHintReadOnly, "UIHintReadOnly" },
        { E::UIHints, "UIHints" },
    };
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
        E mask = E::None;
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
USERSERVICE_DEFINE_ENUM(ETableRight)
USERSERVICE_DEFINE_ENUM(EFieldRight)
#undef USERSERVICE_DEFINE_ENUM

} // namespace userservice
