// The User agent. Roles' functional rights: the catalogue (any signed-in caller), a
// role's set and the roles holding rights (holders of admin-roles).
#include "call.hpp"

#include <array>

namespace userservice::http {
namespace {

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
    throw Exception(Error(ErrorKind::BadRequest, std::string(name) + ": expected " + std::string(expected), {},
        std::string(name)));
}

/// Names: a JSON array of strings, or one comma-separated string (the query's form).
std::vector<std::string> nameListParam(const Call& call, std::string_view name)
{
    const auto value = call.param(name);
    if (!value)
        badList(name, "an array of functional right names");
    if (const auto* text = value->if_string())
        return commaSeparated(*text);
    const auto* array = value->if_array();
    if (!array)
        badList(name, "an array of functional right names");
    std::vector<std::string> names;
    for (const auto& item : *array) {
        if (!item.is_string())
            badList(name, "an array of strings");
        names.emplace_back(item.get_string());
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
    for (const auto& part : commaSeparated(value->get_string()))
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
    return call.ok(toJson(call.service.getAllFunctionalRights(call.caller, roleType)));
}

Response getFunctionalRights(const Call& call)
{
    return call.ok(toJson(call.service.getFunctionalRights(call.caller, call.idParam("roleId"))));
}

Response setFunctionalRights(const Call& call)
{
    const std::int32_t roleId = call.idParam("roleId");
    call.service.setFunctionalRights(call.caller, roleId, rightIdsParam(call, "functionalRightIds"));
    return call.noContent();
}

Response findRolesWithFunctionalRight(const Call& call)
{
    return call.ok(
        toJson(call.service.findRolesWithFunctionalRight(call.caller, call.requiredText("functionalRightName"))));
}

Response findRolesWithFunctionalRights(const Call& call)
{
    return call.ok(
        idsJson(call.service.findRolesWithFunctionalRights(call.caller, nameListParam(call, "functionalRightNames"))));
}

Response findRolesWithoutFunctionalRights(const Call& call)
{
    return call.ok(idsJson(
        call.service.findRolesWithoutFunctionalRights(call.caller, nameListParam(call, "functionalRightNames"))));
}

constexpr std::array<AgentMethod, 6> methods { {
    { "GetAllFunctionalRights", getAllFunctionalRights },
    { "GetFunctionalRights", getFunctionalRights },
    { "SetFunctionalRights", setFunctionalRights },
    { "FindRolesWithFunctionalRight", findRolesWithFunctionalRight },
    { "FindRolesWithFunctionalRights", findRolesWithFunctionalRights },
    { "FindRolesWithoutFunctionalRights", findRolesWithoutFunctionalRights },
} };

} // namespace

std::span<const AgentMethod> rightsMethods()
{
    return methods;
}

} // namespace userservice::http
