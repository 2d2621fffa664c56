// A user's credentials by type (save, delete, find), defaults with a credential, and
// ResolveUserFromInfo, through the library: rights, bad input, and no secret or hidden
// user told.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace userservice;

namespace {

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class Credentials : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    Credentials()
    {
        t.service.addCredentialType(t.system(), { .type = "ad", .displayType = "Active Directory" });
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        ann = t.addUser("ann");
    }

    static Credential ad(const std::string& value, const std::string& display = {})
    {
        return { .type = CredentialType { .type = "ad" }, .value = value, .displayValue = display };
    }
    static Credential password(const std::string& value)
    {
        return { .type = CredentialType { .type = "password" }, .value = value };
    }

    /// The user's credential of `type` as the system sees it; nullopt when there is none.
    std::optional<Credential> stored(const User& user, std::string_view type)
    {
        const auto read = t.service.getUser(t.system(), user.associateId);
        for (const auto& credential : read->credentials.value_or(std::vector<Credential> {}))
            if (credential.type && credential.type->type == type)
                return credential;
        return std::nullopt;
    }

    static ErrorKind kindOf(const auto& result) { return result.error().kind(); }

    testkit::TestService t { {}, { .database = databaseFor(GetParam()) } };
    User admin, jdoe, ann;
};

INSTANTIATE_TEST_SUITE_P(Stores, Credentials, everyBackend, backendName);

TEST_P(Credentials, TypesForAUserTypeAreAllButForResources)
{
    EXPECT_EQ(t.service.credentialTypesForUserType(t.as(jdoe), UserType::InternalAssociate).size(), 2u);
    EXPECT_TRUE(t.service.credentialTypesForUserType(t.as(jdoe), UserType::ResourceAssociate).empty());
    EXPECT_EQ(kindOf(t.service.tryCredentialTypesForUserType(t.as(jdoe), UserType::Unknown)), ErrorKind::BadRequest);
}

TEST_P(Credentials, AnAdministratorSavesAndReplacesAPlainCredential)
{
    EXPECT_TRUE(t.service.saveCredential(t.as(admin), jdoe.associateId, ad("CORP\\jdoe", "John at CORP")));
    EXPECT_EQ(stored(jdoe, "ad")->value, "CORP\\jdoe");
    t.service.saveCredential(t.as(admin), jdoe.associateId, password("kept secret 1"));
    EXPECT_TRUE(t.service.saveCredential(t.as(admin), jdoe.associateId, ad("CORP\\john")));
    EXPECT_EQ(stored(jdoe, "ad")->value, "CORP\\john");
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "kept secret 1")); // the other credential stays
}

// A save of the whole user writes a credential whose value or display value changed, and
// keeps a stored secret that the save does not replace (issue 17: credentials kept as
// stored are neither read nor written again).
TEST_P(Credentials, ASaveOfTheUserStoresItsChangedCredentialsAndKeepsItsPassword)
{
    User user = jdoe;
    user.credentials = std::vector { ad("CORP\\jdoe", "John"), password("kept secret 2") };
    t.service.saveUser(t.as(admin), user);
    const auto saveRead = [&](auto change) {
        User read = t.service.getUser(t.as(admin), jdoe.associateId).value();
        change(*read.credentials);
        t.service.saveUser(t.as(admin), read);
    };
    saveRead([](std::vector<Credential>&) {}); // nothing changed
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "kept secret 2"));
    saveRead([](std::vector<Credential>& credentials) { credentials[0].value = "CORP\\john"; });
    EXPECT_EQ(stored(jdoe, "ad")->value, "CORP\\john");
    saveRead([](std::vector<Credential>& credentials) { credentials[0].displayValue = "John at CORP"; });
    EXPECT_EQ(stored(jdoe, "ad")->displayValue, "John at CORP");
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "kept secret 2"));
    saveRead([](std::vector<Credential>& credentials) { credentials[1].value = "new secret 3"; });
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "new secret 3"));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", "kept secret 2"));
}

TEST_P(Credentials, ASavedPasswordIsHashedAndNeverReadBack)
{
    ASSERT_TRUE(t.service.saveCredential(t.as(admin), jdoe.associateId, password("credential secret 1")));
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "credential secret 1"));
    EXPECT_EQ(stored(jdoe, "password")->value.value_or(""), "");
}

TEST_P(Credentials, NobodyButAUserAdministratorWritesCredentials)
{
    // The policy lets a user read its own Credentials, not write them (passwords: ChangeOwnPassword).
    EXPECT_EQ(
        kindOf(t.service.trySaveCredential(t.as(jdoe), jdoe.associateId, ad("CORP\\jdoe"))), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.trySaveCredential(t.as(jdoe), ann.associateId, ad("CORP\\ann"))), ErrorKind::Forbidden);
    t.service.saveCredential(t.as(admin), ann.associateId, ad("CORP\\ann"));
    t.service.saveCredential(t.as(admin), jdoe.associateId, password("own secret 1"));
    EXPECT_EQ(kindOf(t.service.tryDeleteCredential(t.as(jdoe), jdoe.associateId, "password")), ErrorKind::Forbidden);
    EXPECT_EQ(kindOf(t.service.tryDeleteCredential(t.as(jdoe), ann.associateId, "ad")), ErrorKind::Forbidden);
    EXPECT_TRUE(stored(ann, "ad"));
    EXPECT_TRUE(t.service.verifyPassword("jdoe", "own secret 1"));
}

