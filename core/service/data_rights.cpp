// Data rights: per role, what its internal users may do with the user records of each
// table (data::tables) by how they stand to the record (RoleRelationToOwner). Read and
// changed by holders of admin-roles; every change is recorded in the "list-audit"
// stream (AssociateId 0) with the old and new right. The caller's data rights are read
// with the caller on every call, so a change holds from the next call of any host.
#include "service_impl.hpp"

#include <boost/json.hpp>

namespace userservice {

namespace {

[[noreturn]] void badParameter(const char* name, const std::string& problem)
{
    throw Exception(Error(ErrorKind::BadRequest, std::string(name) + ": " + problem, {}, name));
}

std::size_t tableOf(std::string_view name)
{
    const auto table = data::tableIndex(name);
    if (!table)
        badParameter("tableName",
            "there is no table \"" + std::string(name.substr(0, 64)) + "\" with data rights (associate, credentials)");
    return *table;
}

void checkRelation(RoleRelationToOwner relation)
{
    if (!data::isRelation(relation))
        badParameter("relationToOwner",
            "there is no relation " + std::to_string(static_cast<std::int32_t>(relation)) +
                " (Owner, OwnerGroup, Other)");
}

std::string_view nameOf(RoleRelationToOwner relation)
{
    return data::relations[static_cast<std::size_t>(relation)];
}

} // namespace

RoleRights UserService::Impl::managedRole(store::Session& s, const CallerContext& caller, std::int32_t roleId) const
{
    rightHolder(s, caller, functional::adminRoles);
    auto rights = s.roleRights(roleId);
    if (!rights)
        throw Exception(Error(ErrorKind::NotFound, "there is no role with id " + std::to_string(roleId), {}, "roleId"));
    return std::move(*rights);
}

StringDictionary UserService::Impl::allDataRights(
    const CallerContext& caller, std::int32_t roleId, RoleRelationToOwner relation)
{
    checkRelation(relation);
    const auto rights = store_->read([&](store::Session& s) { return managedRole(s, caller, roleId); }).dataRights;
    StringDictionary out;
    for (std::size_t table = 0; table < data::tables.size(); ++table)
        out.set(data::tables[table], data::format(rights->at(table, relation)));
    return out;
}

StringDictionary UserService::Impl::dataRightsOf(
    const CallerContext& caller, std::int32_t roleId, std::string_view table)
{
    const std::size_t index = tableOf(table);
    const auto rights = store_->read([&](store::Session& s) { return managedRole(s, caller, roleId); }).dataRights;
    StringDictionary out;
    for (std::size_t relation = 0; relation < data::relations.size(); ++relation)
        out.set(data::relations[relation], data::format(rights->bits[index][relation]));
    return out;
}

std::string UserService::Impl::dataRight(
    const CallerContext& caller, std::int32_t roleId, std::string_view table, RoleRelationToOwner relation)
{
    const std::size_t index = tableOf(table);
    checkRelation(relation);
    const auto rights = store_->read([&](store::Session& s) { return managedRole(s, caller, roleId); }).dataRights;
    return data::format(rights->at(index, relation));
}

void UserService::Impl::setDataRight(const CallerContext& caller, std::int32_t roleId, std::string_view table,
    RoleRelationToOwner relation, std::string_view value)
{
    const std::size_t index = tableOf(table);
    checkRelation(relation);
    const auto bits = data::parse(value);
    if (!bits)
        badParameter("dataRightValue",
            "expected letters of \"rpwcd\" (r read, p personal fields, w write, c create, d delete), each at most "
            "once and r with any other, or \"\" for none");
    store_->write([&](store::Session& s) {
        DataRights rights = *managedRole(s, caller, roleId).dataRights;
        auto& slot = rights.bits[index][static_cast<std::size_t>(relation)];
        if (slot == *bits)
            return;
        const std::string before = data::format(slot);
        slot = *bits;
        s.setDataRights(roleId, rights);
        boost::json::object body { { "list", "RoleDataRights" }, { "id", roleId }, { "action", "changed" },
            { "table", data::tables[index] }, { "relation", nameOf(relation) }, { "old", before },
            { "new", data::format(*bits) } };
        s.appendRecord(UserRecord { 0, "list-audit", 0, now(), caller.associateId, boost::json::serialize(body) });
        log(LogLevel::Info,
            "data right " + std::string(data::tables[index]) + "/" + std::string(nameOf(relation)) + " of role " +
                std::to_string(roleId) + " changed by caller " + std::to_string(caller.associateId) +
                elevatedBy(caller));
    });
}

} // namespace userservice
