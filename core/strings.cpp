#include "strings.hpp"

#include <array>
#include <utility>

namespace userservice::detail {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> english { {
    { "SR_RIGHTS_NEVER_WRITABLE", "This field is computed by the service and cannot be changed" },
    { "SR_RIGHTS_NOT_USER_ADMIN", "Only user administrators may change users" },
    { "SR_RIGHTS_PERSONAL_FIELDS_ONLY", "On your own user you may change only your personal fields" },
    { "SR_RIGHTS_HIDDEN_FROM_OTHERS", "Only user administrators may see this field of other users" },
    { "SR_RIGHTS_EXTERNAL_READ_ONLY", "External, resource and anonymous users may only read their own user" },
    { "SR_RIGHTS_LIST_ITEM", "List items are changed in their list, not on a user" },
    { "SR_RIGHTS_PARTNER_APP", "User management is not allowed for partner apps" },
    { "SR_RIGHTS_REMOVED_BY_PLUGIN", "A rights plugin has removed this right" },
    { "SR_RIGHTS_DENIED", "Sentry denies access" },
} };

std::string_view lookUp(std::string_view key) noexcept
{
    for (const auto& [name, text] : english)
        if (name == key)
            return text;
    return {};
}

} // namespace

bool translates(std::string_view language) noexcept
{
    return !language.empty() && language != "*" && language != "x";
}

std::string localize(std::string_view text, std::string_view language)
{
    if (!translates(language) || text.find("[SR_") == std::string_view::npos)
        return std::string(text);
    std::string out;
    out.reserve(text.size() * 2);
    while (!text.empty()) {
        const auto open = text.find("[SR_");
        const auto close = open == std::string_view::npos ? open : text.find(']', open);
        if (close == std::string_view::npos) {
            out += text;
            break;
        }
        out += text.substr(0, open);
        const std::string_view key = text.substr(open + 1, close - open - 1);
        const std::string_view translated = lookUp(key);
        out += translated.empty() ? text.substr(open, close - open + 1) : translated;
        text.remove_prefix(close + 1);
    }
    return out;
}

} // namespace userservice::detail
