// The User agent's credential methods and ResolveUserFromInfo over HTTP, every way
// their parameters travel, with a caller who may not and bad input.
#include "host_fixture.hpp"

#include <boost/json/parse.hpp>

namespace userservice::http::test {
namespace {

namespace bj = boost::json;

class HttpCredentials : public HttpHost {
protected:
    HttpCredentials() { t.service.addCredentialType(t.system(), { .type = "ad", .displayType = "Active Directory" }); }

    static bj::object ad(const std::string& value, const std::string& display = "")
    {
        return { { "Type", bj::object { { "Type", "ad" } } }, { "Value", value }, { "DisplayValue", display } };
    }

    std::optional<std::string> adValue(const User& user)
    {
        for (const auto& c :
            t.service.getUser(t.system(), user.associateId)->credentials.value_or(std::vector<Credential> {}))
            if (c.type && c.type->type == "ad")
                return c.value;
        return std::nullopt;
    }
};

TEST_F(HttpCredentials, CredentialTypesEveryWay)
{
    auto reply = agentAsJdoe("GetCredentialTypes", {}, Way::Query);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json().as_array().size(), 2u);
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        reply = agentAsJdoe("GetCredentialTypesForUserType", { { "userType", "InternalAssociate" } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.json().as_array().size(), 2u);
    }
    reply = agentAsJdoe("GetCredentialTypesForUserType", { { "userType", "Robot" } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(agentAsJdoe("GetCredentialTypesForUserType", {}).status, 400u);
}

TEST_F(HttpCredentials, SaveAndDeleteCredentialEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const std::string value = std::string("CORP\\") + nameOf(way);
        auto reply =
            agentAsAdmin("SaveCredential", { { "userId", jdoe.associateId }, { "credential", ad(value) } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "true");
        EXPECT_EQ(adValue(jdoe), value);
        reply = agentAsAdmin("DeleteCredential", { { "userId", jdoe.associateId }, { "credentialType", "ad" } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "true");
        EXPECT_FALSE(adValue(jdoe));
        reply = agentAsAdmin("DeleteCredential", { { "userId", jdoe.associateId }, { "credentialType", "ad" } }, way);
        EXPECT_EQ(reply.body, "false");
    }
}

TEST_F(HttpCredentials, ASavedPasswordSignsInAndIsNeverEchoedOrLogged)
{
    const bj::object credential { { "Type", bj::object { { "Type", "password" } } },
        { "Value", "via credential 777" } };
    auto reply = agentAsAdmin("SaveCredential", { { "userId", jdoe.associateId }, { "credential", credential } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "via credential 777"));
    reply = agentAsAdmin("GetUser", { { "userId", jdoe.associateId } }, Way::Query);
    EXPECT_EQ(reply.body.find("via credential"), std::string::npos);
    for (const auto* lines : { &accessLog, &log })
        for (const auto& line : lines->get())
            EXPECT_EQ(line.find("via credential"), std::string::npos) << line;
}

TEST_F(HttpCredentials, AnEmployeeMayNotWriteCredentialsAndBadInputIs400)
{
    auto reply = agentAsJdoe("SaveCredential", { { "userId", jdoe.associateId }, { "credential", ad("CORP\\me") } });
    EXPECT_EQ(reply.status, 403u) << reply.body;
    reply = agentAsJdoe("DeleteCredential", { { "userId", jdoe.associateId }, { "credentialType", "password" } });
    EXPECT_EQ(reply.status, 403u) << reply.body;
    EXPECT_TRUE(t.service.verifyPassword("jdoe", jdoePassword));
    reply = agentAsAdmin("SaveCredential", { { "userId", jdoe.associateId } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.json().at("ErrorSource"), "credential");
    const bj::object unknown { { "Type", bj::object { { "Type", "kerberos" } } }, { "Value", "x" } };
    reply = agentAsAdmin("SaveCredential", { { "userId", jdoe.associateId }, { "credential", unknown } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    reply = agentAsAdmin("SaveCredential", { { "userId", "abc" }, { "credential", ad("x") } }, Way::Query);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    reply = agentAsAdmin("DeleteCredential", { { "userId", jdoe.associateId } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    reply = agentAsAdmin("DeleteCredential", { { "userId", 9999 }, { "credentialType", "ad" } });
    EXPECT_EQ(reply.status, 404u) << reply.body;
}

TEST_F(HttpCredentials, FindCredentialUsersEveryWayAndOnlyForReaders)
{
    t.service.saveCredential(
        t.system(), jdoe.associateId, { .type = CredentialType { .type = "ad" }, .value = "CORP\\jdoe" });
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        auto reply = agentAsAdmin("FindCredentialUsers", { { "type", "ad" }, { "searchString", "jd" } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        const auto users = reply.json().at("Users").as_array();
        ASSERT_EQ(users.size(), 1u);
        EXPECT_EQ(users[0].at("Value"), "CORP\\jdoe");
        EXPECT_EQ(users[0].at("Info").as_array()[0], "jdoe");
        reply = agentAsAdmin("FindCredentialsGroups", { { "type", "ad" }, { "searchString", "jd" } }, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.body, "[]");
    }
    t.service.saveCredential(
        t.system(), admin.associateId, { .type = CredentialType { .type = "ad" }, .value = "CORP\\boss" });
    auto reply = agentAsJdoe("FindCredentialUsers", { { "type", "ad" } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    ASSERT_EQ(reply.json().at("Users").as_array().size(), 1u); // others' Credentials are hidden from an employee
    EXPECT_EQ(reply.json().at("Users").as_array()[0].at("Value"), "CORP\\jdoe");
    EXPECT_EQ(agentAsAdmin("FindCredentialUsers", { { "searchString", "x" } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("FindCredentialUsers", { { "type", "nope" } }).status, 400u);
    EXPECT_EQ(agentAsAdmin("FindCredentialsGroups", { { "type", "nope" } }).status, 400u);
}

TEST_F(HttpCredentials, CreateDefaultUserFromUserTypeAndCredentialEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        auto reply = agentAsJdoe("CreateDefaultUserFromUserTypeAndCredential",
            { { "userType", "InternalAssociate" }, { "contactId", 0 }, { "credentialType", "ad" },
                { "credentialValue", "CORP\\new" }, { "credentialDisplayValue", "New" } },
            way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        const auto credential = reply.json().at("Credentials").as_array().at(0);
        EXPECT_EQ(credential.at("Value"), "CORP\\new");
        EXPECT_EQ(credential.at("DisplayValue"), "New");
        EXPECT_EQ(reply.json().at("AssociateId"), 0);
    }
    auto reply = agentAsAdmin("CreateDefaultUserFromUserTypeAndCredential",
        { { "userType", "InternalAssociate" }, { "contactId", 5 }, { "credentialType", "ad" } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.json().at("ErrorSource"), "contactId");
    reply = agentAsAdmin("CreateDefaultUserFromUserTypeAndCredential",
        { { "userType", "InternalAssociate" }, { "credentialType", "password" }, { "credentialValue", "typed 999" } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_EQ(reply.body.find("typed 999"), std::string::npos);
}

TEST_F(HttpCredentials, ResolveUserFromInfoEveryWay)
{
    for (const auto way : everyWay) {
        SCOPED_TRACE(nameOf(way));
        const std::string name = std::string("Pat ") +
            (way == Way::Query              ? "Query"
                    : way == Way::CamelBody ? "Camel"
                                            : "Pascal");
        const std::string email = std::string(nameOf(way)).substr(0, 5) + "@x.com";
        const bj::object params { { "contactId", 0 }, { "personName", name }, { "emails", bj::array { email } },
            { "phoneNumbers", bj::array { "+47 1" } }, { "userType", "InternalAssociate" } };
        auto reply = agentAsAdmin("ResolveUserFromInfo", params, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.json().at("PersonCreated"), true);
        const auto id = reply.json().at("User").at("AssociateId").as_int64();
        reply = agentAsAdmin("ResolveUserFromInfo", params, way);
        ASSERT_EQ(reply.status, 200u) << reply.body;
        EXPECT_EQ(reply.json().at("PersonCreated"), false);
        EXPECT_EQ(reply.json().at("User").at("AssociateId").as_int64(), id);
    }
}

TEST_F(HttpCredentials, ResolveUserFromInfoRightsAndBadInput)
{
    t.service.saveCredential(
        t.system(), admin.associateId, { .type = CredentialType { .type = "ad" }, .value = "CORP\\boss" });
    // jdoe may not read admin's credential nor create users: the same 403 with or without a match.
    auto hidden = agentAsJdoe("ResolveUserFromInfo", { { "personName", "A B" }, { "credential", ad("CORP\\boss") } });
    auto none = agentAsJdoe("ResolveUserFromInfo", { { "personName", "A B" }, { "credential", ad("CORP\\nobody") } });
    EXPECT_EQ(hidden.status, 403u) << hidden.body;
    EXPECT_EQ(hidden.body, none.body);
    auto reply = agentAsAdmin("ResolveUserFromInfo", { { "contactId", 12 }, { "personName", "A B" } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    EXPECT_NE(reply.body.find("no contacts"), std::string::npos) << reply.body;
    reply = agentAsAdmin("ResolveUserFromInfo", { { "emails", 5 } });
    EXPECT_EQ(reply.status, 400u) << reply.body;
    reply = agentAsAdmin("ResolveUserFromInfo", { { "emails", bj::array { "nobody@x.com" } } });
    EXPECT_EQ(reply.status, 400u) << reply.body; // nothing found, and no personName to create from
    EXPECT_EQ(reply.json().at("ErrorSource"), "personName");
}

} // namespace
} // namespace userservice::http::test
