// The agent's user-name, user-info and look-up methods over HTTP, each way the official
// clients send parameters, with a caller who may not and with bad input; and the
// REST form of the caller itself, GET /api/v1/User/currentUser.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class UserNamesHost : public HttpHost {
protected:
    UserNamesHost() { ext = addWithPassword(t.newUser("ext", UserType::ExternalAssociate), extPassword, t.employee); }

    /// As the external user ext, who may see only itself.
    Reply agentAsExt(std::string_view method, const bj::object& params, Way way = Way::CamelBody)
    {
        auto [target, body] = agentRequest(method, params, way);
        return client->send(
            beast_http::verb::post, target, std::move(body), { { "Authorization", basic("ext", extPassword) } });
    }
    /// As the administrator, marked as a partner app (refused: the host does not allow them).
    Reply agentAsPartnerApp(std::string_view method, const bj::object& params)
    {
        auto [target, body] = agentRequest(method, params, Way::CamelBody);
        return asAdmin(beast_http::verb::post, target, std::move(body), { { "SO-AppToken", "app" } });
    }

    const std::string extPassword = "ext password 1";
    User ext;
};

std::string messageOf(const Reply& reply)
{
    return std::string(reply.json().at("Message").as_string());
}

TEST_F(UserNamesHost, GetUserFromPersonIdAndEjUserIdEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto found = agentAsAdmin("GetUserFromPersonId", { { "personId", jdoe.person->personId } }, way);
        ASSERT_EQ(found.status, 200u) << found.body;
        ASSERT_EQ(found.json().as_array().size(), 1u);
        EXPECT_EQ(found.json().as_array()[0].at("UserName"), "jdoe");
        const auto none = agentAsAdmin("GetUserFromEjUserId", { { "ejUserId", 77 } }, way);
        ASSERT_EQ(none.status, 200u) << none.body;
        EXPECT_EQ(none.body, "[]");
    }
    const auto hidden = agentAsExt("GetUserFromPersonId", { { "personId", jdoe.person->personId } });
    ASSERT_EQ(hidden.status, 200u) << hidden.body;
    EXPECT_EQ(hidden.body, "[]") << "ext may not see jdoe";
    EXPECT_EQ(agentAsPartnerApp("GetUserFromEjUserId", { { "ejUserId", 77 } }).status, 403u);
    for (const char* method : { "GetUserFromPersonId", "GetUserFromEjUserId" }) {
        const auto bad = agentAsAdmin(method, {});
        EXPECT_EQ(bad.status, 400u) << bad.body;
        const auto zero =
            agentAsAdmin(method, { { method == std::string("GetUserFromPersonId") ? "personId" : "ejUserId", 0 } });
        EXPECT_EQ(zero.status, 400u) << zero.body;
    }
}

TEST_F(UserNamesHost, GetUserInfoEveryWayAndNullForAUserTheCallerMayNotSee)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto info = agentAsJdoe("GetUserInfo", { { "userInfoId", admin.associateId } }, way);
        ASSERT_EQ(info.status, 200u) << info.body;
        EXPECT_EQ(info.json().at("UserInfoId"), admin.associateId);
        EXPECT_EQ(info.json().at("UserName"), "admin");
        EXPECT_EQ(info.json().at("RoleName"), "User administrator");
        EXPECT_EQ(info.json().at("UserType"), "InternalAssociate");
        EXPECT_TRUE(info.json().as_object().contains("FieldProperties"));
    }
    const auto hidden = agentAsExt("GetUserInfo", { { "userInfoId", admin.associateId } });
    ASSERT_EQ(hidden.status, 200u) << hidden.body;
    EXPECT_EQ(hidden.body, "null");
    const auto bad = agentAsAdmin("GetUserInfo", { { "userInfoId", "x" } }, Way::Query);
    EXPECT_EQ(bad.status, 400u) << bad.body;
    EXPECT_EQ(bad.json().at("ErrorSource"), "userInfoId");
}

TEST_F(UserNamesHost, GetUserInfoListTakesAnArrayOrAnObjectInEitherCasing)
{
    const std::string ids = "[" + std::to_string(jdoe.associateId) + ",999," + std::to_string(admin.associateId) + "]";
    for (const std::string& body : { ids, "{\"userInfoIds\":" + ids + "}", "{\"UserInfoIds\":" + ids + "}" }) {
        SCOPED_TRACE(body);
        const auto reply = asAdmin(beast_http::verb::post, "/api/v1/Agents/User/GetUserInfoList", body);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        const auto answer = reply.json();
        const auto& infos = answer.as_array();
        ASSERT_EQ(infos.size(), 2u);
        EXPECT_EQ(infos[0].at("UserName"), "jdoe");
        EXPECT_EQ(infos[1].at("UserName"), "admin");
    }
    const auto asExt =
        agentAsExt("GetUserInfoList", { { "userInfoIds", bj::array { jdoe.associateId, ext.associateId } } });
    ASSERT_EQ(asExt.status, 200u) << asExt.body;
    ASSERT_EQ(asExt.json().as_array().size(), 1u) << "only itself";
    const auto bad =
        asAdmin(beast_http::verb::post, "/api/v1/Agents/User/GetUserInfoList", R"({"userInfoIds": [1, "two"]})");
    ASSERT_EQ(bad.status, 400u) << bad.body;
    EXPECT_NE(messageOf(bad).find("userInfoIds[1]"), std::string::npos) << bad.body;
    EXPECT_EQ(
        asAdmin(beast_http::verb::post, "/api/v1/Agents/User/GetUserInfoList", R"({"userInfoIds": 3})").status, 400u);
}

