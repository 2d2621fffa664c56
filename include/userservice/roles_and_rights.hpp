// Roles as entities and the functional and data rights they grant: the User agent's
// role methods, a facet of the service (it holds nothing of its own).
//
//   auto roles = service.rolesAndRights();
//   RoleEntity role = roles.createDefaultRoleEntity(caller);
//   role.name = "Sales";
//   role = roles.saveRoleEntity(caller, role);
//   roles.setDataRight(caller, role.roleId, "associate", RoleRelationToOwner::Other, "r");
//
// A facet is valid while its service lives; it is cheap to copy and safe to use from
// many threads, as the service is.
#pragma once

#include <userservice/user_service.hpp>

namespace userservice {

class USERSERVICE_API RolesAndRights {
public:
    // ---- roles as entities (UserService::addRole() and roles() stay). Read by any signed-in caller (pick
    // lists); changed with admin-roles, each change in "list-audit" (List "Role"). Not cached.

    /// The roles of `roleType` (Unknown: of every type) in rank order as a pick list; retired ones hidden.
    std::vector<SelectableMDOListItem> getAllRoles(const CallerContext& caller, RoleType roleType = RoleType::Unknown);
    Result<std::vector<SelectableMDOListItem>> tryGetAllRoles(
        const CallerContext& caller, RoleType roleType = RoleType::Unknown) noexcept;
    /// The role with this id (retired or not), its texts in the caller's language; nullopt when there is none.
    std::optional<Role> getRole(const CallerContext& caller, std::int32_t roleId);
    Result<std::optional<Role>> tryGetRole(const CallerContext& caller, std::int32_t roleId) noexcept;
    /// The role as stored, with its stamps and authors (their Name where the caller may read it); or nullopt.
    std::optional<RoleEntity> getRoleEntity(const CallerContext& caller, std::int32_t roleEntityId);
    Result<std::optional<RoleEntity>> tryGetRoleEntity(const CallerContext& caller, std::int32_t roleEntityId) noexcept;
    /// Creates the role when RoleId is 0 (Rank 0: after every stored one), else replaces
    /// the stored one's Name, Tooltip, Rank (0: kept), Deleted and UseCategories; the stamps
    /// are the service's. @throws Exception: Validation (Name required, Name and Tooltip at
    /// most 255 characters of UTF-8, RoleType Unknown on a new role), Conflict (another role
    /// has the Name, ignoring case), BadRequest (RoleType differs from the stored one's),
    /// NotFound, Forbidden.
    RoleEntity saveRoleEntity(const CallerContext& caller, const RoleEntity& role);
    Result<RoleEntity> trySaveRoleEntity(const CallerContext& caller, const RoleEntity& role) noexcept;
    /// Deletes a role for good; its users move to `replacingRoleId` in the same transaction.
    /// @throws Exception: NotFound (either role), BadRequest (replacing with itself or a
    /// retired role), Conflict (0 while users hold it, naming how many), Forbidden.
    void deleteRole(const CallerContext& caller, std::int32_t roleIdToDelete, std::int32_t replacingRoleId = 0);
    Result<void> tryDeleteRole(
        const CallerContext& caller, std::int32_t roleIdToDelete, std::int32_t replacingRoleId = 0) noexcept;
    /// A new, unsaved role of `type` (createDefaultRoleEntity(): Employee) ranked last. Validation, Forbidden.
    RoleEntity createDefaultRoleEntity(const CallerContext& caller);
    Result<RoleEntity> tryCreateDefaultRoleEntity(const CallerContext& caller) noexcept;
    RoleEntity createDefaultRoleEntityFromType(const CallerContext& caller, RoleType type);
    Result<RoleEntity> tryCreateDefaultRoleEntityFromType(const CallerContext& caller, RoleType type) noexcept;

    // ---- functional rights (<userservice/functional_rights.hpp>): the catalogue is for any signed-in caller;
    // a role's rights are read and changed with admin-roles, each change recorded in "list-audit" (old, new) and
    // held from the next call. Unknown ids, names, role types: BadRequest naming the parameter; unknown role NotFound.

