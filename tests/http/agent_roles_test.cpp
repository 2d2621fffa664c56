// Roles over HTTP: GetAllRoles, GetRole, GetRoleEntity, SaveRoleEntity, DeleteRole,
// CreateDefaultRoleEntity(FromType) and GetCredentialUsersInGroup, each every way (query,
// camelCase and PascalCase bodies), and the REST resource /api/v1/Role; callers who may
// not, and bad input.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class RoleHost : public HttpHost {
protected:
    RoleHost()
    {
        sellers = t.service.rolesAndRights().saveRoleEntity(
            t.system(), { .name = "Sellers", .roleType = RoleType::Employee });
    }

    static std::vector<std::string> names(const bj::value& items)
    {
        std::vector<std::string> out;
        for (const auto& item : items.as_array())
            out.emplace_back(item.at("Name").as_string());
        return out;
    }

    RoleEntity sellers;
};

TEST_F(RoleHost, ReadingEveryWayForAnySignedInCaller)
{
    RoleEntity retired { .name = "Old", .roleType = RoleType::Employee };
    retired.deleted = true;
    t.service.rolesAndRights().saveRoleEntity(t.system(), retired);
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto all = agentAsJdoe("GetAllRoles", { { "roleType", "Employee" } }, way);
        ASSERT_EQ(all.status, 200u) << all.body;
        EXPECT_EQ(names(all.json()), (std::vector<std::string> { "Employee", "User administrator", "Sellers" }));
        EXPECT_EQ(all.json().as_array().back().at("Id"), sellers.roleId);
        EXPECT_TRUE(agentAsJdoe("GetAllRoles", { { "roleType", "Anonymous" } }, way).json().as_array().empty());

        const auto role = agentAsJdoe("GetRole", { { "roleId", sellers.roleId } }, way);
        ASSERT_EQ(role.status, 200u) << role.body;
        EXPECT_EQ(role.json().at("Name"), "Sellers");
        EXPECT_EQ(role.json().at("RoleType"), "Employee");
        EXPECT_EQ(agentAsJdoe("GetRole", { { "roleId", 999 } }, way).body, "null");

        const auto entity = agentAsJdoe("GetRoleEntity", { { "roleEntityId", sellers.roleId } }, way);
        ASSERT_EQ(entity.status, 200u) << entity.body;
        EXPECT_EQ(entity.json().at("Name"), "Sellers");
        EXPECT_EQ(entity.json().at("CreatedBy").at("AssociateId"), 0);
        EXPECT_TRUE(entity.json().at("Created").is_string());
        EXPECT_EQ(agentAsJdoe("GetRoleEntity", { { "roleEntityId", 999 } }, way).body, "null");
    }
    EXPECT_EQ(names(agentAsJdoe("GetAllRoles", {}).json()).size(), 3u); // no roleType: every type
}

