// Roles' functional rights over HTTP: GetAllFunctionalRights, GetFunctionalRights,
// SetFunctionalRights, FindRolesWithFunctionalRight(s), FindRolesWithoutFunctionalRights,
// each every way (query, camelCase and PascalCase bodies); callers who may not, bad
// input; a right removed through the API is gone on the user's next call.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class RightsHost : public HttpHost {
protected:
    static std::vector<std::string> names(const bj::value& items)
    {
        std::vector<std::string> out;
        for (const auto& item : items.as_array())
            out.emplace_back(item.at("Name").as_string());
        return out;
    }
};

TEST_F(RightsHost, EveryMethodEveryWay)
{
    const auto employeeRole = t.employee.roleId;
    const auto adminRole = t.administrator.roleId;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto all = agentAsJdoe("GetAllFunctionalRights", { { "roleType", "Employee" } }, way);
        ASSERT_EQ(all.status, 200u) << all.body;
        ASSERT_EQ(all.json().as_array().size(), 6u);
        EXPECT_EQ(all.json().at(0).at("Id"), 1);
        EXPECT_EQ(all.json().at(0).at("Name"), "admin-users");

        const auto set = agentAsAdmin(
            "SetFunctionalRights", { { "roleId", employeeRole }, { "functionalRightIds", bj::array { 5, 3 } } }, way);
        ASSERT_EQ(set.status, 204u) << set.body;
        const auto held = agentAsAdmin("GetFunctionalRights", { { "roleId", employeeRole } }, way);
        ASSERT_EQ(held.status, 200u) << held.body;
        EXPECT_EQ(names(held.json()), (std::vector<std::string> { "admin-groups", "issue-tokens" }));

        const auto with =
            agentAsAdmin("FindRolesWithFunctionalRight", { { "functionalRightName", "issue-tokens" } }, way);
        ASSERT_EQ(with.status, 200u) << with.body;
        EXPECT_EQ(names(with.json()), (std::vector<std::string> { "Employee", "User administrator" }));
        const auto some = agentAsAdmin(
            "FindRolesWithFunctionalRights", { { "functionalRightNames", bj::array { "admin-users" } } }, way);
        ASSERT_EQ(some.status, 200u) << some.body;
        EXPECT_EQ(some.json(), (bj::array { adminRole }));
        const auto without = agentAsAdmin(
            "FindRolesWithoutFunctionalRights", { { "functionalRightNames", bj::array { "admin-users" } } }, way);
        ASSERT_EQ(without.status, 200u) << without.body;
        EXPECT_EQ(without.json(), (bj::array { employeeRole }));
        EXPECT_EQ(agentAsAdmin("SetFunctionalRights",
                      { { "roleId", employeeRole }, { "functionalRightIds", bj::array {} } }, way)
                      .status,
            204u);
    }
    // Lists in a query string: comma-separated.
    const auto query = asAdmin(beast_http::verb::post,
        "/api/v1/Agents/User/FindRolesWithoutFunctionalRights?functionalRightNames=admin-users,issue-tokens");
    ASSERT_EQ(query.status, 200u) << query.body;
    EXPECT_EQ(query.json(), (bj::array { employeeRole }));
}

TEST_F(RightsHost, OnlyHoldersOfAdminRolesReadOrChangeARolesRights)
{
    const auto role = t.employee.roleId;
    EXPECT_EQ(agentAsJdoe("GetFunctionalRights", { { "roleId", role } }).status, 403u);
    EXPECT_EQ(
        agentAsJdoe("SetFunctionalRights", { { "roleId", role }, { "functionalRightIds", bj::array { 1 } } }).status,
        403u);
    EXPECT_EQ(agentAsJdoe("FindRolesWithFunctionalRight", { { "functionalRightName", "admin-users" } }).status, 403u);
    EXPECT_EQ(agentAsJdoe("FindRolesWithFunctionalRights", { { "functionalRightNames", bj::array { "admin-users" } } })
                  .status,
        403u);
    EXPECT_EQ(
        agentAsJdoe("FindRolesWithoutFunctionalRights", { { "functionalRightNames", bj::array { "admin-users" } } })
            .status,
        403u);
    EXPECT_TRUE(t.service.rolesAndRights().getFunctionalRights(t.system(), role).empty());
    const auto anonymous = client->send(beast_http::verb::post, "/api/v1/Agents/User/GetAllFunctionalRights", "");
    EXPECT_EQ(anonymous.status, 401u);
}

