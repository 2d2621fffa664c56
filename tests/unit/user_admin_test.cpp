// Users changed by an administrator, through the library: delete (with the plugins'
// hooks and the audit trail), retire and back, user type, licences, external users;
// and callers who may not.
#include <userservice/user_service.hpp>

#include <userservice/testing.hpp>

#include "store_backends.hpp"

#include <gtest/gtest.h>

extern const userservice::plugin::Descriptor userservice_plugin_audit_trail;

using namespace userservice;
using testkit::hasRecord;

namespace {

/// What a plugin's post-save and after-commit commands were told.
struct Seen {
    std::string hook;
    plugin::UserChange change;
    std::int32_t id;
    bool readable; ///< whether the user could still be read through the transaction
};

/// On each store: SQLite in memory, and PostgreSQL when a server is given (store_backends.hpp).
class UserAdmin : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
    UserAdmin()
    {
        LicenseOwner owner { .name = "SuperOffice" };
        owner.restrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Sales", .total = 5 } };
        module = (*t.service.addLicenseOwner(t.system(), owner).restrictedModuleLicenses)[0].moduleLicenseId;
        externalRole = t.service.addRole(t.system(), { .name = "Customer", .roleType = RoleType::ExternalUser });
        admin = t.addAdministrator("admin");
        jdoe = t.addUser("jdoe");
        bob = withLicence(t.newUser("bob"));
        bob.credentials =
            std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = secret } };
        bob = t.service.saveUser(t.system(), bob);
    }

    User withLicence(User user) const
    {
        user.licenseOwners = std::vector<LicenseOwner> { { .restrictedModuleLicenses = std::vector<ModuleLicenseLink> {
                                                               { .assigned = true, .moduleLicenseId = module } } } };
        return user;
    }
    static bool licensed(const User& user) { return (*(*user.licenseOwners)[0].restrictedModuleLicenses)[0].assigned; }
    User stored(std::int32_t id) { return t.service.getUser(t.system(), id).value(); }
    CallerContext partnerApp() const
    {
        CallerContext caller = t.as(admin);
        caller.appToken = "partner";
        return caller;
    }

    testkit::TestService t { { &userservice_plugin_audit_trail }, { .database = databaseFor(GetParam()) } };
    const std::string secret = "bobs secret 1";
    std::int32_t module = 0;
    Role externalRole;
    User admin, jdoe, bob;
};

INSTANTIATE_TEST_SUITE_P(Stores, UserAdmin, everyBackend, backendName);

// ---------------------------------------------------------------- delete

TEST_P(UserAdmin, DeleteRunsPostSaveWhileTheUserIsReadableThenAfterCommit)
{
    std::vector<Seen> seen;
    t.registry->registerHost([&](plugin::Registrar& r) {
        const auto record = [&](const char* hook) {
            return [&seen, hook](plugin::PostSaveCall& call) {
                const bool readable = call.transaction->getUser(call.after.associateId).has_value();
                seen.push_back({ hook, call.change, call.after.associateId, readable });
            };
        };
        r.postSaveCommand("watch-post-save", record("post-save"));
        r.afterCommitCommand("watch-after-commit", record("after-commit"));
    });
    t.service.deleteUser(t.as(admin), bob.associateId);

    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].hook, "post-save");
    EXPECT_EQ(seen[0].change, plugin::UserChange::Deleted);
    EXPECT_EQ(seen[0].id, bob.associateId);
    EXPECT_TRUE(seen[0].readable) << "post-save commands run before the row goes";
    EXPECT_EQ(seen[1].hook, "after-commit");
    EXPECT_EQ(seen[1].change, plugin::UserChange::Deleted);
    EXPECT_FALSE(seen[1].readable) << "after-commit commands run once it is gone";
    EXPECT_FALSE(t.service.getUser(t.system(), bob.associateId));

    seen.clear(); // a save still says Saved
    t.service.saveUser(t.system(), stored(jdoe.associateId));
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen[0].change, plugin::UserChange::Saved);
}

TEST_P(UserAdmin, APostSaveCommandThatThrowsRefusesTheDeleteAndKeepsTheUser)
{
    t.registry->registerHost([](plugin::Registrar& r) {
        r.postSaveCommand("keep-bob", [](plugin::PostSaveCall& call) {
            if (call.change == plugin::UserChange::Deleted && call.after.userName == "bob")
                throw Exception(Error(ErrorKind::BadRequest, "bob stays", {}, "AssociateId"));
        });
    });
    const auto refused = t.service.tryDeleteUser(t.system(), bob.associateId);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "bob stays");
    EXPECT_TRUE(t.service.getUser(t.system(), bob.associateId));
    EXPECT_TRUE(t.service.verifyPassword("bob", secret));
}