TEST_F(RoleHost, ChangesEveryWay)
{
    int n = 0;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto fresh = agentAsAdmin("CreateDefaultRoleEntity", {}, way);
        ASSERT_EQ(fresh.status, 200u) << fresh.body;
        EXPECT_EQ(fresh.json().at("RoleId"), 0);
        EXPECT_EQ(fresh.json().at("RoleType"), "Employee");
        const auto typed = agentAsAdmin("CreateDefaultRoleEntityFromType", { { "type", "ExternalUser" } }, way);
        ASSERT_EQ(typed.status, 200u) << typed.body;
        EXPECT_EQ(typed.json().at("RoleType"), "ExternalUser");

        const std::string name = "Role " + std::to_string(++n);
        const auto created = agentAsAdmin(
            "SaveRoleEntity", { { "entity", bj::object { { "name", name }, { "roleType", "ExternalUser" } } } }, way);
        ASSERT_EQ(created.status, 200u) << created.body;
        const auto id = static_cast<std::int32_t>(created.json().at("RoleId").as_int64());
        EXPECT_GT(id, 0);
        EXPECT_EQ(created.json().at("CreatedBy").at("AssociateId"), admin.associateId);
        EXPECT_EQ(created.json().at("CreatedBy").at("Name"), bj::value(*admin.name));

        const auto retired = agentAsAdmin("SaveRoleEntity",
            { { "entity", bj::object { { "RoleId", id }, { "Name", name + "!" }, { "Deleted", true } } } }, way);
        ASSERT_EQ(retired.status, 200u) << retired.body;
        const auto stored = t.service.rolesAndRights().getRoleEntity(t.system(), id);
        EXPECT_EQ(stored->name, name + "!");
        EXPECT_TRUE(stored->deleted);
        EXPECT_EQ(stored->roleType, RoleType::ExternalUser);

        const auto deleted = agentAsAdmin("DeleteRole", { { "roleIdToDelete", id } }, way);
        EXPECT_EQ(deleted.status, 204u) << deleted.body;
        EXPECT_FALSE(t.service.rolesAndRights().getRole(t.system(), id));
    }
    // The bare carrier is SaveRoleEntity's body too.
    const auto bare = asAdmin(
        beast_http::verb::post, "/api/v1/Agents/User/SaveRoleEntity", R"({"Name": "Bare", "RoleType": "Employee"})");
    EXPECT_EQ(bare.status, 200u) << bare.body;
}

TEST_F(RoleHost, DeleteMovesHoldersOrIsAConflictNamingHowMany)
{
    const auto refused = agentAsAdmin("DeleteRole", { { "roleIdToDelete", t.employee.roleId } });
    EXPECT_EQ(refused.status, 409u) << refused.body;
    EXPECT_NE(refused.body.find("1 user(s)"), std::string::npos) << refused.body;
    const auto moved = agentAsAdmin(
        "DeleteRole", { { "roleIdToDelete", t.employee.roleId }, { "replacingRoleId", sellers.roleId } }, Way::Query);
    EXPECT_EQ(moved.status, 204u) << moved.body;
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->role->roleId, sellers.roleId);
}

TEST_F(RoleHost, ARoleChangeGovernsTheNextCall)
{
    // admin moves itself out of the only administrative role: its next call is an ordinary user's.
    const auto moved = agentAsAdmin(
        "DeleteRole", { { "roleIdToDelete", t.administrator.roleId }, { "replacingRoleId", t.employee.roleId } });
    ASSERT_EQ(moved.status, 204u) << moved.body;
    EXPECT_EQ(agentAsAdmin("CreateDefaultRoleEntity", {}).status, 403u);
}

TEST_F(RoleHost, OrdinaryUsersMayNotChangeRoles)
{
    EXPECT_EQ(agentAsJdoe("CreateDefaultRoleEntity", {}).status, 403u);
    EXPECT_EQ(agentAsJdoe("CreateDefaultRoleEntityFromType", { { "type", "Employee" } }).status, 403u);
    EXPECT_EQ(
        agentAsJdoe("SaveRoleEntity", { { "entity", bj::object { { "Name", "Mine" }, { "RoleType", "Employee" } } } })
            .status,
        403u);
    EXPECT_EQ(
        agentAsJdoe("SaveRoleEntity", { { "entity", bj::object { { "RoleId", sellers.roleId }, { "Name", "Mine" } } } })
            .status,
        403u);
    EXPECT_EQ(agentAsJdoe("DeleteRole", { { "roleIdToDelete", sellers.roleId } }).status, 403u);
    EXPECT_EQ(t.service.rolesAndRights().getRole(t.system(), sellers.roleId)->name, "Sellers");
}

