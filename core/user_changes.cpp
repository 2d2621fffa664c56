#include <userservice/user_changes.hpp>

#include "json_writer.hpp"

#include <boost/json/parse.hpp>

#include <type_traits>

namespace userservice {
namespace {

bool isOutputOnly(std::string_view field)
{
    return field == "TableRight" || field == "FieldProperties" || field == "PostSaveCommands";
}

/// The field's JSON form, as the wire writes it: scalars built directly (a changed field is
/// mostly one), lists, maps and carriers through their JSON text.
template <class T> boost::json::value jsonOf(const T& value)
{
    if constexpr (detail::IsOptional<T>::value) {
        return value ? jsonOf(*value) : boost::json::value(nullptr);
    } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> || std::is_same_v<T, std::int32_t>) {
        return boost::json::value(value);
    } else if constexpr (std::is_enum_v<T>) {
        return boost::json::value(toString(value));
    } else if constexpr (std::is_same_v<T, DateTime>) {
        char text[DateTime::maxTextLength];
        return boost::json::value(boost::json::string_view(text, value.format(text) - text));
    } else {
        std::string text;
        {
            json::writer::TextWriter out(text);
            json::writer::writeValue(out, value);
        }
        return boost::json::parse(text);
    }
}

template <detail::Carrier C>
void collect(const C& before, const C& after, const std::string& path, std::vector<FieldChange>& out)
{
    detail::forEachField<C>([&](const auto& field) {
        if (isOutputOnly(field.name))
            return;
        const auto& old = before.*field.member;
        const auto& now = after.*field.member;
        if (old == now)
            return;
        std::string name = path + std::string(field.name);
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(now)>, std::optional<Person>>) {
            if (old && now)
                return collect(*old, *now, name + ".", out);
        }
        out.push_back({ std::move(name), jsonOf(old), jsonOf(now) });
    });
}

} // namespace

std::vector<FieldChange> userChanges(const User& before, const User& after)
{
    std::vector<FieldChange> out;
    collect(before, after, "User.", out);
    return out;
}

} // namespace userservice