TEST_F(UserNamesHost, TheCallerItselfAsAgentMethodsAndAsRest)
{
    const auto user = agentAsJdoe("GetCurrentUser", {});
    ASSERT_EQ(user.status, 200u) << user.body;
    EXPECT_EQ(user.json().at("AssociateId"), jdoe.associateId);
    const auto principal =
        asJdoe(beast_http::verb::post, "/api/v1/Agents/User/GetCurrentPrincipal", {}, { { "SO-Language", "en" } });
    ASSERT_EQ(principal.status, 200u) << principal.body;
    EXPECT_EQ(principal.json().at("UserName"), "jdoe");
    EXPECT_EQ(principal.json().at("RoleName"), "Employee");
    EXPECT_EQ(principal.json().at("FunctionalRights"), bj::array {});
    EXPECT_EQ(principal.json().at("Language"), "en");
    const auto adminPrincipal = agentAsAdmin("GetCurrentPrincipal", {});
    EXPECT_EQ(adminPrincipal.json().at("FunctionalRights").as_array().size(), 6u);
    EXPECT_EQ(adminPrincipal.json().at("FunctionalRights").as_array()[3], "admin-users");

    const auto rest = asJdoe(beast_http::verb::get, "/api/v1/User/currentUser?$select=UserName");
    ASSERT_EQ(rest.status, 200u) << rest.body;
    EXPECT_EQ(rest.json().at("UserName"), "jdoe");
    EXPECT_EQ(asJdoe(beast_http::verb::get, "/api/v1/User/CURRENTUSER").status, 200u);
    EXPECT_EQ(asJdoe(beast_http::verb::put, "/api/v1/User/currentUser", "{}").status, 405u);
    EXPECT_EQ(asJdoe(beast_http::verb::get, "/api/v1/User/current").status, 400u) << "other names are still ids";
    EXPECT_EQ(asJdoe(beast_http::verb::get, userPath(admin)).status, 200u);
    for (const char* method : { "GetCurrentUser", "GetCurrentPrincipal" })
        EXPECT_EQ(agentAsPartnerApp(method, {}).status, 403u) << method;
    EXPECT_EQ(
        asAdmin(beast_http::verb::get, "/api/v1/User/currentUser", {}, { { "SO-AppToken", "app" } }).status, 403u);
    EXPECT_EQ(client->send(beast_http::verb::get, "/api/v1/User/currentUser", {}, {}).status, 401u);
}

TEST_F(UserNamesHost, CreateDefaultUserFromUserTypeAndFromAPersonEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto byType = agentAsAdmin("CreateDefaultUserFromUserType", { { "userType", "ExternalAssociate" } }, way);
        ASSERT_EQ(byType.status, 200u) << byType.body;
        EXPECT_EQ(byType.json().at("Type"), "ExternalAssociate");
        const auto byPerson = agentAsAdmin("CreateDefaultUserFromUserTypeAndPersonId",
            { { "userType", 3 }, { "personId", jdoe.person->personId } }, way);
        ASSERT_EQ(byPerson.status, 200u) << byPerson.body;
        EXPECT_EQ(byPerson.json().at("Person").at("PersonId"), jdoe.person->personId);
        EXPECT_EQ(byPerson.json().at("Person").at("Lastname"), "jdoe");
    }
    const auto badType = agentAsAdmin("CreateDefaultUserFromUserType", { { "userType", "Nope" } });
    ASSERT_EQ(badType.status, 400u) << badType.body;
    EXPECT_EQ(badType.json().at("ErrorSource"), "userType");
    EXPECT_EQ(agentAsAdmin("CreateDefaultUserFromUserType", {}).status, 400u);
    EXPECT_EQ(agentAsAdmin("CreateDefaultUserFromUserTypeAndPersonId", { { "userType", 1 } }).status, 400u);
    EXPECT_EQ(
        agentAsAdmin("CreateDefaultUserFromUserTypeAndPersonId", { { "userType", 1 }, { "personId", 999 } }).status,
        404u);
    EXPECT_EQ(agentAsExt("CreateDefaultUserFromUserTypeAndPersonId",
                  { { "userType", 1 }, { "personId", jdoe.person->personId } })
                  .status,
        404u)
        << "ext may not see jdoe, nor his person";
    EXPECT_EQ(agentAsPartnerApp("CreateDefaultUserFromUserType", { { "userType", 1 } }).status, 403u);
}