    /// The catalogue offered to roles of `roleType` (Unknown: every right): Id, Name, ToolTip
    /// (the description), ExtraInfo (the plugin that added it; "" for a built-in).
    std::vector<MDOListItem> getAllFunctionalRights(const CallerContext& caller, RoleType roleType);
    Result<std::vector<MDOListItem>> tryGetAllFunctionalRights(const CallerContext& caller, RoleType roleType) noexcept;
    /// The catalogue's rights the role holds.
    std::vector<MDOListItem> getFunctionalRights(const CallerContext& caller, std::int32_t roleId);
    Result<std::vector<MDOListItem>> tryGetFunctionalRights(const CallerContext& caller, std::int32_t roleId) noexcept;
    /// Replaces the role's rights with these catalogue ids (a loaded plugin's rights can
    /// only be named while it is loaded; those of plugins not loaded stay).
    void setFunctionalRights(
        const CallerContext& caller, std::int32_t roleId, std::span<const std::int32_t> functionalRightIds);
    Result<void> trySetFunctionalRights(
        const CallerContext& caller, std::int32_t roleId, std::span<const std::int32_t> functionalRightIds) noexcept;
    /// The roles holding the right (Id, Name, ToolTip, Deleted, Rank).
    std::vector<MDOListItem> findRolesWithFunctionalRight(const CallerContext& caller, std::string_view name);
    Result<std::vector<MDOListItem>> tryFindRolesWithFunctionalRight(
        const CallerContext& caller, std::string_view name) noexcept;
    /// The ids of the roles holding one or more of the rights.
    std::vector<std::int32_t> findRolesWithFunctionalRights(
        const CallerContext& caller, std::span<const std::string> names);
    Result<std::vector<std::int32_t>> tryFindRolesWithFunctionalRights(
        const CallerContext& caller, std::span<const std::string> names) noexcept;
    /// The ids of the roles holding none of the rights.
    std::vector<std::int32_t> findRolesWithoutFunctionalRights(
        const CallerContext& caller, std::span<const std::string> names);
    Result<std::vector<std::int32_t>> tryFindRolesWithoutFunctionalRights(
        const CallerContext& caller, std::span<const std::string> names) noexcept;

    // ---- data rights (<userservice/data_rights.hpp>): a role's rights on user records by table ("associate",
    // "credentials") and relation to the owner, as strings ("rp"); otherwise like functional rights.

    /// Table name -> right, for one relation.
    StringDictionary getAllDataRights(const CallerContext& caller, std::int32_t roleId, RoleRelationToOwner relation);
    Result<StringDictionary> tryGetAllDataRights(
        const CallerContext& caller, std::int32_t roleId, RoleRelationToOwner relation) noexcept;
    /// Relation name ("Owner", "OwnerGroup", "Other") -> right, for one table.
    StringDictionary getDataRights(const CallerContext& caller, std::int32_t roleId, std::string_view tableName);
    Result<StringDictionary> tryGetDataRights(
        const CallerContext& caller, std::int32_t roleId, std::string_view tableName) noexcept;
    std::string getDataRight(
        const CallerContext& caller, std::int32_t roleId, std::string_view tableName, RoleRelationToOwner relation);
    Result<std::string> tryGetDataRight(const CallerContext& caller, std::int32_t roleId, std::string_view tableName,
        RoleRelationToOwner relation) noexcept;
    void setDataRight(const CallerContext& caller, std::int32_t roleId, std::string_view tableName,
        RoleRelationToOwner relation, std::string_view dataRightValue);
    Result<void> trySetDataRight(const CallerContext& caller, std::int32_t roleId, std::string_view tableName,
        RoleRelationToOwner relation, std::string_view dataRightValue) noexcept;

private:
    friend class UserService;
    explicit RolesAndRights(UserService::Impl& impl) noexcept
        : impl_(&impl)
    {
    }
    UserService::Impl* impl_;
};

} // namespace userservice