TEST_P(Credentials, BadCredentialsAreRefusedNamingWhatIsWrongAndNeverEchoingASecret)
{
    auto result = t.service.trySaveCredential(t.as(admin), jdoe.associateId, ad("CORP\\x"));
    ASSERT_TRUE(result);
    result = t.service.trySaveCredential(t.as(admin), jdoe.associateId, { .value = "x" });
    EXPECT_EQ(kindOf(result), ErrorKind::BadRequest);
    EXPECT_EQ(result.error().source(), "credential.Type.Type");
    result = t.service.trySaveCredential(
        t.as(admin), jdoe.associateId, { .type = CredentialType { .type = "kerberos" }, .value = "x" });
    EXPECT_EQ(kindOf(result), ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.trySaveCredential(t.as(admin), jdoe.associateId, ad(" "))), ErrorKind::Validation);
    EXPECT_EQ(kindOf(t.service.trySaveCredential(t.as(admin), 0, ad("x"))), ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.trySaveCredential(t.as(admin), 9999, ad("x"))), ErrorKind::NotFound);
    const std::string tooLong(2000, 's');
    result = t.service.trySaveCredential(t.as(admin), jdoe.associateId, password(tooLong));
    EXPECT_EQ(kindOf(result), ErrorKind::Validation);
    EXPECT_EQ(result.error().message().find("sss"), std::string::npos);
    EXPECT_EQ(stored(jdoe, "ad")->value, "CORP\\x"); // nothing lost
}

TEST_P(Credentials, DeleteRemovesOneTypeAndSaysWhetherThereWasOne)
{
    t.service.saveCredential(t.as(admin), jdoe.associateId, ad("CORP\\jdoe"));
    EXPECT_TRUE(t.service.deleteCredential(t.as(admin), jdoe.associateId, "AD"));
    EXPECT_FALSE(stored(jdoe, "ad"));
    EXPECT_FALSE(t.service.deleteCredential(t.as(admin), jdoe.associateId, "ad"));
    t.service.saveCredential(t.as(admin), jdoe.associateId, password("to be removed 1"));
    EXPECT_TRUE(t.service.deleteCredential(t.as(admin), jdoe.associateId, "password"));
    EXPECT_FALSE(t.service.verifyPassword("jdoe", "to be removed 1"));
    EXPECT_EQ(kindOf(t.service.tryDeleteCredential(t.as(admin), jdoe.associateId, "")), ErrorKind::BadRequest);
}

TEST_P(Credentials, FindCredentialUsersShowsOnlyWhatTheCallerMayRead)
{
    t.service.saveCredential(t.as(admin), jdoe.associateId, ad("CORP\\jdoe", "John"));
    t.service.saveCredential(t.as(admin), ann.associateId, ad("CORP\\ann", "Ann"));
    auto found = t.service.findCredentialUsers(t.as(admin), "ad", "corp\\");
    ASSERT_EQ(found.users->size(), 2u);
    EXPECT_EQ((*found.users)[0].value, "CORP\\jdoe");
    EXPECT_EQ((*found.users)[0].info->at(0), "jdoe");
    EXPECT_EQ(found.headings->size(), (*found.users)[0].info->size());
    EXPECT_EQ(t.service.findCredentialUsers(t.as(admin), "ad", "ANN").users->size(), 1u);
    // An employee reads its own Credentials, not others': only itself is found.
    const auto own = t.service.findCredentialUsers(t.as(jdoe), "ad", "");
    ASSERT_EQ(own.users->size(), 1u);
    EXPECT_EQ((*own.users)[0].info->at(0), "jdoe");
    // A password's value is never shown, not even to an administrator; its display value is.
    t.service.saveCredential(t.as(admin), ann.associateId,
        { .type = CredentialType { .type = "password" }, .value = "ann secret 1", .displayValue = "ann login" });
    found = t.service.findCredentialUsers(t.as(admin), "password", "LOGIN");
    ASSERT_EQ(found.users->size(), 1u);
    EXPECT_FALSE((*found.users)[0].value);
    EXPECT_EQ((*found.users)[0].displayValue, "ann login");
    EXPECT_TRUE(t.service.findCredentialUsers(t.as(admin), "password", "secret").users->empty());
    EXPECT_EQ(kindOf(t.service.tryFindCredentialUsers(t.as(admin), "nope", "")), ErrorKind::BadRequest);
    EXPECT_EQ(
        kindOf(t.service.tryFindCredentialUsers(t.as(admin), "ad", std::string(300, 'a'))), ErrorKind::BadRequest);
}

