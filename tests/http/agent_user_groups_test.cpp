// User groups and presence over HTTP: GetAllUserGroups, GetUserGroup, GetUserGroupList,
// CreateUserGroup, SaveUserGroup, DeleteUserGroup, GetUserPresenceStatus and
// SetUserPresenceStatus, each every way (query, camelCase and PascalCase bodies);
// callers who may not, and bad input.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class UserGroupHost : public HttpHost {
protected:
    UserGroupHost() { sales = t.service.saveUserGroup(t.system(), { .value = "Sales" }); }

    static std::vector<std::string> values(const bj::value& groups)
    {
        std::vector<std::string> out;
        for (const auto& group : groups.as_array())
            out.emplace_back(group.at("Value").as_string());
        return out;
    }

    UserGroup sales;
};

TEST_F(UserGroupHost, ReadingEveryWayForAnySignedInCaller)
{
    UserGroup retired { .value = "Old" };
    retired.deleted = true;
    const auto old = t.service.saveUserGroup(t.system(), retired);
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto all = agentAsJdoe("GetAllUserGroups", { { "includeDeleted", false } }, way);
        ASSERT_EQ(all.status, 200u) << all.body;
        EXPECT_EQ(values(all.json()), (std::vector<std::string> { "Staff", "Sales" }));
        const auto withRetired = agentAsJdoe("GetAllUserGroups", { { "includeDeleted", true } }, way);
        EXPECT_EQ(values(withRetired.json()), (std::vector<std::string> { "Staff", "Sales", "Old" }));

        const auto one = agentAsJdoe("GetUserGroup", { { "userGroupId", sales.id } }, way);
        ASSERT_EQ(one.status, 200u) << one.body;
        EXPECT_EQ(one.json().at("Value"), "Sales");
        EXPECT_EQ(one.json().at("Id"), sales.id);
        EXPECT_EQ(one.json().at("Deleted"), false);
        const auto none = agentAsJdoe("GetUserGroup", { { "userGroupId", 999 } }, way);
        EXPECT_EQ(none.status, 200u);
        EXPECT_EQ(none.body, "null");

        const auto list =
            agentAsJdoe("GetUserGroupList", { { "userGroupIds", bj::array { old.id, 999, sales.id } } }, way);
        ASSERT_EQ(list.status, 200u) << list.body;
        EXPECT_EQ(values(list.json()), (std::vector<std::string> { "Old", "Sales" }));
    }
    const auto bare =
        asJdoe(beast_http::verb::post, "/api/v1/Agents/User/GetUserGroupList", "[" + std::to_string(sales.id) + "]");
    EXPECT_EQ(values(bare.json()), (std::vector<std::string> { "Sales" }));
}

TEST_F(UserGroupHost, ChangesEveryWay)
{
    int n = 0;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto fresh = agentAsAdmin("CreateUserGroup", {}, way);
        ASSERT_EQ(fresh.status, 200u) << fresh.body;
        EXPECT_EQ(fresh.json().at("Id"), 0);

        const std::string name = "Group " + std::to_string(++n);
        const auto created = agentAsAdmin(
            "SaveUserGroup", { { "userGroup", bj::object { { "value", name }, { "tooltip", "t" } } } }, way);
        ASSERT_EQ(created.status, 200u) << created.body;
        const auto id = static_cast<std::int32_t>(created.json().at("Id").as_int64());
        EXPECT_GT(id, 0);

        const auto retired = agentAsAdmin("SaveUserGroup",
            { { "userGroup", bj::object { { "Id", id }, { "Value", name + "!" }, { "Deleted", true } } } }, way);
        ASSERT_EQ(retired.status, 200u) << retired.body;
        const auto stored = t.service.getUserGroup(t.system(), id);
        EXPECT_EQ(stored->value, name + "!");
        EXPECT_TRUE(stored->deleted);

        const auto deleted = agentAsAdmin("DeleteUserGroup", { { "userGroupToDelete", id } }, way);
        EXPECT_EQ(deleted.status, 204u) << deleted.body;
        EXPECT_FALSE(t.service.getUserGroup(t.system(), id));
    }
    // The bare carrier is SaveUserGroup's body too.
    const auto bare = asAdmin(beast_http::verb::post, "/api/v1/Agents/User/SaveUserGroup", R"({"Value": "Bare"})");
    EXPECT_EQ(bare.status, 200u) << bare.body;
}

