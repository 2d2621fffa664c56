// Field rights ("Sentry"): what a caller may do with a user record and with each
// of its fields. The engine is pure (no I/O): from the caller and the stored
// target user it computes the TableRight and FieldProperties of the User carrier
// and of every carrier inside it. The UserService applies them on every path:
// unreadable fields come back blank, and a change to an unwritable field is
// refused. The default policy is a table in the README.
#pragma once

#include <userservice/carriers.hpp>
#include <userservice/data_rights.hpp>
#include <userservice/export.hpp>
#include <userservice/functional_rights.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace userservice {

/// What a role lets its holders do beyond what their user type allows: its functional
/// rights (names from <userservice/functional_rights.hpp>, or a plugin's).
struct RoleRights {
    /// A shorthand when creating a role (addRole) or a Principal by hand: holds every
    /// built-in right (what the one flag of old meant). Stored roles read back with it
    /// false and their rights listed in functionalRights.
    bool administerUsers = false;
    std::vector<std::string> functionalRights; ///< sorted, no duplicates
    /// What its internal users may do with user records; nullopt: DataRights::defaults().
    std::optional<DataRights> dataRights;

    /// Whether the role grants the functional right `name`.
    bool has(std::string_view name) const noexcept
    {
        if (administerUsers)
            for (const auto& builtIn : functional::builtIns)
                if (builtIn.name == name)
                    return true;
        return std::binary_search(functionalRights.begin(), functionalRights.end(), name, std::less<>());
    }
    /// Every right the role grants, sorted (the shorthand spelled out).
    std::vector<std::string> names() const
    {
        std::vector<std::string> out = functionalRights;
        if (administerUsers)
            for (const auto& builtIn : functional::builtIns)
                out.emplace_back(builtIn.name);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    friend bool operator==(const RoleRights&, const RoleRights&) = default;
};

/// The caller as the rights engine sees it (the service resolves it from the
/// CallerContext and the caller's stored user and role).
struct Principal {
    std::int32_t associateId = 0;
    UserType type = UserType::SystemAssociate;
    RoleType roleType = RoleType::Unknown;
    RoleRights roleRights;
    std::int32_t groupId = 0; ///< the caller's main group: whose users are OwnerGroup to it

    /// System users and holders of a System role are not governed by rights.
    bool isSystem() const noexcept { return type == UserType::SystemAssociate || roleType == RoleType::System; }
    /// Whether the caller holds functional right `name` (the system holds them all).
    bool holds(std::string_view name) const noexcept { return isSystem() || roleRights.has(name); }
    friend bool operator==(const Principal&, const Principal&) = default;
};

/// The rights on one kind of carrier: its table right and a FieldProperty per field,
/// in the carrier's wire order, as the wire carries them.
struct USERSERVICE_API CarrierRights {
    TableRight table;
    FieldProperties fields;

    /// The mask of one field (by wire name); None for a name the carrier does not have.
    EFieldRight mask(std::string_view field) const noexcept;
    bool canRead(std::string_view field) const noexcept;
    bool canWrite(std::string_view field) const noexcept;
    friend bool operator==(const CarrierRights&, const CarrierRights&) = default;
};

/// The rights a caller holds on one user and on the carriers inside it.
struct UserRights {
    CarrierRights user;
    CarrierRights person;
    CarrierRights credential;
    CarrierRights credentialType; ///< the Type inside each credential
    CarrierRights role;
    CarrierRights userGroup; ///< the main group and each of OtherGroups
    CarrierRights ticketCategory; ///< each of TicketCategories
    CarrierRights licenseOwner;
    CarrierRights moduleLicense; ///< each module licence link
    friend bool operator==(const UserRights&, const UserRights&) = default;
};

/// A rights plugin's hook: it may take rights away from `rights`. Whatever it
/// returns, the engine keeps the lowest common denominator of its answer and the
/// policy's (a modifier can add UI deny hints, never Read, Write or a table right).
/// `target` is the stored user, or nullptr for a user being created.
using RightsModifier = std::function<void(const Principal& caller, const User* target, UserRights& rights)>;

/// The default policy's rights of `caller` on `target` (nullptr: a new user),
/// narrowed by `modifiers` in order. Reasons are string references ("[SR_…]");
/// see localize() in the service for their text.
USERSERVICE_API UserRights computeRights(
    const Principal& caller, const User* target, std::span<const RightsModifier> modifiers = {});

} // namespace userservice
