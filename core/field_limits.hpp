// The maximum length of every stored string field, in characters (Unicode code
// points). Validation enforces these numbers and FieldProperties reports them as
// FieldLength, so they live here once. The README lists them.
#pragma once

#include <userservice/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace userservice::detail {

struct FieldLimit {
    std::string_view carrier; ///< wire name of the carrier: "User", "Person", "Credential"
    std::string_view field; ///< wire name of the field
    std::int32_t length;
    /// Whether line breaks and tabs belong in it; no other control character is allowed
    /// anywhere (a NUL would cut comparisons short, and two names would collide).
    bool multiLine = false;
};

inline constexpr FieldLimit fieldLimits[] = {
    { "User", "Name", 50 },
    { "User", "Tooltip", 255, true },
    { "User", "RequestSignature", 255 },
    { "User", "UserName", 254 },
    { "User", "NickName", 50 },
    { "Person", "Position", 50 },
    { "Person", "Mrmrs", 20 },
    { "Person", "Firstname", 50 },
    { "Person", "Lastname", 50 },
    { "Person", "MiddleName", 50 },
    { "Person", "Title", 50 },
    { "Person", "Description", 2000, true },
    { "Person", "Email", 254 },
    { "Person", "DirectPhone", 50 },
    { "Person", "FormalName", 255 },
    { "Person", "ContactName", 255 },
    { "Person", "ContactDepartment", 255 },
    { "Person", "ContactOrgNr", 50 },
    { "Person", "FaxPhone", 50 },
    { "Person", "MobilePhone", 50 },
    { "Person", "ContactPhone", 50 },
    { "Person", "ContactFax", 50 },
    { "Person", "Kanafname", 50 },
    { "Person", "Kanalname", 50 },
    { "Person", "Post1", 255 },
    { "Person", "Post2", 255 },
    { "Person", "Post3", 255 },
    { "Person", "EmailName", 255 },
    { "Person", "ContactFullName", 255 },
    { "Person", "CategoryName", 255 },
    { "Credential", "Value", 1024 }, // a password: long passphrases, but no megabytes to hash
    { "Credential", "DisplayValue", 255 },
};

/// Keys and values of ExtraFields and CustomFields, and how many entries each may hold.
inline constexpr std::int32_t dictionaryKeyLength = 64;
inline constexpr std::int32_t dictionaryValueLength = 2000;
inline constexpr std::size_t dictionaryEntries = json::limits.dictionaryEntries;

/// Why a dictionary of `entries` entries is refused (by the binder, before it is built,
/// and by validation); "" when it may be stored.
inline std::string dictionaryProblem(std::size_t entries)
{
    if (entries <= dictionaryEntries)
        return {};
    return "has " + std::to_string(entries) + " entries; at most " + std::to_string(dictionaryEntries) + " are allowed";
}

/// Whether a stored string field may hold line breaks and tabs.
constexpr bool isMultiLine(std::string_view carrier, std::string_view field) noexcept
{
    for (const auto& limit : fieldLimits)
        if (limit.carrier == carrier && limit.field == field)
            return limit.multiLine;
    return false;
}

/// The limit of a stored string field; 0 for fields a save does not store
/// (derived fields and the reference lists' own texts).
constexpr std::int32_t maxLength(std::string_view carrier, std::string_view field) noexcept
{
    for (const auto& limit : fieldLimits)
        if (limit.carrier == carrier && limit.field == field)
            return limit.length;
    return 0;
}

} // namespace userservice::detail