TEST_F(UserGroupHost, DeleteMovesMembersOrIsAConflict)
{
    const auto refused = agentAsAdmin("DeleteUserGroup", { { "userGroupToDelete", t.staff.id } });
    EXPECT_EQ(refused.status, 409u) << refused.body;
    EXPECT_NE(refused.body.find("userGroupToMoveTo"), std::string::npos) << refused.body;
    const auto moved = agentAsAdmin(
        "DeleteUserGroup", { { "userGroupToDelete", t.staff.id }, { "userGroupToMoveTo", sales.id } }, Way::Query);
    EXPECT_EQ(moved.status, 204u) << moved.body;
    EXPECT_EQ(t.service.getUser(t.system(), jdoe.associateId)->userGroup->id, sales.id);
}

TEST_F(UserGroupHost, OrdinaryUsersMayNotChangeGroups)
{
    EXPECT_EQ(agentAsJdoe("CreateUserGroup", {}).status, 403u);
    EXPECT_EQ(agentAsJdoe("SaveUserGroup", { { "userGroup", bj::object { { "Value", "Mine" } } } }).status, 403u);
    EXPECT_EQ(agentAsJdoe("SaveUserGroup", { { "userGroup", bj::object { { "Id", sales.id }, { "Value", "Mine" } } } })
                  .status,
        403u);
    EXPECT_EQ(agentAsJdoe("DeleteUserGroup", { { "userGroupToDelete", sales.id } }).status, 403u);
    EXPECT_EQ(t.service.getUserGroup(t.system(), sales.id)->value, "Sales");
}

TEST_F(UserGroupHost, BadGroupInputIsAClear400)
{
    const auto blank = agentAsAdmin("SaveUserGroup", { { "userGroup", bj::object { { "Value", "" } } } });
    EXPECT_EQ(blank.status, 400u);
    EXPECT_NE(blank.body.find("UserGroup.Value"), std::string::npos) << blank.body;
    const auto noBody = asAdmin(beast_http::verb::post, "/api/v1/Agents/User/SaveUserGroup", "");
    EXPECT_EQ(noBody.status, 400u);
    const auto wrongType = agentAsAdmin("SaveUserGroup", { { "userGroup", bj::object { { "Rank", "high" } } } });
    EXPECT_EQ(wrongType.status, 400u) << wrongType.body;
    EXPECT_EQ(agentAsJdoe("GetUserGroup", { { "userGroupId", "x" } }, Way::Query).status, 400u);
    EXPECT_EQ(agentAsJdoe("GetUserGroup", {}).status, 400u);
    const auto badList = agentAsJdoe("GetUserGroupList", { { "userGroupIds", bj::array { 1, "two" } } });
    EXPECT_EQ(badList.status, 400u);
    EXPECT_NE(badList.body.find("userGroupIds[1]"), std::string::npos) << badList.body;
    EXPECT_EQ(agentAsAdmin("DeleteUserGroup", { { "userGroupToDelete", -1 } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("DeleteUserGroup", { { "userGroupToDelete", 999 } }).status, 404u);
    EXPECT_EQ(agentAsAdmin("GetAllUserGroups", { { "includeDeleted", "maybe" } }, Way::Query).status, 400u);
}

TEST_F(UserGroupHost, PresenceEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto set = agentAsJdoe("SetUserPresenceStatus",
            { { "associateId", jdoe.associateId },
                { "userPresenceStatus", bj::object { { "status", "Busy" }, { "message", nameOf(way) } } } },
            way);
        ASSERT_EQ(set.status, 200u) << set.body;
        EXPECT_EQ(set.json().at("Status"), "Busy");
        const auto own = agentAsJdoe("GetUserPresenceStatus", {}, way);
        ASSERT_EQ(own.status, 200u) << own.body;
        EXPECT_EQ(own.json().at("Message"), nameOf(way));
        const auto seen = agentAsAdmin("GetUserPresenceStatus", { { "associateId", jdoe.associateId } }, way);
        EXPECT_EQ(seen.json().at("Status"), "Busy");
    }
}

TEST_F(UserGroupHost, PresenceRightsAndBadInput)
{
    const bj::object away { { "Status", "Away" } };
    const auto others =
        agentAsJdoe("SetUserPresenceStatus", { { "associateId", admin.associateId }, { "userPresenceStatus", away } });
    EXPECT_EQ(others.status, 403u) << others.body;
    const auto byAdmin =
        agentAsAdmin("SetUserPresenceStatus", { { "associateId", jdoe.associateId }, { "userPresenceStatus", away } });
    EXPECT_EQ(byAdmin.status, 200u) << byAdmin.body;
    EXPECT_EQ(agentAsJdoe("GetUserPresenceStatus", { { "associateId", 999 } }).status, 404u);

    const auto missing = agentAsJdoe("SetUserPresenceStatus", { { "associateId", 0 } });
    EXPECT_EQ(missing.status, 400u);
    EXPECT_NE(missing.body.find("userPresenceStatus"), std::string::npos) << missing.body;
    const auto badStatus =
        agentAsJdoe("SetUserPresenceStatus", { { "userPresenceStatus", bj::object { { "Status", "Sleepy" } } } });
    EXPECT_EQ(badStatus.status, 400u) << badStatus.body;
    const auto longMessage = agentAsJdoe("SetUserPresenceStatus",
        { { "userPresenceStatus", bj::object { { "Status", "Busy" }, { "Message", std::string(300, 'x') } } } });
    EXPECT_EQ(longMessage.status, 400u);
    EXPECT_EQ(agentAsJdoe("GetUserPresenceStatus", { { "associateId", -3 } }).status, 400u);
    EXPECT_EQ(t.service.getUserPresenceStatus(t.system(), jdoe.associateId).status, PresenceStatus::Away);
}

} // namespace
} // namespace userservice::http::test

