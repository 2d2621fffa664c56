#include "localization.hpp"

#include <array>
#include <cctype>
#include <optional>
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

/// SuperOffice's language codes of multi-language values, by ISO 639-1 language.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> valueCodes { {
    { "en", "US" },
    { "no", "NO" },
    { "nb", "NO" },
    { "nn", "NO" },
    { "de", "GE" },
    { "sv", "SW" },
    { "da", "DA" },
    { "fi", "FI" },
    { "fr", "FR" },
    { "nl", "NL" },
    { "es", "ES" },
    { "it", "IT" },
} };

/// The value of `NO:"Leverandør";US:"Supplier"` for the language: its own, else
/// English (US), else the first; nullopt when the text is not such a value.
std::optional<std::string_view> pickValue(std::string_view text, std::string_view language)
{
    std::string_view primary = language.substr(0, language.find_first_of("-_"));
    std::string_view wanted;
    for (const auto& [iso, code] : valueCodes)
        if (primary.size() == 2 && std::tolower(primary[0]) == iso[0] && std::tolower(primary[1]) == iso[1])
            wanted = code;
    std::optional<std::string_view> first, english, own;
    while (!text.empty()) {
        // XX:"value"
        if (text.size() < 5 || text[2] != ':' || text[3] != '"' || !std::isupper(static_cast<unsigned char>(text[0])) ||
            !std::isupper(static_cast<unsigned char>(text[1])))
            return std::nullopt;
        const std::string_view code = text.substr(0, 2);
        const auto close = text.find('"', 4);
        if (close == std::string_view::npos)
            return std::nullopt;
        const std::string_view value = text.substr(4, close - 4);
        if (!first)
            first = value;
        if (code == "US")
            english = value;
        if (code == wanted)
            own = value;
        text.remove_prefix(close + 1);
        if (!text.empty()) {
            if (text.front() != ';')
                return std::nullopt;
            text.remove_prefix(1);
        }
    }
    return own ? own : english ? english : first;
}

bool translates(std::string_view language) noexcept
{
    return !language.empty() && language != "*" && language != "x";
}

std::string localize(std::string_view text, std::string_view language, const TextSource* extra)
{
    if (!translates(language))
        return std::string(text);
    if (const auto value = pickValue(text, language))
        return localize(*value, language, extra); // a value may be a string reference itself
    if (text.find("[SR_") == std::string_view::npos)
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
        const std::string_view primary = language.substr(0, language.find_first_of("-_"));
        std::optional<std::string> found = extra && *extra ? (*extra)(key, primary) : std::nullopt;
        if (!found && !lookUp(key).empty())
            found = std::string(lookUp(key));
        if (!found && extra && *extra)
            found = (*extra)(key, "en");
        out += found ? std::string_view(*found) : text.substr(open, close - open + 1);
        text.remove_prefix(close + 1);
    }
    return out;
}

} // namespace userservice::detail