TEST_P(UserAdmin, TheAuditTrailRecordsADeleteWithoutAnySecret)
{
    t.service.deleteUser(t.as(admin), bob.associateId);

    // The record outlives the user; a user administrator may read it.
    const auto records = t.service.records(t.as(admin), "audit", bob.associateId);
    ASSERT_EQ(records.size(), 2u); // created, deleted
    EXPECT_EQ(hasRecord({ records.back() }, R"("deleted":true)"), "");
    EXPECT_EQ(hasRecord({ records.back() }, R"({"field":"User.UserName","old":"bob","new":null})"), "");
    EXPECT_EQ(hasRecord({ records.back() }, R"({"field":"User.Credentials","redacted":true})"), "");
    EXPECT_EQ(records.back().by, admin.associateId);
    for (const auto& record : records) {
        EXPECT_EQ(record.body.find(secret), std::string::npos) << record.body;
        EXPECT_EQ(record.body.find("$argon2"), std::string::npos) << record.body;
    }
    // An ordinary user may not read a deleted user's records.
    EXPECT_THROW(t.service.records(t.as(jdoe), "audit", bob.associateId), Exception);
}

TEST_P(UserAdmin, DeleteUserFromNameFindsTheNameIgnoringCase)
{
    t.service.deleteUserFromName(t.as(admin), "BOB");
    EXPECT_FALSE(t.service.getUser(t.system(), bob.associateId));
    const auto unknown = t.service.tryDeleteUserFromName(t.as(admin), "nobody");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind(), ErrorKind::NotFound);
    EXPECT_EQ(unknown.error().source(), "userName");
    EXPECT_EQ(t.service.tryDeleteUserFromName(t.as(admin), "").error().kind(), ErrorKind::BadRequest);
}