TEST_P(Credentials, FindCredentialsGroupsIsEmptyForAKnownType)
{
    EXPECT_TRUE(t.service.findCredentialsGroups(t.as(admin), "ad", "").empty());
    EXPECT_EQ(kindOf(t.service.tryFindCredentialsGroups(t.as(admin), "nope", "")), ErrorKind::BadRequest);
}

TEST_P(Credentials, ADefaultUserWithACredentialNeverHoldsASecret)
{
    const User user = t.service.createDefaultUserFromUserTypeAndCredential(
        t.as(admin), UserType::InternalAssociate, 0, "ad", "CORP\\new", "New");
    ASSERT_EQ(user.credentials->size(), 1u);
    EXPECT_EQ((*user.credentials)[0].value, "CORP\\new");
    EXPECT_EQ((*user.credentials)[0].type->displayType, "Active Directory");
    EXPECT_EQ(user.associateId, 0);
    const User withPassword = t.service.createDefaultUserFromUserTypeAndCredential(
        t.as(admin), UserType::InternalAssociate, 0, "password", "", "login");
    EXPECT_FALSE((*withPassword.credentials)[0].value.value_or("").size());
    auto refused = t.service.tryCreateDefaultUserFromUserTypeAndCredential(
        t.as(admin), UserType::InternalAssociate, 0, "password", "typed secret 1", "");
    EXPECT_EQ(kindOf(refused), ErrorKind::BadRequest);
    EXPECT_EQ(refused.error().message().find("typed secret"), std::string::npos);
    EXPECT_EQ(kindOf(t.service.tryCreateDefaultUserFromUserTypeAndCredential(
                  t.as(admin), UserType::InternalAssociate, 7, "ad", "x", "")),
        ErrorKind::BadRequest);
}

TEST_P(Credentials, ResolveFindsByCredentialThenByEmailElseCreates)
{
    t.service.saveCredential(t.as(admin), ann.associateId, ad("CORP\\ann"));
    auto resolved = t.service.resolveUserFromInfo(t.as(admin), { .credential = ad("corp\\ANN") });
    EXPECT_EQ(resolved.user->associateId, ann.associateId);
    EXPECT_FALSE(resolved.personCreated);
    resolved = t.service.resolveUserFromInfo(t.as(admin), { .emails = { "nobody@x.com", "JDOE@example.com" } });
    EXPECT_EQ(resolved.user->associateId, jdoe.associateId);
    resolved = t.service.resolveUserFromInfo(t.as(admin),
        { .personName = "Mary Ann Smith",
            .phoneNumbers = { "+47 1", "+47 2" },
            .emails = { "mary@x.com" },
            .credential = ad("CORP\\mary") });
    ASSERT_TRUE(resolved.personCreated);
    EXPECT_EQ(resolved.user->userName, "msmith");
    EXPECT_EQ(resolved.user->person->firstname, "Mary Ann");
    EXPECT_EQ(resolved.user->person->email, "mary@x.com");
    EXPECT_EQ(resolved.user->person->mobilePhone, "+47 2");
    // Resolving the same details again finds that user.
    const auto again = t.service.resolveUserFromInfo(t.as(admin), { .credential = ad("CORP\\mary") });
    EXPECT_EQ(again.user->associateId, resolved.user->associateId);
}

TEST_P(Credentials, ResolveIsNoOracleForWhatTheCallerMayNotRead)
{
    t.service.saveCredential(t.as(admin), ann.associateId, ad("CORP\\ann"));
    // jdoe may not read ann's Credentials nor create users: one answer whether or not someone matches.
    const auto hidden =
        t.service.tryResolveUserFromInfo(t.as(jdoe), { .personName = "A B", .credential = ad("CORP\\ann") });
    const auto none =
        t.service.tryResolveUserFromInfo(t.as(jdoe), { .personName = "A B", .credential = ad("CORP\\zed") });
    ASSERT_FALSE(hidden);
    ASSERT_FALSE(none);
    EXPECT_EQ(hidden.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(hidden.error().message(), none.error().message());
    // An e-mail it may read is found.
    EXPECT_EQ(t.service.resolveUserFromInfo(t.as(jdoe), { .emails = { "ann@example.com" } }).user->associateId,
        ann.associateId);
}

TEST_P(Credentials, ResolveRefusesBadInput)
{
    EXPECT_EQ(kindOf(t.service.tryResolveUserFromInfo(t.as(admin), { .contactId = 3, .personName = "A B" })),
        ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.tryResolveUserFromInfo(t.as(admin), { .credential = password("a secret 1") })),
        ErrorKind::BadRequest);
    EXPECT_EQ(kindOf(t.service.tryResolveUserFromInfo(t.as(admin), { .emails = { "none@x.com" } })),
        ErrorKind::BadRequest); // nothing found and no personName to create from
    EXPECT_EQ(kindOf(t.service.tryResolveUserFromInfo(
                  t.as(admin), { .personName = "A B", .phoneNumbers = { "1", "2", "3" } })),
        ErrorKind::BadRequest);
}

} // namespace
