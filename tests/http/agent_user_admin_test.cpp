// Users changed by an administrator over HTTP: DeleteUser, DeleteUserFromName,
// MakeRetired, ChangeUserType, RemoveLicenses, CreateExternalUser, DeleteExternalUser,
// SetExternalUserInfo, each every way, and DELETE /api/v1/User/{id}; callers who may
// not, and bad input.
#include "host_fixture.hpp"

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class UserAdminHost : public HttpHost {
protected:
    UserAdminHost()
    {
        LicenseOwner owner { .name = "SuperOffice" };
        owner.restrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Sales", .total = 50 } };
        module = (*t.service.addLicenseOwner(t.system(), owner).restrictedModuleLicenses)[0].moduleLicenseId;
        customerRole = t.service.addRole(t.system(), { .name = "Customer", .roleType = RoleType::ExternalUser });
    }

    /// A stored user with a module licence.
    User addLicensed(const std::string& userName)
    {
        User user = t.newUser(userName);
        user.licenseOwners = std::vector<LicenseOwner> { { .restrictedModuleLicenses = std::vector<ModuleLicenseLink> {
                                                               { .assigned = true, .moduleLicenseId = module } } } };
        return t.service.saveUser(t.system(), user);
    }
    std::int32_t addExternal(const std::string& userName)
    {
        return t.service.createExternalUser(t.system(), 0, userName, "external secret 1", customerRole.roleId, true);
    }
    std::optional<User> stored(std::int32_t id) { return t.service.getUser(t.system(), id); }
    static bool licensed(const User& user) { return (*(*user.licenseOwners)[0].restrictedModuleLicenses)[0].assigned; }

    /// An agent call as the administrator; a password goes in the body even the query way
    /// (the host refuses one in the logged request target).
    Reply agentWithPassword(std::string_view method, bj::object params, Way way)
    {
        bj::object secret;
        if (way == Way::Query && params.contains("password")) {
            secret["password"] = params["password"];
            params.erase("password");
        }
        auto [target, body] = agentRequest(method, params, way);
        if (!secret.empty())
            body = bj::serialize(secret);
        return asAdmin(beast_http::verb::post, target, std::move(body));
    }

    std::int32_t module = 0;
    Role customerRole;
};

TEST_F(UserAdminHost, DeleteUserAndDeleteUserFromNameEveryWay)
{
    int n = 0;
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const User byId = t.addUser("byid" + std::to_string(++n));
        const auto deleted = agentAsAdmin("DeleteUser", { { "userId", byId.associateId } }, way);
        EXPECT_EQ(deleted.status, 204u) << deleted.body;
        EXPECT_TRUE(deleted.body.empty());
        EXPECT_FALSE(stored(byId.associateId));

        const User byName = t.addUser("byname" + std::to_string(n));
        const auto named = agentAsAdmin("DeleteUserFromName", { { "userName", "BYNAME" + std::to_string(n) } }, way);
        EXPECT_EQ(named.status, 204u) << named.body;
        EXPECT_FALSE(stored(byName.associateId));
    }
}

TEST_F(UserAdminHost, MakeRetiredAndBackEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const User bob = addLicensed("bob" + std::to_string(static_cast<int>(way)));
        const auto retired =
            agentAsAdmin("MakeRetired", { { "associateId", bob.associateId }, { "retired", true } }, way);
        ASSERT_EQ(retired.status, 204u) << retired.body;
        User now = *stored(bob.associateId);
        EXPECT_TRUE(now.deleted);
        EXPECT_EQ(now.person->retired, 1);
        EXPECT_FALSE(licensed(now));
        const auto back =
            agentAsAdmin("MakeRetired", { { "associateId", bob.associateId }, { "retired", false } }, way);
        ASSERT_EQ(back.status, 204u) << back.body;
        now = *stored(bob.associateId);
        EXPECT_FALSE(now.deleted);
        EXPECT_EQ(now.person->retired, 0);
        EXPECT_FALSE(licensed(now));
    }
}

