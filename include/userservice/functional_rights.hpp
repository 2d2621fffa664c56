// Functional rights: named permissions a role grants its users (SuperOffice's
// "FunctionRights" list), such as administering users. The service defines the
// built-in ones below; plugins add their own through plugin::Registrar::functionalRight.
// Each role holds a set of them (GetFunctionalRights, SetFunctionalRights).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace userservice {

namespace functional {
inline constexpr std::string_view adminUsers = "admin-users"; ///< create, change, retire and delete any user
inline constexpr std::string_view adminRoles = "admin-roles"; ///< roles, and their functional and data rights
inline constexpr std::string_view adminGroups = "admin-groups"; ///< user groups: create, rename, retire, delete
inline constexpr std::string_view adminCredentials = "admin-credentials"; ///< credential types, others' passwords
inline constexpr std::string_view issueTokens = "issue-tokens"; ///< API tokens for any user
inline constexpr std::string_view seeRetiredUsers = "see-retired-users"; ///< deleted users' audit records

/// A catalogue entry: its id on the wire (built-ins 1 to 6, plugins' after them in load
/// order, so a plugin's ids are stable only while the same plugins are loaded: store names).
struct Right {
    std::int32_t id = 0;
    std::string name; ///< lowercase letters, digits, '-' and '.'; at most 64 characters
    std::string description;
    std::string owner; ///< "" for a built-in, else the plugin's name
    friend bool operator==(const Right&, const Right&) = default;
};

struct BuiltIn {
    std::string_view name;
    std::string_view description;
};

/// The built-in rights in id order (id = index + 1). A role that had the old
/// `administerUsers` flag holds all of them (schema version 8).
inline constexpr std::array<BuiltIn, 6> builtIns { {
    { adminUsers, "Create, change, retire and delete any user" },
    { adminRoles, "Manage roles and their functional and data rights" },
    { adminGroups, "Create, rename, retire and delete user groups" },
    { adminCredentials, "Manage credential types and other users' passwords" },
    { issueTokens, "Issue and revoke API tokens for any user" },
    { seeRetiredUsers, "Read the audit records of deleted users" },
} };

/// Whether `name` is one of the built-in rights.
constexpr bool isBuiltIn(std::string_view name) noexcept
{
    for (const auto& right : builtIns)
        if (right.name == name)
            return true;
    return false;
}

/// Why `name` cannot be a functional right's name, or "" when it can.
constexpr std::string_view nameProblem(std::string_view name) noexcept
{
    if (name.empty() || name.size() > 64)
        return "must be 1 to 64 characters";
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return "may hold only lowercase letters, digits, '-' and '.'";
    return {};
}
} // namespace functional

} // namespace userservice
