#include <userservice/select.hpp>

#include "ascii.hpp"
#include "capture.hpp"
#include "carrier_fields.hpp"
#include "type_traits.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <string>
#include <utility>

namespace userservice {
namespace {

using detail::Carrier;
using detail::CarrierInfo;

using Segments = std::span<const std::string_view>;

/// The problems of one $select text, gathered to be reported together.
class Problems {
public:
    void unknown(std::string_view path) { errors_.push_back({ std::string(path), std::string(unknownField) }); }
    void add(std::string_view path, std::string problem)
    {
        errors_.push_back({ std::string(path), std::move(problem) });
    }

    /// `$select: unknown field(s) "a", "b"; "name/x": Name has no fields`
    std::optional<Error> error() &&
    {
        if (errors_.empty())
            return std::nullopt;
        std::string unknown, others;
        for (const auto& [path, problem] : errors_) {
            const std::string quoted = '"' + path + '"';
            if (problem == unknownField)
                unknown += (unknown.empty() ? "unknown field(s) " : ", ") + quoted;
            else
                others += (others.empty() ? "" : "; ") + quoted + ": " + problem;
        }
        std::string message = "$select: " + unknown + (unknown.empty() || others.empty() ? "" : "; ") + others;
        return Error(ErrorKind::BadRequest, std::move(message), std::move(errors_), "$select");
    }

private:
    static constexpr std::string_view unknownField = "unknown field";
    std::vector<FieldError> errors_;
};

/// Calls f on every value inside `value`'s optional and vector wrappers.
template <class T, class F> void forEachUnwrapped(T& value, F&& f)
{
    if constexpr (detail::IsOptional<T>::value) {
        if (value)
            forEachUnwrapped(*value, f);
    } else if constexpr (detail::IsVector<T>::value) {
        for (auto& item : value)
            forEachUnwrapped(item, f);
    } else {
        f(value);
    }
}

template <class C, std::size_t I>
using MemberAt = std::remove_reference_t<decltype(std::declval<C&>().*std::get<I>(CarrierInfo<C>::fields).member)>;

} // namespace

// A friend of Select rather than a member, so that it stays hidden like the rest.
struct detail::SelectAccess {
    using Node = Select::Node;
    using Nodes = std::vector<Node>;

    /// Records field `index` in `selected`, whole when `whole`. Returns the list that
    /// takes what is selected inside the field, or null when the field is kept whole
    /// (by this path or an earlier one), or when `selected` itself is null.
    static Nodes* record(Nodes* selected, std::size_t index, bool whole)
    {
        if (!selected)
            return nullptr;
        const auto field = static_cast<std::uint16_t>(index);
        auto at = std::lower_bound(selected->begin(), selected->end(), field,
            [](const Node& node, std::uint16_t f) { return node.field < f; });
        const bool existed = at != selected->end() && at->field == field;
        if (!existed)
            at = selected->insert(at, Node { field, {} });
        if (whole) {
            at->children.clear();
            return nullptr;
        }
        if (existed && at->children.empty())
            return nullptr;
        return &at->children;
    }

    /// Adds the path `segments` (none of them empty) of carrier C to `selected`, which is null
    /// when an enclosing field is already kept whole: the names are still checked.
    template <Carrier C>
    static void addPath(Segments segments, Nodes* selected, std::string_view path, Problems& problems)
    {
        constexpr std::size_t count = detail::fieldCount<C>;
        static_assert(count <= std::numeric_limits<std::uint16_t>::max());
        using Descend = void (*)(Segments, Nodes*, std::string_view, Problems&);
        static constexpr auto names = []<std::size_t... I>(std::index_sequence<I...>)
        {
            return std::array<std::string_view, count> { std::get<I>(CarrierInfo<C>::fields).name... };
        }
        (std::make_index_sequence<count> {});
        static constexpr auto descend = []<std::size_t... I>(std::index_sequence<I...>)
        {
            return std::array<Descend, count> { +[](Segments rest, Nodes* inside, std::string_view p, Problems& ps) {
                using Inner = detail::UnwrappedT<MemberAt<C, I>>;
                if constexpr (Carrier<Inner>)
                    addPath<Inner>(rest, inside, p, ps);
                else
                    ps.add(p, std::string(std::get<I>(CarrierInfo<C>::fields).name) + " has no fields");
            }... };
        }
        (std::make_index_sequence<count> {});

        const std::string_view name = segments.front();
        const auto found =
            std::find_if(names.begin(), names.end(), [&](std::string_view n) { return iequals(n, name); });
        if (found == names.end())
            return problems.unknown(path);
        const auto index = static_cast<std::size_t>(found - names.begin());
        const bool last = segments.size() == 1;
        Nodes* inside = record(selected, index, last);
        if (!last)
            descend[index](segments.subspan(1), inside, path, problems);
    }

    /// Resets the fields of `carrier` that `selected` (not empty) does not name.
    template <Carrier C> static void project(C& carrier, const Nodes& selected)
    {
        constexpr std::size_t count = detail::fieldCount<C>;
        using Apply = void (*)(C&, const Node*, const C&);
        static constexpr auto apply = []<std::size_t... I>(std::index_sequence<I...>)
        {
            return std::array<Apply, count> { +[](C& c, const Node* node, const C& blank) {
                constexpr auto member = std::get<I>(CarrierInfo<C>::fields).member;
                using Inner = detail::UnwrappedT<MemberAt<C, I>>;
                if (!node) {
                    c.*member = blank.*member;
                } else if constexpr (Carrier<Inner>) {
                    if (!node->children.empty())
                        forEachUnwrapped(c.*member, [&](Inner& inner) { project(inner, node->children); });
                }
            }... };
        }
        (std::make_index_sequence<count> {});
        static const C blank {}; // the default of every field

        auto next = selected.begin();
        for (std::size_t i = 0; i < count; ++i) {
            const Node* node = next != selected.end() && next->field == i ? &*next++ : nullptr;
            apply[i](carrier, node, blank);
        }
    }
};

Select Select::parse(std::string_view text)
{
    Select select;
    Problems problems;
    for (const std::string_view part : splitOn(text, ',')) {
        if (part.empty())
            continue;
        const auto segments = splitOn(part, '/');
        if (std::ranges::find(segments, std::string_view()) != segments.end())
            problems.add(part, "empty field name");
        else
            detail::SelectAccess::addPath<User>(segments, &select.fields_, part, problems);
    }
    if (auto error = std::move(problems).error())
        throw Exception(std::move(*error));
    return select;
}

Result<Select> Select::tryParse(std::string_view text) noexcept
{
    return detail::captureErrors([&] { return parse(text); });
}

void Select::apply(User& user) const
{
    if (!fields_.empty())
        detail::SelectAccess::project(user, fields_);
}

} // namespace userservice