TEST_F(UserAdminHost, ChangeUserTypeAndRemoveLicensesEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const User bob = addLicensed("carl" + std::to_string(static_cast<int>(way)));
        const auto changed = agentAsAdmin("ChangeUserType",
            { { "user", bj::object { { "AssociateId", bob.associateId } } }, { "userType", "ResourceAssociate" } },
            way);
        ASSERT_EQ(changed.status, 200u) << changed.body;
        EXPECT_EQ(changed.json().at("Type"), "ResourceAssociate");
        EXPECT_EQ(stored(bob.associateId)->type, UserType::ResourceAssociate);

        const auto removed = agentAsAdmin("RemoveLicenses", { { "associateId", bob.associateId } }, way);
        ASSERT_EQ(removed.status, 204u) << removed.body;
        EXPECT_FALSE(licensed(*stored(bob.associateId)));
    }
}

TEST_F(UserAdminHost, ExternalUsersEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const std::string name = "customer" + std::to_string(static_cast<int>(way));
        const auto created = agentWithPassword("CreateExternalUser",
            { { "personId", 0 }, { "userName", name }, { "password", "customer secret 1" },
                { "roleId", customerRole.roleId }, { "isActive", true } },
            way);
        ASSERT_EQ(created.status, 200u) << created.body;
        const auto id = static_cast<std::int32_t>(created.json().as_int64());
        EXPECT_EQ(stored(id)->type, UserType::ExternalAssociate);
        EXPECT_TRUE(t.service.verifyPassword(name, "customer secret 1"));
        EXPECT_EQ(created.body.find("customer secret 1"), std::string::npos);

        const auto changed = agentWithPassword("SetExternalUserInfo",
            { { "associateId", id }, { "userName", name + "x" }, { "password", "customer secret 2" },
                { "isActive", false }, { "roleId", 0 }, { "externalUserInfoModification", "UserName, Password" } },
            way);
        ASSERT_EQ(changed.status, 204u) << changed.body;
        EXPECT_TRUE(t.service.verifyPassword(name + "x", "customer secret 2"));
        EXPECT_FALSE(stored(id)->deleted) << "Active was not among the flags";

        const auto deleted = agentAsAdmin("DeleteExternalUser", { { "associateId", id } }, way);
        ASSERT_EQ(deleted.status, 204u) << deleted.body;
        EXPECT_FALSE(stored(id));
    }
    for (const auto& line : accessLog.get())
        EXPECT_EQ(line.find("customer secret"), std::string::npos) << line;
}

TEST_F(UserAdminHost, DeleteUserOverRestIs204ThenNotFound)
{
    const User bob = t.addUser("bob");
    const auto deleted = asAdmin(beast_http::verb::delete_, userPath(bob));
    EXPECT_EQ(deleted.status, 204u) << deleted.body;
    EXPECT_FALSE(stored(bob.associateId));
    const auto again = asAdmin(beast_http::verb::delete_, userPath(bob));
    ASSERT_EQ(again.status, 404u) << again.body;
    EXPECT_EQ(again.json().at("Message"), "User with given id does not exist in the db.");
    EXPECT_EQ(asAdmin(beast_http::verb::delete_, "/api/v1/User/abc").status, 400u);
}

