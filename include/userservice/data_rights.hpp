// Data rights: what a role's (internal) users may do with the user records of each table,
// by how they stand to the record: their own (Owner), a user of their own main group
// (OwnerGroup), anyone else (Other). The README's default policy is DataRights::defaults();
// a role holding the functional right admin-users has every right whatever its data say.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace userservice {

/// How a user stands to the record a data right is about (the WebAPI's RoleRelationToOwner).
enum class RoleRelationToOwner : std::int32_t { Owner = 0, OwnerGroup = 1, Other = 2 };

namespace data {

/// A data right's bits. On the wire a string of letters in this order: r read, p change the
/// personal fields, w write every writable field, c create, d delete; "" (or "-"): none.
enum Bits : std::uint8_t { Read = 1, Personal = 2, Write = 4, Create = 8, Delete = 16 };
inline constexpr std::string_view letters = "rpwcd";
/// The tables: the user record (User and Person) and its secrets (Credentials, RequestSignature).
inline constexpr std::array<std::string_view, 2> tables { "associate", "credentials" };
inline constexpr std::array<std::string_view, 3> relations { "Owner", "OwnerGroup", "Other" };

constexpr bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

/// The bits of a right string; nullopt when malformed (an unknown or repeated letter, or
/// any right without r: a right to change what one may not read is refused).
constexpr std::optional<std::uint8_t> parse(std::string_view text) noexcept
{
    if (text == "-")
        return std::uint8_t { 0 };
    std::uint8_t bits = 0;
    for (const char c : text) {
        const auto at = letters.find(c);
        if (at == std::string_view::npos || (bits & (1u << at)))
            return std::nullopt;
        bits = static_cast<std::uint8_t>(bits | (1u << at));
    }
    if (bits != 0 && !(bits & Read))
        return std::nullopt;
    return bits;
}

/// The canonical string of `bits` ("" for none).
inline std::string format(std::uint8_t bits)
{
    std::string text;
    for (std::size_t i = 0; i < letters.size(); ++i)
        if (bits & (1u << i))
            text += letters[i];
    return text;
}

/// The index of a table name (any case) in `tables`.
constexpr std::optional<std::size_t> tableIndex(std::string_view name) noexcept
{
    for (std::size_t i = 0; i < tables.size(); ++i)
        if (equalsIgnoringCase(tables[i], name))
            return i;
    return std::nullopt;
}

/// A relation by name (any case) or number ("2").
constexpr std::optional<RoleRelationToOwner> relationFromString(std::string_view text) noexcept
{
    for (std::size_t i = 0; i < relations.size(); ++i)
        if (equalsIgnoringCase(relations[i], text) || (text.size() == 1 && text[0] == static_cast<char>('0' + i)))
            return static_cast<RoleRelationToOwner>(i);
    return std::nullopt;
}

constexpr bool isRelation(RoleRelationToOwner relation) noexcept
{
    const auto value = static_cast<std::int32_t>(relation);
    return value >= 0 && value < static_cast<std::int32_t>(relations.size());
}

} // namespace data

/// A role's data rights: bits per table (data::tables) and relation.
struct DataRights {
    std::array<std::array<std::uint8_t, 3>, 2> bits {};

    /// The default policy of internal users: their own record read with its personal fields
    /// changeable, every other user read, and their own secrets (not others') readable.
    static constexpr DataRights defaults() noexcept
    {
        using namespace data;
        return { { { { Read | Personal, Read, Read }, { Read, 0, 0 } } } };
    }
    constexpr std::uint8_t at(std::size_t table, RoleRelationToOwner relation) const noexcept
    {
        return bits[table][static_cast<std::size_t>(relation)];
    }
    friend bool operator==(const DataRights&, const DataRights&) = default;
};

} // namespace userservice
