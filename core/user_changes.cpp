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

template <class T> boost::json::value jsonOf(const T& value)
{
    std::string text;
    {
        json::writer::TextWriter out(text);
        json::writer::writeValue(out, value);
    }
    return boost::json::parse(text);
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
