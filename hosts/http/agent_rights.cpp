// The User agent. Roles' functional rights: the catalogue (any signed-in caller), a
// role's set and the roles holding rights; and roles' data rights by table and relation
// to the owner (holders of admin-roles).
#include "call.hpp"

#include <boost/json.hpp>

#include <array>

namespace userservice::http {
namespace {

std::string_view view(const boost::json::string& text)
{
    return { text.data(), text.size() };
}

/// Splits a query value "a,b" (a list cannot be JSON in a query string).
std::vector<std::string> commaSeparated(std::string_view text)
{
    std::vector<std::string> parts;
    while (!text.empty()) {
        const auto comma = text.find(',');
        if (comma != 0)
            parts.emplace_back(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return parts;
}

[[noreturn]] void badList(std::string_view name, std::string_view expected)
{
    throw Exception(
        Error(ErrorKind::BadRequest, std::string(name) + ": expected " + std::string(expected), {}, std::string(name)));
}

/// Names: a JSON array of strings, or one comma-separated string (the query's form).
std::vector<std::string> nameListParam(const Call& call, std::string_view name)
{
    const auto value = call.param(name);
    if (!value)
        badList(name, "an array of functional right names");
    if (const auto* text = value->if_string())
        return commaSeparated(view(*text));
    const auto* array = value->if_array();
    if (!array)
        badList(name, "an array of functional right names");
    std::vector<std::string> names;
    for (const auto& item : *array) {
        if (!item.is_string())
            badList(name, "an array of strings");
        names.emplace_back(view(item.get_string()));
    }
    return names;
}

/// Ids: a JSON array (idListParam), or one comma-separated string (the query's form).
std::vector<std::int32_t> rightIdsParam(const Call& call, std::string_view name)
{
    const auto value = call.param(name);
    if (!value || !value->is_string())
        return call.idListParam(name);
    std::vector<std::int32_t> ids;
    for (const auto& part : commaSeparated(view(value->get_string())))
        ids.push_back(Call::parseId(part, name));
    return ids;
}

std::string idsJson(const std::vector<std::int32_t>& ids)
{
    return boost::json::serialize(boost::json::value_from(ids));
}

Response getAllFunctionalRights(const Call& call)
{
    const auto roleType = call.enumParam<RoleType>("roleType").value_or(RoleType::Unknown);
    return call.ok(toJson(call.service.rolesAndRights().getAllFunctionalRights(call.caller, roleType)));
}

Response getFunctionalRights(const Call& call)
{
    return call.ok(toJson(call.service.rolesAndRights().getFunctionalRights(call.caller, call.idParam("roleId"))));
}

Response setFunctionalRights(const Call& call)
{
    const std::int32_t roleId = call.idParam("roleId");
    call.service.rolesAndRights().setFunctionalRights(call.caller, roleId, rightIdsParam(call, "functionalRightIds"));
    return call.noContent();
}

Response findRolesWithFunctionalRight(const Call& call)
{
    return call.ok(toJson(call.service.rolesAndRights().findRolesWithFunctionalRight(
        call.caller, call.requiredText("functionalRightName"))));
}

Response findRolesWithFunctionalRights(const Call& call)
{
    return call.ok(idsJson(call.service.rolesAndRights().findRolesWithFunctionalRights(
        call.caller, nameListParam(call, "functionalRightNames"))));
}

Response findRolesWithoutFunctionalRights(const Call& call)
{
    return call.ok(idsJson(call.service.rolesAndRights().findRolesWithoutFunctionalRights(
        call.caller, nameListParam(call, "functionalRightNames"))));
}

/// A RoleRelationToOwner by name ("OwnerGroup", any case) or number.
RoleRelationToOwner relationParam(const Call& call)
{
    const auto value = call.param("relationToOwner");
    std::optional<RoleRelationToOwner> relation;
    if (value && value->is_string())
        relation = data::relationFromString(view(value->get_string()));
    else if (value && value->is_int64() && value->get_int64() >= 0 && value->get_int64() < 3)
        relation = static_cast<RoleRelationToOwner>(value->get_int64());
    if (!relation)
        badList("relationToOwner", "one of Owner, OwnerGroup, Other");
    return *relation;
}

std::string dictionaryJson(const StringDictionary& rights)
{
    boost::json::object out;
    for (const auto& [name, right] : rights)
        out[name] = right;
    return boost::json::serialize(out);
}

Response getAllDataRights(const Call& call)
{
    const std::int32_t roleId = call.idParam("roleId");
    return call.ok(
        dictionaryJson(call.service.rolesAndRights().getAllDataRights(call.caller, roleId, relationParam(call))));
}

Response getDataRights(const Call& call)
{
    const std::int32_t roleId = call.idParam("roleId");
    return call.ok(dictionaryJson(
        call.service.rolesAndRights().getDataRights(call.caller, roleId, call.requiredText("tableName"))));
}

Response getDataRight(const Call& call)
{
    const std::int32_t roleId = call.idParam("roleId");
    const std::string table = call.requiredText("tableName");
    return call.ok(boost::json::serialize(boost::json::value(
        call.service.rolesAndRights().getDataRight(call.caller, roleId, table, relationParam(call)))));
}

Response setDataRight(const Call& call)
{
    const std::int32_t roleId = call.idParam("roleId");
    const std::string table = call.requiredText("tableName");
    const auto relation = relationParam(call);
    const auto value = call.textParam("dataRightValue");
    if (!value)
        badList("dataRightValue", "a right string such as \"rp\" (\"\" for none)");
    call.service.rolesAndRights().setDataRight(call.caller, roleId, table, relation, *value);
    return call.noContent();
}

constexpr std::array<AgentMethod, 10> methods { {
    { "GetAllFunctionalRights", getAllFunctionalRights },
    { "GetFunctionalRights", getFunctionalRights },
    { "SetFunctionalRights", setFunctionalRights },
    { "FindRolesWithFunctionalRight", findRolesWithFunctionalRight },
    { "FindRolesWithFunctionalRights", findRolesWithFunctionalRights },
    { "FindRolesWithoutFunctionalRights", findRolesWithoutFunctionalRights },
    { "GetAllDataRights", getAllDataRights },
    { "GetDataRights", getDataRights },
    { "GetDataRight", getDataRight },
    { "SetDataRight", setDataRight },
} };

} // namespace

std::span<const AgentMethod> rightsMethods()
{
    return methods;
}

} // namespace userservice::http