namespace userservice::http::test {
namespace {

using UserGroupResource = UserGroupHost;

TEST_F(UserGroupResource, GetPostPutDelete)
{
    const auto list = asJdoe(beast_http::verb::get, "/api/v1/UserGroup");
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_EQ(values(list.json()), (std::vector<std::string> { "Staff", "Sales" }));

    const auto created = asAdmin(beast_http::verb::post, "/api/v1/UserGroup", R"({"Value": "Support"})");
    ASSERT_EQ(created.status, 201u) << created.body;
    const auto id = created.json().at("Id").as_int64();
    const std::string path = "/api/v1/UserGroup/" + std::to_string(id);
    EXPECT_EQ(created.header("Location"), path);

    const auto put = asAdmin(beast_http::verb::put, path, R"({"Value": "Help desk", "Deleted": true})");
    ASSERT_EQ(put.status, 200u) << put.body;
    const auto got = asJdoe(beast_http::verb::get, path);
    ASSERT_EQ(got.status, 200u) << got.body;
    EXPECT_EQ(got.json().at("Value"), "Help desk");
    EXPECT_EQ(got.json().at("Deleted"), true);
    EXPECT_EQ(values(asJdoe(beast_http::verb::get, "/api/v1/UserGroup?includeDeleted=true").json()),
        (std::vector<std::string> { "Staff", "Sales", "Help desk" }));

    EXPECT_EQ(asAdmin(beast_http::verb::delete_, path).status, 204u);
    EXPECT_EQ(asJdoe(beast_http::verb::get, path).status, 404u);
}

TEST_F(UserGroupResource, RightsAndBadInput)
{
    const std::string path = "/api/v1/UserGroup/" + std::to_string(sales.id);
    EXPECT_EQ(asJdoe(beast_http::verb::post, "/api/v1/UserGroup", R"({"Value": "Mine"})").status, 403u);
    EXPECT_EQ(asJdoe(beast_http::verb::put, path, R"({"Value": "Mine"})").status, 403u);
    EXPECT_EQ(asJdoe(beast_http::verb::delete_, path).status, 403u);
    EXPECT_EQ(asAdmin(beast_http::verb::get, "/api/v1/UserGroup/999").status, 404u);
    EXPECT_EQ(asAdmin(beast_http::verb::put, "/api/v1/UserGroup/999", R"({"Value": "x"})").status, 404u);
    EXPECT_EQ(asAdmin(beast_http::verb::delete_, "/api/v1/UserGroup/999").status, 404u);
    EXPECT_EQ(asAdmin(beast_http::verb::get, "/api/v1/UserGroup/abc").status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::post, "/api/v1/UserGroup", R"({"Id": 5, "Value": "x"})").status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::put, path, R"({"Id": 1234, "Value": "x"})").status, 400u);
    EXPECT_EQ(asAdmin(beast_http::verb::patch, path, "{}").status, 405u);
    const auto inUse = asAdmin(beast_http::verb::delete_, "/api/v1/UserGroup/" + std::to_string(t.staff.id));
    EXPECT_EQ(inUse.status, 409u) << inUse.body;
    EXPECT_EQ(t.service.getUserGroup(t.system(), sales.id)->value, "Sales");
}

} // namespace
} // namespace userservice::http::test