TEST_P(UserAdmin, OrdinaryUsersPartnerAppsAndHiddenUsersMayNotDelete)
{
    const auto byJdoe = t.service.tryDeleteUserFromName(t.as(jdoe), "bob");
    ASSERT_FALSE(byJdoe);
    EXPECT_EQ(byJdoe.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(t.service.tryDeleteUser(partnerApp(), bob.associateId).error().kind(), ErrorKind::Forbidden);
    // An external user sees no one else: NotFound, as for a user that does not exist.
    const User guest = t.addUser("guest", UserType::ExternalAssociate);
    EXPECT_EQ(t.service.tryDeleteUser(t.as(guest), bob.associateId).error().kind(), ErrorKind::NotFound);
    EXPECT_EQ(t.service.tryDeleteUserFromName(t.as(guest), "bob").error().kind(), ErrorKind::NotFound);
    EXPECT_TRUE(t.service.getUser(t.system(), bob.associateId));
}

// ---------------------------------------------------------------- retire, type, licences

TEST_P(UserAdmin, RetiringRemovesLicencesAndRetiresPersonAndUserAndBack)
{
    ASSERT_TRUE(licensed(bob));
    t.service.makeRetired(t.as(admin), bob.associateId, true);
    User retired = stored(bob.associateId);
    EXPECT_TRUE(retired.deleted);
    EXPECT_EQ(retired.person->retired, 1);
    EXPECT_TRUE(retired.isPersonRetired);
    EXPECT_FALSE(licensed(retired));
    EXPECT_FALSE(t.service.verifyPassword("bob", secret)) << "a retired user cannot log in";
    EXPECT_EQ(hasRecord(t.service.records(t.system(), "audit", bob.associateId), R"("field":"User.Deleted")"), "");

    t.service.makeRetired(t.as(admin), bob.associateId, false);
    const User back = stored(bob.associateId);
    EXPECT_FALSE(back.deleted);
    EXPECT_EQ(back.person->retired, 0);
    EXPECT_FALSE(licensed(back)) << "licences stay removed";
    EXPECT_TRUE(t.service.verifyPassword("bob", secret));
}

TEST_P(UserAdmin, ChangeUserTypeAndRemoveLicensesAreSaves)
{
    const User changed = t.service.changeUserType(t.as(admin), bob.associateId, UserType::ResourceAssociate);
    EXPECT_EQ(changed.type, UserType::ResourceAssociate);
    EXPECT_EQ(stored(bob.associateId).type, UserType::ResourceAssociate);
    EXPECT_EQ(t.service.tryChangeUserType(t.as(admin), bob.associateId, UserType::Unknown).error().kind(),
        ErrorKind::BadRequest);

    t.service.removeLicenses(t.as(admin), bob.associateId);
    EXPECT_FALSE(licensed(stored(bob.associateId)));
    EXPECT_FALSE(stored(bob.associateId).deleted);
    EXPECT_EQ(t.service.tryRemoveLicenses(t.as(admin), 9999).error().kind(), ErrorKind::NotFound);
}

TEST_P(UserAdmin, ACallerWithoutTheRightGetsForbiddenNamingTheFields)
{
    // jdoe may change some fields of its own record, not these.
    const auto own = t.service.tryMakeRetired(t.as(jdoe), jdoe.associateId, true);
    ASSERT_FALSE(own);
    EXPECT_EQ(own.error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(testkit::hasFieldError(own.error(), "User.Deleted"), "");
    const auto type = t.service.tryChangeUserType(t.as(jdoe), jdoe.associateId, UserType::SystemAssociate);
    ASSERT_FALSE(type);
    EXPECT_EQ(testkit::hasFieldError(type.error(), "User.Type"), "");
    EXPECT_EQ(t.service.tryRemoveLicenses(t.as(jdoe), bob.associateId).error().kind(), ErrorKind::Forbidden);
    EXPECT_EQ(t.service.tryMakeRetired(partnerApp(), bob.associateId, true).error().kind(), ErrorKind::Forbidden);
    EXPECT_FALSE(stored(jdoe.associateId).deleted);
    EXPECT_TRUE(licensed(stored(bob.associateId)));
}

// ---------------------------------------------------------------- external users

TEST_P(UserAdmin, AnExternalUserHasAHashedPasswordAndCanBeChangedFlagByFlag)
{
    const std::int32_t id =
        t.service.createExternalUser(t.as(admin), 0, "customer1", "customer secret 1", externalRole.roleId, true);
    User created = stored(id);
    EXPECT_EQ(created.type, UserType::ExternalAssociate);
    EXPECT_EQ(created.userName, "customer1");
    EXPECT_EQ(created.role->roleId, externalRole.roleId);
    EXPECT_FALSE(created.deleted);
    ASSERT_EQ(created.credentials->size(), 1u);
    EXPECT_FALSE((*created.credentials)[0].value) << "the password is never returned";
    EXPECT_TRUE(t.service.verifyPassword("customer1", "customer secret 1"));

    using M = ExternalUserInfoModification;
    t.service.setExternalUserInfo(t.as(admin), id, "customer2", "ignored", false, 0, M::UserName);
    EXPECT_TRUE(t.service.verifyPassword("customer2", "customer secret 1")) << "only the user name changed";
    EXPECT_FALSE(stored(id).deleted);
    t.service.setExternalUserInfo(t.as(admin), id, "", "new secret 2", false, t.employee.roleId, M::Password | M::Role);
    EXPECT_TRUE(t.service.verifyPassword("customer2", "new secret 2"));
    EXPECT_EQ(stored(id).role->roleId, t.employee.roleId);
    t.service.setExternalUserInfo(t.as(admin), id, "", "", false, 0, M::Active);
    EXPECT_TRUE(stored(id).deleted);
    for (const auto& record : t.service.records(t.system(), "audit", id)) {
        EXPECT_EQ(record.body.find("customer secret 1"), std::string::npos) << record.body;
        EXPECT_EQ(record.body.find("new secret 2"), std::string::npos) << record.body;
    }

    t.service.deleteExternalUser(t.as(admin), id);
    EXPECT_FALSE(t.service.getUser(t.system(), id));
}

TEST_P(UserAdmin, ExternalUserCallsRefuseBadInputAndOtherUsers)
{
    using M = ExternalUserInfoModification;
    const auto kind = [](const auto& result) {
        return result ? std::string("ok") : std::string(toString(result.error().kind()));
    };
    const auto notExternal = t.service.tryDeleteExternalUser(t.as(admin), bob.associateId);
    ASSERT_FALSE(notExternal);
    EXPECT_EQ(notExternal.error().kind(), ErrorKind::BadRequest);
    EXPECT_NE(notExternal.error().message().find("is not an external user"), std::string::npos);
    EXPECT_TRUE(t.service.getUser(t.system(), bob.associateId));
    EXPECT_EQ(kind(t.service.trySetExternalUserInfo(t.as(admin), bob.associateId, "x", "", true, 0, M::UserName)),
        "BadRequest");
    EXPECT_EQ(stored(bob.associateId).userName, "bob");

    const std::int32_t id = t.service.createExternalUser(t.as(admin), 0, "customer", "pw 1", externalRole.roleId, true);
    EXPECT_EQ(kind(t.service.trySetExternalUserInfo(t.as(admin), id, "", "", true, 0, M::Unknown)), "BadRequest");
    EXPECT_EQ(kind(t.service.trySetExternalUserInfo(t.as(admin), id, "", "", true, 0, M::Password)), "BadRequest");
    EXPECT_EQ(
        kind(t.service.trySetExternalUserInfo(t.as(admin), id, "", "", true, 0, static_cast<M>(16))), "BadRequest");
    EXPECT_EQ(
        kind(t.service.tryCreateExternalUser(t.as(admin), 7, "c2", "pw", externalRole.roleId, true)), "BadRequest");
    EXPECT_EQ(kind(t.service.tryCreateExternalUser(t.as(admin), 0, "c2", "", externalRole.roleId, true)), "BadRequest");
    EXPECT_EQ(
        kind(t.service.tryCreateExternalUser(t.as(admin), 0, "customer", "pw", externalRole.roleId, true)), "Conflict");

    EXPECT_EQ(kind(t.service.tryCreateExternalUser(t.as(jdoe), 0, "c3", "pw", externalRole.roleId, true)), "Forbidden");
    EXPECT_EQ(
        kind(t.service.tryCreateExternalUser(partnerApp(), 0, "c3", "pw", externalRole.roleId, true)), "Forbidden");
    EXPECT_EQ(kind(t.service.tryDeleteExternalUser(t.as(jdoe), id)), "Forbidden");
    EXPECT_EQ(kind(t.service.trySetExternalUserInfo(t.as(jdoe), id, "", "", false, 0, M::Active)), "Forbidden");
    EXPECT_FALSE(stored(id).deleted);
}

} // namespace