TEST_F(RightsHost, BadInputIsA400NamingTheParameter)
{
    const auto role = t.employee.roleId;
    const auto expect400 = [](const Reply& reply, std::string_view name) {
        EXPECT_EQ(reply.status, 400u) << reply.body;
        EXPECT_NE(reply.body.find(name), std::string::npos) << reply.body;
    };
    expect400(agentAsAdmin("GetAllFunctionalRights", { { "roleType", "Robot" } }), "roleType");
    expect400(agentAsAdmin("GetFunctionalRights", {}), "roleId");
    expect400(agentAsAdmin("GetFunctionalRights", { { "roleId", "x" } }, Way::Query), "roleId");
    expect400(
        agentAsAdmin("SetFunctionalRights", { { "roleId", role }, { "functionalRightIds", bj::array { 1, 99 } } }),
        "functionalRightIds");
    expect400(
        agentAsAdmin("SetFunctionalRights", { { "roleId", role }, { "functionalRightIds", bj::array { "one" } } }),
        "functionalRightIds");
    expect400(agentAsAdmin("SetFunctionalRights", { { "roleId", role } }), "functionalRightIds");
    expect400(
        agentAsAdmin("FindRolesWithFunctionalRight", { { "functionalRightName", "nope" } }), "functionalRightName");
    expect400(agentAsAdmin("FindRolesWithFunctionalRight", {}), "functionalRightName");
    expect400(agentAsAdmin("FindRolesWithFunctionalRights", { { "functionalRightNames", bj::array { 1 } } }),
        "functionalRightNames");
    expect400(agentAsAdmin("FindRolesWithoutFunctionalRights", { { "functionalRightNames", bj::array { "nope" } } }),
        "functionalRightNames");
    const auto unknownRole =
        agentAsAdmin("SetFunctionalRights", { { "roleId", 999 }, { "functionalRightIds", bj::array { 1 } } });
    EXPECT_EQ(unknownRole.status, 404u) << unknownRole.body;
    EXPECT_TRUE(t.service.rolesAndRights().getFunctionalRights(t.system(), role).empty()); // nothing was stored
}

TEST_F(RightsHost, ARightGrantedOrRemovedThroughTheApiHoldsOnTheNextCall)
{
    const auto groups = [&] {
        return agentAsJdoe("SaveUserGroup", { { "userGroup", bj::object { { "Value", "Jdoe's group" } } } }).status;
    };
    EXPECT_EQ(groups(), 403u);
    const auto role = t.employee.roleId;
    ASSERT_EQ(
        agentAsAdmin("SetFunctionalRights", { { "roleId", role }, { "functionalRightIds", bj::array { 3 } } }).status,
        204u);
    EXPECT_EQ(groups(), 200u);
    const auto principal = agentAsJdoe("GetCurrentPrincipal", {});
    EXPECT_EQ(principal.json().at("FunctionalRights"), (bj::array { "admin-groups" }));
    ASSERT_EQ(
        agentAsAdmin("SetFunctionalRights", { { "roleId", role }, { "functionalRightIds", bj::array {} } }).status,
        204u);
    EXPECT_EQ(groups(), 403u);
    // Both changes are in the list audit, with who made them.
    const auto audit = t.service.records(t.system(), "list-audit", 0);
    ASSERT_GE(audit.size(), 2u);
    EXPECT_EQ(audit.back().by, admin.associateId);
    EXPECT_NE(audit.back().body.find("\"old\":[\"admin-groups\"]"), std::string::npos) << audit.back().body;
}

TEST_F(RightsHost, DataRightsEveryWay)
{
    const auto role = t.employee.roleId;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto set = agentAsAdmin("SetDataRight",
            { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "OwnerGroup" },
                { "dataRightValue", "rpw" } },
            way);
        ASSERT_EQ(set.status, 204u) << set.body;
        const auto one = agentAsAdmin("GetDataRight",
            { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "OwnerGroup" } }, way);
        ASSERT_EQ(one.status, 200u) << one.body;
        EXPECT_EQ(one.json(), "rpw");
        const auto byTable = agentAsAdmin("GetDataRights", { { "roleId", role }, { "tableName", "associate" } }, way);
        ASSERT_EQ(byTable.status, 200u) << byTable.body;
        EXPECT_EQ(byTable.json(), (bj::object { { "Owner", "rp" }, { "OwnerGroup", "rpw" }, { "Other", "r" } }));
        const auto byRelation = agentAsAdmin("GetAllDataRights", { { "roleId", role }, { "relationToOwner", 1 } }, way);
        ASSERT_EQ(byRelation.status, 200u) << byRelation.body;
        EXPECT_EQ(byRelation.json(), (bj::object { { "associate", "rpw" }, { "credentials", "" } }));
        ASSERT_EQ(agentAsAdmin("SetDataRight",
                      { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "OwnerGroup" },
                          { "dataRightValue", "r" } },
                      way)
                      .status,
            204u);
    }
}