TEST_F(UserNamesHost, UserNameProposalsTakeAUserInEitherCasing)
{
    const bj::object john { { "Person", bj::object { { "Firstname", "John" }, { "Lastname", "Doe" } } } };
    for (const auto way : { Way::CamelBody, Way::PascalBody }) {
        SCOPED_TRACE(nameOf(way));
        const auto proposal = agentAsAdmin("GetDefaultAssociateUserName", { { "user", john } }, way);
        ASSERT_EQ(proposal.status, 200u) << proposal.body;
        EXPECT_EQ(proposal.body, "\"jdoe\"");
        const auto free = agentAsAdmin("GetValidUserNameForNewUser", { { "user", john } }, way);
        ASSERT_EQ(free.status, 200u) << free.body;
        EXPECT_EQ(free.body, "\"jdoe2\"");
    }
    for (const char* method : { "GetDefaultAssociateUserName", "GetValidUserNameForNewUser" }) {
        SCOPED_TRACE(method);
        EXPECT_EQ(agentAsJdoe(method, { { "user", john } }).status, 403u) << "jdoe may not create users";
        const auto blank = agentAsAdmin(method, { { "user", bj::object { { "Person", bj::object {} } } } });
        EXPECT_EQ(blank.status, 400u) << blank.body;
        EXPECT_EQ(agentAsAdmin(method, { { "user", 12 } }).status, 400u);
    }
}

TEST_F(UserNamesHost, GetValidUserNameAndIsUserNameValidEveryWay)
{
    const bj::object taken { { "associateId", 0 }, { "type", "InternalAssociate" }, { "userName", "JDOE" } };
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto name = agentAsAdmin("GetValidUserName", taken, way);
        ASSERT_EQ(name.status, 200u) << name.body;
        EXPECT_EQ(name.body, "\"JDOE2\"");
        const auto valid = agentAsAdmin("IsUserNameValid", taken, way);
        ASSERT_EQ(valid.status, 200u) << valid.body;
        EXPECT_EQ(valid.body, "false");
        const auto reason = agentAsAdmin("IsUserNameValidWithReason", taken, way);
        ASSERT_EQ(reason.status, 200u) << reason.body;
        EXPECT_EQ(reason.json().at("Result"), false);
        EXPECT_EQ(reason.json().at("Reason"), "User.UserName \"JDOE\" is already taken");
        const auto own = agentAsAdmin(
            "IsUserNameValid", { { "associateId", jdoe.associateId }, { "personId", 0 }, { "userName", "jdoe" } }, way);
        EXPECT_EQ(own.body, "true");
    }
    for (const char* method : { "GetValidUserName", "IsUserNameValid", "IsUserNameValidWithReason" }) {
        SCOPED_TRACE(method);
        const auto forbidden = agentAsJdoe(method, { { "associateId", jdoe.associateId }, { "userName", "x" } });
        EXPECT_EQ(forbidden.status, 403u) << forbidden.body;
        EXPECT_EQ(agentAsExt(method, { { "associateId", jdoe.associateId }, { "userName", "x" } }).status, 404u);
        const auto badType = agentAsAdmin(method, { { "type", "Nope" }, { "userName", "x" } }, Way::Query);
        EXPECT_EQ(badType.status, 400u) << badType.body;
        const auto badId = agentAsAdmin(method, { { "associateId", -1 }, { "userName", "x" } });
        EXPECT_EQ(badId.status, 400u) << badId.body;
        EXPECT_EQ(badId.json().at("ErrorSource"), "associateId");
    }
}

TEST_F(UserNamesHost, IsNickNameUniqueEveryWayForAUserWhoMayChangeIt)
{
    User nick = t.newUser("nicky");
    nick.nickName = "Nick";
    t.service.saveUser(t.system(), nick);
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const auto taken =
            agentAsJdoe("IsNickNameUnique", { { "associateId", jdoe.associateId }, { "nickName", "NICK" } }, way);
        ASSERT_EQ(taken.status, 200u) << taken.body;
        EXPECT_EQ(taken.body, "false");
        const auto free =
            agentAsJdoe("IsNickNameUnique", { { "associateId", jdoe.associateId }, { "nickName", "JD" } }, way);
        EXPECT_EQ(free.body, "true");
    }
    EXPECT_EQ(
        agentAsJdoe("IsNickNameUnique", { { "associateId", admin.associateId }, { "nickName", "x" } }).status, 403u);
    EXPECT_EQ(agentAsExt("IsNickNameUnique", { { "associateId", ext.associateId }, { "nickName", "x" } }).status, 403u);
    const auto bad = agentAsJdoe("IsNickNameUnique", { { "associateId", "me" }, { "nickName", "x" } }, Way::Query);
    EXPECT_EQ(bad.status, 400u) << bad.body;
    EXPECT_EQ(agentAsJdoe("IsNickNameUnique", { { "associateId", jdoe.associateId }, { "nickName", 5 } }).status, 400u);
}

} // namespace
} // namespace userservice::http::test