TEST_F(UserAdminHost, AnOrdinaryUserOrAPartnerAppMayNotAndAHiddenUserIsNotFound)
{
    const User bob = addLicensed("bob");
    const std::int32_t external = addExternal("customer");
    const std::vector<std::pair<const char*, bj::object>> calls {
        { "DeleteUser", { { "userId", bob.associateId } } },
        { "DeleteUserFromName", { { "userName", "bob" } } },
        { "MakeRetired", { { "associateId", bob.associateId }, { "retired", true } } },
        { "ChangeUserType",
            { { "user", bj::object { { "AssociateId", bob.associateId } } }, { "userType", "SystemAssociate" } } },
        { "RemoveLicenses", { { "associateId", bob.associateId } } },
        { "CreateExternalUser",
            { { "userName", "c2" }, { "password", "pw 12345" }, { "roleId", customerRole.roleId } } },
        { "DeleteExternalUser", { { "associateId", external } } },
        { "SetExternalUserInfo",
            { { "associateId", external }, { "isActive", false }, { "externalUserInfoModification", "Active" } } },
    };
    for (const auto& [method, params] : calls) {
        SCOPED_TRACE(method);
        const auto reply = agentAsJdoe(method, params);
        EXPECT_EQ(reply.status, 403u) << reply.body;
        auto [target, body] = agentRequest(method, params, Way::CamelBody);
        const auto app = asAdmin(beast_http::verb::post, target, body, { { "SO-AppToken", "partner" } });
        EXPECT_EQ(app.status, 403u) << app.body;
    }
    EXPECT_EQ(asJdoe(beast_http::verb::delete_, userPath(bob)).status, 403u);
    EXPECT_TRUE(stored(bob.associateId));
    EXPECT_TRUE(licensed(*stored(bob.associateId)));
    EXPECT_FALSE(stored(external)->deleted);

    // An external user sees no one else: 404, as for a user that does not exist.
    const auto byCustomer = client->send(
        beast_http::verb::delete_, userPath(bob), {}, { { "Authorization", basic("customer", "external secret 1") } });
    EXPECT_EQ(byCustomer.status, 404u) << byCustomer.body;
    EXPECT_TRUE(stored(bob.associateId));
}

TEST_F(UserAdminHost, BadInputIsA400NamingTheParameter)
{
    const User bob = t.addUser("bob");
    const std::int32_t external = addExternal("customer");
    struct Case {
        const char* method;
        bj::object params;
        const char* source;
    };
    const std::vector<Case> cases {
        { "DeleteUser", {}, "UserId" },
        { "DeleteUserFromName", { { "userName", "" } }, "userName" },
        { "MakeRetired", { { "associateId", bob.associateId } }, "retired" },
        { "MakeRetired", { { "associateId", bob.associateId }, { "retired", "maybe" } }, "retired" },
        { "ChangeUserType", { { "user", bj::object { { "AssociateId", bob.associateId } } } }, "userType" },
        { "ChangeUserType", { { "user", bj::object { { "AssociateId", bob.associateId } } }, { "userType", "Boss" } },
            "userType" },
        { "ChangeUserType", { { "userType", "ResourceAssociate" } }, "user" },
        { "RemoveLicenses", { { "associateId", -1 } }, "associateId" },
        { "CreateExternalUser", { { "userName", "c2" }, { "roleId", customerRole.roleId } }, "password" },
        { "CreateExternalUser",
            { { "personId", 5 }, { "userName", "c2" }, { "password", "pw" }, { "roleId", customerRole.roleId } },
            "personId" },
        { "DeleteExternalUser", { { "associateId", bob.associateId } }, "associateId" },
        { "SetExternalUserInfo", { { "associateId", external } }, "externalUserInfoModification" },
        { "SetExternalUserInfo", { { "associateId", external }, { "externalUserInfoModification", "Colour" } },
            "externalUserInfoModification" },
        { "SetExternalUserInfo", { { "associateId", bob.associateId }, { "externalUserInfoModification", "Active" } },
            "associateId" },
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.method) + " " + bj::serialize(c.params));
        const auto reply = agentAsAdmin(c.method, c.params);
        ASSERT_EQ(reply.status, 400u) << reply.body;
        EXPECT_TRUE(boost::beast::iequals(std::string(reply.json().at("ErrorSource").as_string()), c.source))
            << reply.body;
    }
    // A password in the request target (which the access log writes) is refused.
    const auto inQuery = asAdmin(beast_http::verb::post,
        "/api/v1/Agents/User/SetExternalUserInfo?associateId=" + std::to_string(external) +
            "&password=leaked%20secret&externalUserInfoModification=Password");
    ASSERT_EQ(inQuery.status, 400u) << inQuery.body;
    EXPECT_EQ(inQuery.json().at("ErrorSource"), "password");
    EXPECT_TRUE(stored(bob.associateId));
    EXPECT_FALSE(stored(bob.associateId)->deleted);
    EXPECT_EQ(stored(external)->type, UserType::ExternalAssociate);
}

} // namespace
} // namespace userservice::http::test