TEST_F(RightsHost, OnlyHoldersOfAdminRolesReadOrChangeDataRights)
{
    const auto role = t.employee.roleId;
    EXPECT_EQ(agentAsJdoe("GetAllDataRights", { { "roleId", role }, { "relationToOwner", "Owner" } }).status, 403u);
    EXPECT_EQ(agentAsJdoe("GetDataRights", { { "roleId", role }, { "tableName", "associate" } }).status, 403u);
    EXPECT_EQ(agentAsJdoe(
                  "GetDataRight", { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "Owner" } })
                  .status,
        403u);
    EXPECT_EQ(agentAsJdoe("SetDataRight",
                  { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "Other" },
                      { "dataRightValue", "rpwcd" } })
                  .status,
        403u);
    EXPECT_EQ(t.service.rolesAndRights().getDataRight(t.system(), role, "associate", RoleRelationToOwner::Other), "r");
}

TEST_F(RightsHost, DataRightsBadInputIsA400NamingTheParameter)
{
    const auto role = t.employee.roleId;
    const auto expect400 = [](const Reply& reply, std::string_view name) {
        EXPECT_EQ(reply.status, 400u) << reply.body;
        EXPECT_NE(reply.body.find(name), std::string::npos) << reply.body;
    };
    const auto setting = [&](bj::object params) {
        bj::object all { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "Other" },
            { "dataRightValue", "r" } };
        for (auto& [key, value] : params)
            all[key] = value;
        return agentAsAdmin("SetDataRight", all);
    };
    expect400(setting({ { "tableName", "contact" } }), "tableName");
    expect400(setting({ { "relationToOwner", "Boss" } }), "relationToOwner");
    expect400(setting({ { "relationToOwner", 3 } }), "relationToOwner");
    expect400(setting({ { "dataRightValue", "rx" } }), "dataRightValue");
    expect400(setting({ { "dataRightValue", "w" } }), "dataRightValue");
    expect400(setting({ { "dataRightValue", 7 } }), "dataRightValue");
    expect400(agentAsAdmin(
                  "SetDataRight", { { "roleId", role }, { "tableName", "associate" }, { "relationToOwner", "Other" } }),
        "dataRightValue");
    expect400(agentAsAdmin("GetDataRights", { { "roleId", role } }), "tableName");
    expect400(agentAsAdmin("GetAllDataRights", { { "roleId", role } }), "relationToOwner");
    expect400(agentAsAdmin("GetDataRight", { { "tableName", "associate" }, { "relationToOwner", "Other" } }), "roleId");
    EXPECT_EQ(setting({ { "roleId", 999 } }).status, 404u);
    EXPECT_EQ(t.service.rolesAndRights().getDataRight(t.system(), role, "associate", RoleRelationToOwner::Other), "r");
}

TEST_F(RightsHost, AnAdministratorsDataRightChangeShowsInAnOrdinaryUsersNextGetUser)
{
    const auto getAdmin = [&] { return agentAsJdoe("GetUser", { { "userId", admin.associateId } }); };
    const auto before = getAdmin();
    ASSERT_EQ(before.status, 200u) << before.body;
    EXPECT_EQ(before.json().at("TableRight").at("Mask"), "Select");
    // Both are in Staff: their own group. Let employees write their colleagues' records.
    ASSERT_EQ(agentAsAdmin("SetDataRight",
                  { { "roleId", t.employee.roleId }, { "tableName", "associate" }, { "relationToOwner", "OwnerGroup" },
                      { "dataRightValue", "rw" } })
                  .status,
        204u);
    const auto widened = getAdmin();
    ASSERT_EQ(widened.status, 200u) << widened.body;
    EXPECT_NE(widened.json().at("TableRight").at("Mask"), "Select"); // Update was added
    EXPECT_NE(widened.json().at("TableRight").at("Mask").as_string().find("U"), bj::string::npos);
    // And now hide them: the next GetUser does not find the user at all.
    ASSERT_EQ(agentAsAdmin("SetDataRight",
                  { { "roleId", t.employee.roleId }, { "tableName", "associate" }, { "relationToOwner", "OwnerGroup" },
                      { "dataRightValue", "" } })
                  .status,
        204u);
    const auto hidden = getAdmin();
    EXPECT_TRUE(hidden.status == 404u || hidden.body == "null") << hidden.status << " " << hidden.body;
}

} // namespace
} // namespace userservice::http::test