TEST_F(RoleHost, BadRoleInputIsAClear4xx)
{
    const auto blank = agentAsAdmin("SaveRoleEntity", { { "entity", bj::object { { "Name", "" } } } });
    EXPECT_EQ(blank.status, 400u);
    EXPECT_NE(blank.body.find("RoleEntity.Name"), std::string::npos) << blank.body;
    const auto taken = agentAsAdmin(
        "SaveRoleEntity", { { "entity", bj::object { { "Name", "SELLERS" }, { "RoleType", "Employee" } } } });
    EXPECT_EQ(taken.status, 409u) << taken.body;
    const auto retyped = agentAsAdmin("SaveRoleEntity",
        { { "entity", bj::object { { "RoleId", sellers.roleId }, { "Name", "Sellers" }, { "RoleType", "System" } } } });
    EXPECT_EQ(retyped.status, 400u) << retyped.body;
    EXPECT_NE(retyped.body.find("RoleType"), std::string::npos) << retyped.body;
    EXPECT_EQ(agentAsAdmin("SaveRoleEntity", { { "entity", bj::object { { "Rank", "high" } } } }).status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::post, "/api/v1/Agents/User/SaveRoleEntity", "").status, 400u);
    EXPECT_EQ(agentAsJdoe("GetRole", { { "roleId", "x" } }, Way::Query).status, 400u);
    EXPECT_EQ(agentAsJdoe("GetRoleEntity", {}).status, 400u);
    EXPECT_EQ(agentAsJdoe("GetAllRoles", { { "roleType", "Boss" } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("CreateDefaultRoleEntityFromType", {}).status, 400u);
    EXPECT_EQ(agentAsAdmin("CreateDefaultRoleEntityFromType", { { "type", "Unknown" } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("DeleteRole", { { "roleIdToDelete", -1 } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("DeleteRole", { { "roleIdToDelete", 999 } }).status, 404u);
    const auto toRetired = t.service.rolesAndRights().saveRoleEntity(
        t.system(), { .name = "Gone", .roleType = RoleType::Employee, .deleted = true });
    EXPECT_EQ(
        agentAsAdmin("DeleteRole", { { "roleIdToDelete", t.employee.roleId }, { "replacingRoleId", toRetired.roleId } })
            .status,
        400u);
    EXPECT_EQ(
        agentAsAdmin("DeleteRole", { { "roleIdToDelete", t.employee.roleId }, { "replacingRoleId", 999 } }).status,
        404u);
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->role->roleId, t.employee.roleId); // nothing moved
}

TEST_F(RoleHost, CredentialUsersInGroupEveryWay)
{
    t.service.addCredentialType(t.system(), { .type = "ad", .displayType = "Active Directory" });
    t.service.saveCredential(
        t.system(), jdoe.associateId, { .type = CredentialType { .type = "ad" }, .value = "CORP\\jdoe" });
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto byId =
            agentAsAdmin("GetCredentialUsersInGroup", { { "type", "ad" }, { "groupId", t.staff.id } }, way);
        ASSERT_EQ(byId.status, 200u) << byId.body;
        ASSERT_EQ(byId.json().at("Users").as_array().size(), 1u);
        EXPECT_EQ(byId.json().at("Users").at(0).at("Value"), "CORP\\jdoe");
        const auto byName =
            agentAsAdmin("GetCredentialUsersInGroup", { { "type", "ad" }, { "groupName", "staff" } }, way);
        ASSERT_EQ(byName.status, 200u) << byName.body;
        EXPECT_EQ(byName.json().at("Users").as_array().size(), 1u);
    }
    // An employee reads its own Credentials only (as FindCredentialUsers shows them).
    const auto own = agentAsJdoe("GetCredentialUsersInGroup", { { "type", "ad" }, { "groupId", t.staff.id } });
    EXPECT_EQ(own.json().at("Users").as_array().size(), 1u);
    t.service.saveCredential(
        t.system(), admin.associateId, { .type = CredentialType { .type = "ad" }, .value = "CORP\\admin" });
    EXPECT_EQ(agentAsJdoe("GetCredentialUsersInGroup", { { "type", "ad" }, { "groupId", t.staff.id } })
                  .json()
                  .at("Users")
                  .as_array()
                  .size(),
        1u);
    EXPECT_EQ(agentAsAdmin("GetCredentialUsersInGroup", { { "type", "ad" }, { "groupId", 999 } }).status, 404u);
    EXPECT_EQ(agentAsAdmin("GetCredentialUsersInGroup", { { "type", "ad" }, { "groupName", "nope" } }).status, 404u);
    EXPECT_EQ(
        agentAsAdmin("GetCredentialUsersInGroup", { { "type", "nope" }, { "groupId", t.staff.id } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("GetCredentialUsersInGroup", { { "type", "ad" } }).status, 400u);
}

using RoleResource = RoleHost;

TEST_F(RoleResource, GetPostPutDelete)
{
    const auto list = asJdoe(beast_http::verb::get, "/api/v1/Role");
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_EQ(names(list.json()), (std::vector<std::string> { "Employee", "User administrator", "Sellers" }));

    const auto created =
        asAdmin(beast_http::verb::post, "/api/v1/Role", R"({"Name": "Support", "RoleType": "Employee"})");
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto id = created.json().at("RoleId").as_int64();
    const std::string path = "/api/v1/Role/" + std::to_string(id);
    EXPECT_EQ(created.header("Location"), path);

    const auto put = asAdmin(beast_http::verb::put, path, R"({"Name": "Help desk", "Deleted": true})");
    ASSERT_EQ(put.status, 200u) << put.body;
    const auto got = asJdoe(beast_http::verb::get, path);
    ASSERT_EQ(got.status, 200u) << got.body;
    EXPECT_EQ(got.json().at("Name"), "Help desk");
    EXPECT_EQ(got.json().at("Deleted"), true);
    EXPECT_EQ(got.json().at("RoleType"), "Employee");
    EXPECT_EQ(names(asJdoe(beast_http::verb::get, "/api/v1/Role").json()).size(), 3u); // retired: hidden

    EXPECT_EQ(asAdmin(beast_http::verb::delete_, path).status, 204u);
    EXPECT_EQ(asJdoe(beast_http::verb::get, path).status, 404u);
}

TEST_F(RoleResource, RightsAndBadInput)
{
    const std::string path = "/api/v1/Role/" + std::to_string(sellers.roleId);
    EXPECT_EQ(
        asJdoe(beast_http::verb::post, "/api/v1/Role", R"({"Name": "Mine", "RoleType": "Employee"})").status, 403u);
    EXPECT_EQ(asJdoe(beast_http::verb::put, path, R"({"Name": "Mine"})").status, 403u);
    EXPECT_EQ(asJdoe(beast_http::verb::delete_, path).status, 403u);
    EXPECT_EQ(asAdmin(beast_http::verb::get, "/api/v1/Role/999").status, 404u);
    EXPECT_EQ(asAdmin(beast_http::verb::put, "/api/v1/Role/999", R"({"Name": "x"})").status, 404u);
    EXPECT_EQ(asAdmin(beast_http::verb::delete_, "/api/v1/Role/999").status, 404u);
    EXPECT_EQ(asAdmin(beast_http::verb::get, "/api/v1/Role/abc").status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::post, "/api/v1/Role", R"({"RoleId": 5, "Name": "x"})").status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::put, path, R"({"RoleId": 1234, "Name": "x"})").status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::patch, path, "{}").status, 405u);
    const auto inUse = asAdmin(beast_http::verb::delete_, "/api/v1/Role/" + std::to_string(t.employee.roleId));
    EXPECT_EQ(inUse.status, 409u) << inUse.body;
    const auto replaced = asAdmin(beast_http::verb::delete_,
        "/api/v1/Role/" + std::to_string(t.employee.roleId) + "?replacingRoleId=" + std::to_string(sellers.roleId));
    EXPECT_EQ(replaced.status, 204u) << replaced.body;
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->role->roleId, sellers.roleId);
}

} // namespace
} // namespace userservice::http::test
