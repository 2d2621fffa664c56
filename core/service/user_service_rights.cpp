// The public face for functional and data rights: every call forwards (functional_rights.cpp,
// data_rights.cpp); the try… twins capture its errors.
#include <userservice/roles_and_rights.hpp>

#include "../capture.hpp"
#include "service_impl.hpp"

namespace userservice {

using detail::captureErrors;

std::vector<MDOListItem> RolesAndRights::getAllFunctionalRights(const CallerContext& caller, RoleType roleType)
{
    return impl_->allFunctionalRights(caller, roleType);
}

Result<std::vector<MDOListItem>> RolesAndRights::tryGetAllFunctionalRights(
    const CallerContext& caller, RoleType roleType) noexcept
{
    return captureErrors([&] { return getAllFunctionalRights(caller, roleType); });
}

std::vector<MDOListItem> RolesAndRights::getFunctionalRights(const CallerContext& caller, std::int32_t roleId)
{
    return impl_->functionalRightsOf(caller, roleId);
}

Result<std::vector<MDOListItem>> RolesAndRights::tryGetFunctionalRights(
    const CallerContext& caller, std::int32_t roleId) noexcept
{
    return captureErrors([&] { return getFunctionalRights(caller, roleId); });
}

void RolesAndRights::setFunctionalRights(
    const CallerContext& caller, std::int32_t roleId, std::span<const std::int32_t> functionalRightIds)
{
    impl_->setFunctionalRights(caller, roleId, functionalRightIds);
}

Result<void> RolesAndRights::trySetFunctionalRights(
    const CallerContext& caller, std::int32_t roleId, std::span<const std::int32_t> functionalRightIds) noexcept
{
    return captureErrors([&] { setFunctionalRights(caller, roleId, functionalRightIds); });
}

std::vector<MDOListItem> RolesAndRights::findRolesWithFunctionalRight(
    const CallerContext& caller, std::string_view name)
{
    return impl_->rolesWithFunctionalRight(caller, name);
}

Result<std::vector<MDOListItem>> RolesAndRights::tryFindRolesWithFunctionalRight(
    const CallerContext& caller, std::string_view name) noexcept
{
    return captureErrors([&] { return findRolesWithFunctionalRight(caller, name); });
}

std::vector<std::int32_t> RolesAndRights::findRolesWithFunctionalRights(
    const CallerContext& caller, std::span<const std::string> names)
{
    return impl_->rolesByFunctionalRights(caller, names, true, "functionalRightNames");
}

Result<std::vector<std::int32_t>> RolesAndRights::tryFindRolesWithFunctionalRights(
    const CallerContext& caller, std::span<const std::string> names) noexcept
{
    return captureErrors([&] { return findRolesWithFunctionalRights(caller, names); });
}

std::vector<std::int32_t> RolesAndRights::findRolesWithoutFunctionalRights(
    const CallerContext& caller, std::span<const std::string> names)
{
    return impl_->rolesByFunctionalRights(caller, names, false, "functionalRightNames");
}

Result<std::vector<std::int32_t>> RolesAndRights::tryFindRolesWithoutFunctionalRights(
    const CallerContext& caller, std::span<const std::string> names) noexcept
{
    return captureErrors([&] { return findRolesWithoutFunctionalRights(caller, names); });
}

StringDictionary RolesAndRights::getAllDataRights(
    const CallerContext& caller, std::int32_t roleId, RoleRelationToOwner relation)
{
    return impl_->allDataRights(caller, roleId, relation);
}

Result<StringDictionary> RolesAndRights::tryGetAllDataRights(
    const CallerContext& caller, std::int32_t roleId, RoleRelationToOwner relation) noexcept
{
    return captureErrors([&] { return getAllDataRights(caller, roleId, relation); });
}

StringDictionary RolesAndRights::getDataRights(
    const CallerContext& caller, std::int32_t roleId, std::string_view tableName)
{
    return impl_->dataRightsOf(caller, roleId, tableName);
}

Result<StringDictionary> RolesAndRights::tryGetDataRights(
    const CallerContext& caller, std::int32_t roleId, std::string_view tableName) noexcept
{
    return captureErrors([&] { return getDataRights(caller, roleId, tableName); });
}

std::string RolesAndRights::getDataRight(
    const CallerContext& caller, std::int32_t roleId, std::string_view tableName, RoleRelationToOwner relation)
{
    return impl_->dataRight(caller, roleId, tableName, relation);
}

Result<std::string> RolesAndRights::tryGetDataRight(
    const CallerContext& caller, std::int32_t roleId, std::string_view tableName, RoleRelationToOwner relation) noexcept
{
    return captureErrors([&] { return getDataRight(caller, roleId, tableName, relation); });
}

void RolesAndRights::setDataRight(const CallerContext& caller, std::int32_t roleId, std::string_view tableName,
    RoleRelationToOwner relation, std::string_view dataRightValue)
{
    impl_->setDataRight(caller, roleId, tableName, relation, dataRightValue);
}

Result<void> RolesAndRights::trySetDataRight(const CallerContext& caller, std::int32_t roleId,
    std::string_view tableName, RoleRelationToOwner relation, std::string_view dataRightValue) noexcept
{
    return captureErrors([&] { setDataRight(caller, roleId, tableName, relation, dataRightValue); });
}

} // namespace userservice
