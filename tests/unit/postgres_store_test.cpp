// The store interface on each store (StoreContract: tokens, reset tokens, records and
// their ids, presence, credential look-ups, uniqueness), the records' migration, and the
// SQLite store's largest AssociateId; what only the PostgreSQL store has: its connection
// string kept out of messages, its schema version, a lost connection replaced; and two
// services on one database, on each store.
#include "store/postgresql_store.hpp"
#include "store/sqlite/schema.hpp"

#include "store_backends.hpp"
#include "test_data.hpp"

#include <userservice/error.hpp>
#include <userservice/user_service.hpp>

#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using namespace userservice;

namespace {

User namedUser(const std::string& name)
{
    User user;
    user.name = name;
    user.userName = name;
    user.type = UserType::InternalAssociate;
    return user;
}

DateTime at(std::int64_t ticks)
{
    return DateTime::fromUtc(DateTime::UtcTime { DateTime::Ticks { ticks } }, {}, DateTime::OffsetStyle::Zulu);
}

class StoreContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam());
        store = openStoreFor(GetParam(), dir.file("contract.db"));
    }

    std::int32_t insert(const std::string& name, std::vector<store::CredentialRow> credentials = {})
    {
        return store->write([&](store::Session& s) { return s.insertUser(namedUser(name), credentials, {}); });
    }

    TempDir dir;
    std::unique_ptr<store::Store> store;
};

INSTANTIATE_TEST_SUITE_P(Stores, StoreContract, everyBackend, backendName);

TEST_P(StoreContract, ApiTokensAreFoundByTheirHashAndGoWhenRevoked)
{
    const std::int32_t ada = insert("ada");
    const std::array<unsigned char, 4> hash { 0x00, 0xff, 0x5c, 0x22 }; // a NUL, a backslash, a quote
    const ApiToken token { .associateId = ada, .label = "ci", .created = at(17'000'000'000'000'000) };
    const std::int64_t id = store->write([&](store::Session& s) { return s.insertApiToken(token, hash); });
    store->read([&](store::Session& s) {
        EXPECT_EQ(s.apiTokenUser(hash), ada);
        EXPECT_EQ(s.apiTokenUser(std::array<unsigned char, 4> { 0x00, 0xff, 0x5c, 0x23 }), std::nullopt);
        const auto stored = s.apiToken(id);
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->label, "ci");
        EXPECT_EQ(stored->created, token.created);
        EXPECT_EQ(s.apiTokens(ada).size(), 1u);
        EXPECT_EQ(s.apiTokens(0).size(), 1u);
    });
    EXPECT_TRUE(store->write([&](store::Session& s) { return s.deleteApiToken(id); }));
    EXPECT_FALSE(store->write([&](store::Session& s) { return s.deleteApiToken(id); }));
    store->read([&](store::Session& s) { EXPECT_EQ(s.apiTokenUser(hash), std::nullopt); });
}

TEST_P(StoreContract, AResetTokenIsUsedOnceAndNotAfterItExpires)
{
    const std::int32_t ada = insert("ada");
    const std::array<unsigned char, 3> token { 1, 2, 3 }, expired { 4, 5, 6 };
    store->write([&](store::Session& s) {
        s.insertPasswordReset(token, ada, 1'000);
        s.insertPasswordReset(expired, ada, 10);
    });
    store->write([&](store::Session& s) {
        EXPECT_EQ(s.passwordResetUser(token, 500), ada);
        EXPECT_EQ(s.passwordResetUser(expired, 500), std::nullopt);
        EXPECT_TRUE(s.takePasswordReset(token, 500));
        EXPECT_FALSE(s.takePasswordReset(token, 500));
    });
}

TEST_P(StoreContract, RecordsComeBackInTheOrderTheyWereAppended)
{
    const std::int32_t ada = insert("ada");
    store->write([&](store::Session& s) {
        for (const char* body : { "first", "second \"quoted\"", "third" })
            s.appendRecord({ .stream = "audit", .associateId = ada, .at = at(1'000), .by = 7, .body = body });
        s.appendRecord({ .stream = "outbox", .associateId = ada, .at = at(2'000), .by = 0, .body = "other" });
    });
    const auto records = store->read([&](store::Session& s) { return s.records("audit", ada); });
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].body, "second \"quoted\"");
    EXPECT_EQ(records[1].by, 7);
    EXPECT_EQ(records[1].at, at(1'000));
    EXPECT_LT(records[0].id, records[1].id);
}

// A record's id is its user's id times 2^32 plus its place among that user's records
// (store/records_sql.hpp): one range of the primary key per user.
TEST_P(StoreContract, EachUsersRecordsAreNumberedInARangeOfTheirOwn)
{
    const std::int32_t ada = insert("ada"), bob = insert("bob");
    store->write([&](store::Session& s) {
        for (const std::int32_t user : { ada, bob, ada, 0, bob, ada })
            s.appendRecord({ .stream = "audit", .associateId = user, .at = at(1'000), .body = std::to_string(user) });
    });
    constexpr std::int64_t perUser = std::int64_t { 1 } << 32;
    const auto ids = [&](std::int32_t user) {
        std::vector<std::int64_t> out;
        for (const UserRecord& record : store->read([&](store::Session& s) { return s.records("audit", user); })) {
            EXPECT_EQ(record.body, std::to_string(user));
            out.push_back(record.id);
        }
        return out;
    };
    EXPECT_EQ(ids(ada), (std::vector { ada * perUser + 1, ada * perUser + 2, ada * perUser + 3 }));
    EXPECT_EQ(ids(bob), (std::vector { bob * perUser + 1, bob * perUser + 2 }));
    EXPECT_EQ(ids(0), (std::vector<std::int64_t> { 1 })); // a record about no user (a list's audit)
}

// 2^32 - 1 records about one user: the next is refused, not numbered into the next user's
// range, and what was stored stays.
TEST_P(StoreContract, AUserWhoseRecordIdsAreUsedUpGetsAnErrorNotTheNextUsersIds)
{
    const std::int32_t ada = insert("ada"), bob = insert("bob");
    constexpr std::int64_t perUser = std::int64_t { 1 } << 32;
    const std::int64_t lastOfAda = ada * perUser + perUser - 1;
    store->write([&](store::Session& s) {
        const store::Row row { lastOfAda, std::string("audit"), std::int64_t { ada }, std::int64_t { 0 },
            std::int64_t { 0 }, std::string("the last") };
        s.insertRows({ .name = "plugin_records", .columns = { "id", "stream", "user_id", "at", "by", "body" } },
            std::span(&row, 1));
    });
    try {
        store->write([&](store::Session& s) {
            s.appendRecord({ .stream = "audit", .associateId = ada, .at = at(1'000), .body = "one too many" });
        });
        ADD_FAILURE() << "a record was appended after the user's last id";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("plugin_records_id_in_user_range"), std::string::npos) << e.what();
    }
    store->read([&](store::Session& s) {
        const auto records = s.records("audit", ada);
        ASSERT_EQ(records.size(), 1u);
        EXPECT_EQ(records[0].id, lastOfAda);
        EXPECT_TRUE(s.records("audit", bob).empty());
    });
}

TEST_P(StoreContract, CredentialsAndSecretsAreStoredInOrderAndLookedUpIgnoringCase)
{
    store->write([&](store::Session& s) {
        s.insertCredentialType({ .type = "password", .canCreatePassword = true });
        s.insertCredentialType({ .type = "ad" });
    });
    const std::int32_t ada = insert("ada",
        { { .type = "ad", .value = "CORP\\Ada", .displayValue = "Ada {L}" },
            { .type = "password", .secretHash = "$argon2id$hash" } });
    store->read([&](store::Session& s) {
        EXPECT_EQ(s.userIdsByCredential("AD", "corp\\ada"), std::vector<std::int32_t> { ada });
        EXPECT_EQ(s.userIdsWithCredentialText("ad", "{l}", 10), std::vector<std::int32_t> { ada });
        EXPECT_EQ(s.credentialRows(ada),
            (std::vector<store::CredentialRow> {
                { .type = "ad", .value = "CORP\\Ada", .displayValue = "Ada {L}" },
                { .type = "password", .secretHash = "$argon2id$hash" } }));
        const auto user = s.user(ada);
        ASSERT_TRUE(user && user->credentials);
        ASSERT_EQ(user->credentials->size(), 2u);
        EXPECT_EQ((*user->credentials)[0].value, "CORP\\Ada");
        EXPECT_FALSE((*user->credentials)[1].value); // a secret is never read back
        const auto login = s.login("ADA");
        ASSERT_TRUE(login);
        EXPECT_EQ(login->secretHashes, std::vector<std::string> { "$argon2id$hash" });
    });
}

// The largest AssociateId taken: the next user is an error, not an id that wraps around
// (SQLite picks the id; PostgreSQL's integer identity stops at its own maximum).
TEST(SqliteStore, ANewUserPastTheLargestAssociateIdIsAnErrorNotAWrappedId)
{
    const auto store = store::openSqliteStore({ .path = ":memory:" });
    store->write([&](store::Session& s) {
        const store::Row row { std::int64_t { std::numeric_limits<std::int32_t>::max() }, std::string("last"),
            std::int64_t { 1 }, std::string("last"), std::int64_t { 0 }, std::int64_t { 0 } };
        s.insertRows({ .name = "users", .columns = { "id", "name", "type", "user_name", "created_at", "updated_at" } },
            std::span(&row, 1));
    });
    try {
        store->write([&](store::Session& s) { s.insertUser(namedUser("one too many"), {}, {}); });
        ADD_FAILURE() << "a user was inserted past the largest AssociateId";
    } catch (const Exception& e) {
        EXPECT_EQ(e.error().kind(), ErrorKind::Internal);
        EXPECT_NE(std::string(e.what()).find("no AssociateId is left"), std::string::npos) << e.what();
    }
    store->read([&](store::Session& s) { EXPECT_FALSE(s.userIdBy(store::UniqueName::UserName, "one too many")); });
}

// Records as version 9 kept them, numbered in the order of appending across users; version 10
// numbers each user's in a range of its own (store/records_sql.hpp), in the order they had.
constexpr const char* versionNineRecords =
    "INSERT INTO plugin_records (id, stream, user_id, at, \"by\", body) VALUES (1, 'audit', 7, 0, 0, 'seven 1'), "
    "(2, 'audit', 3, 0, 0, 'three 1'), (3, 'outbox', 7, 0, 0, 'seven 2'), (4, 'audit', 0, 0, 0, 'nobody 1'), "
    "(5, 'audit', 7, 0, 0, 'seven 3');";

class RecordsMigration : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam()); }
};

INSTANTIATE_TEST_SUITE_P(Stores, RecordsMigration, everyBackend, backendName);

TEST_P(RecordsMigration, Version10NumbersEachUsersRecordsInARangeOfItsOwnInTheOrderTheyHad)
{
    TempDir dir;
    const std::string database = databaseAtVersion(GetParam(), 9, versionNineRecords, dir.file("v9.db"));
    const auto store = GetParam() == Backend::Postgres ? store::openPostgresStore({ .connection = database })
                                                       : store::openSqliteStore({ .path = database });
    constexpr std::int64_t perUser = std::int64_t { 1 } << 32;
    const auto read = [&](const char* stream, std::int32_t user) {
        std::vector<std::pair<std::int64_t, std::string>> out;
        for (const UserRecord& record : store->read([&](store::Session& s) { return s.records(stream, user); }))
            out.emplace_back(record.id, record.body);
        return out;
    };
    using Records = std::vector<std::pair<std::int64_t, std::string>>;
    EXPECT_EQ(read("audit", 7), (Records { { 7 * perUser + 1, "seven 1" }, { 7 * perUser + 3, "seven 3" } }));
    EXPECT_EQ(read("outbox", 7), (Records { { 7 * perUser + 2, "seven 2" } }));
    EXPECT_EQ(read("audit", 3), (Records { { 3 * perUser + 1, "three 1" } }));
    EXPECT_EQ(read("audit", 0), (Records { { 1, "nobody 1" } }));
    // Appending goes on after each user's last record.
    EXPECT_EQ(store->write([&](store::Session& s) {
        return s.appendRecord({ .stream = "audit", .associateId = 7, .at = at(0), .body = "seven 4" });
    }),
        7 * perUser + 4);
}

TEST_P(StoreContract, TheDatabaseRefusesANameTakenIgnoringCase)
{
    insert("Ada");
    try {
        insert("ADA");
        ADD_FAILURE() << "a duplicate name was stored";
    } catch (const Exception& e) {
        EXPECT_EQ(e.error().kind(), ErrorKind::Conflict) << e.what();
    }
    store->read([&](store::Session& s) { EXPECT_TRUE(s.userIdBy(store::UniqueName::UserName, "aDa")); });
}

TEST_P(StoreContract, PresenceIsSetThenReplaced)
{
    const std::int32_t ada = insert("ada");
    store->write([&](store::Session& s) {
        EXPECT_EQ(s.presence(ada), std::nullopt);
        s.setPresence(ada, { .status = PresenceStatus::Unknown, .message = "away" }, {});
        s.setPresence(ada, { .status = PresenceStatus::Unknown, .message = "back" }, {});
    });
    const auto presence = store->read([&](store::Session& s) { return s.presence(ada); });
    ASSERT_TRUE(presence);
    EXPECT_EQ(presence->message, "back");
}

// ---------------------------------------------------------------- PostgreSQL only

TEST(PostgresConnection, APasswordInTheConnectionStringIsRedacted)
{
    EXPECT_TRUE(store::isPostgresUri("postgresql://h/db"));
    EXPECT_TRUE(store::isPostgresUri("postgres://h/db"));
    EXPECT_FALSE(store::isPostgresUri("users.db"));
    EXPECT_EQ(store::redactedConnection("postgresql://ada:S3cret@db.example/users?sslmode=require"),
        "postgresql://ada:***@db.example/users?sslmode=require");
    EXPECT_EQ(store::redactedConnection("postgresql://ada@/users?host=/run&password=S3cret&x=1"),
        "postgresql://ada@/users?host=/run&password=***&x=1");
    EXPECT_EQ(store::redactedConnection("host=db password = 'S3 cret' user=ada"), "host=db password = '***' user=ada");
    EXPECT_EQ(store::withoutPassword("no S3cret here", "postgres://a:S3cret@h/d"), "no *** here");
}

#ifdef USERSERVICE_HAS_POSTGRESQL

TEST(PostgresConnection, AFailedOpenNamesTheDatabaseButNeverItsPassword)
{
    const std::string canary = "Canary-PG-5e1d";
    const std::vector<std::string> databases {
        "postgresql://ada:" + canary + "@/nowhere?host=/nonexistent-socket-dir&connect_timeout=2",
        std::string(testPostgres() ? testPostgres() : "postgresql://ada@/x?host=/nonexistent") + "&password=" + canary +
            "&dbname=no_such_database",
    };
    for (const auto& database : databases) {
        std::vector<std::string> logged;
        const auto result = UserService::tryOpen(
            { .database = database, .log = [&](LogLevel, std::string_view line) { logged.emplace_back(line); } });
        ASSERT_FALSE(result) << database;
        const Error& error = result.error();
        EXPECT_EQ(error.kind(), ErrorKind::Internal);
        EXPECT_NE(error.message().find("***"), std::string::npos) << error.message();
        EXPECT_EQ(error.message().find(canary), std::string::npos) << error.message();
        EXPECT_EQ(error.source().find(canary), std::string::npos) << error.source();
        for (const auto& line : logged)
            EXPECT_EQ(line.find(canary), std::string::npos) << line;
    }
}

// Two services on one database, as two hosts on PostgreSQL or two processes on one SQLite
// file: what one changes holds on the other's next call.
class TwoServicesOnOneDatabase : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        USERSERVICE_SKIP_UNLESS_AVAILABLE(GetParam());
        options.database = databaseFor(GetParam(), dir.file("shared.db"));
    }
    TempDir dir;
    ServiceOptions options { .passwordHashing = PasswordHashing::Minimal };
};

INSTANTIATE_TEST_SUITE_P(Stores, TwoServicesOnOneDatabase, everyBackend, backendName);

// What a host keeps in memory is keyed on what it reads per call (a remembered password
// on the stored hash), so a change made through another host holds at the next call.
TEST_P(TwoServicesOnOneDatabase, APasswordATokenOrRightsChangedThroughOneHoldOnTheOtherAtOnce)
{
    auto hostA = UserService::open(options);
    auto hostB = UserService::open(options);
    const auto system = CallerContext::system();
    hostA.addCredentialType(system, { .type = "password", .displayType = "Password", .canCreatePassword = true });
    const Role staff = hostA.addRole(system, { .name = "Staff", .roleType = RoleType::Employee });
    User ada = namedUser("ada");
    ada.person = Person { .lastname = "Lovelace" };
    ada.role = Role { .roleId = staff.roleId };
    ada.credentials = std::vector<Credential> { { .type = CredentialType { .type = "password" }, .value = "first" } };
    const std::int32_t id = hostA.saveUser(system, ada).associateId;

    ASSERT_EQ(hostB.authenticatePassword("ada", "first"), id); // host B remembers it
    hostA.setPassword(system, id, "second");
    EXPECT_EQ(hostB.authenticatePassword("ada", "first"), std::nullopt);
    EXPECT_EQ(hostB.authenticatePassword("ada", "second"), id);

    const IssuedApiToken issued = hostA.issueApiToken(system, id, "ci");
    ASSERT_EQ(hostB.authenticateToken(issued.secret), id);
    hostA.revokeApiToken(system, issued.token.id);
    EXPECT_EQ(hostB.authenticateToken(issued.secret), std::nullopt);

    const auto caller = CallerContext::user(id);
    ASSERT_TRUE(hostB.getCurrentPrincipal(caller).functionalRights->empty());
    hostA.rolesAndRights().setFunctionalRights(system, staff.roleId, std::vector { 1 });
    EXPECT_EQ(hostB.getCurrentPrincipal(caller).functionalRights->size(), 1u);
}

TEST_P(TwoServicesOnOneDatabase, LicencesOfAnOwnerThatTheOtherAddedAreReadAtOnce)
{
    auto hostA = UserService::open(options);
    auto hostB = UserService::open(options); // opened while there is no owner
    const auto system = CallerContext::system();
    LicenseOwner owner { .name = "SuperOffice" };
    owner.unrestrictedModuleLicenses = std::vector<ModuleLicenseLink> { { .name = "Web" } };
    const std::int32_t web = (*hostA.addLicenseOwner(system, owner).unrestrictedModuleLicenses)[0].moduleLicenseId;
    User ada = namedUser("ada");
    ada.person = Person { .lastname = "Lovelace" };
    ada.licenseOwners = std::vector<LicenseOwner> { { .unrestrictedModuleLicenses = std::vector<ModuleLicenseLink> {
                                                          { .assigned = true, .moduleLicenseId = web } } } };
    const std::int32_t id = hostA.saveUser(system, ada).associateId;

    const auto seen = hostB.getUser(system, id);
    ASSERT_TRUE(seen && seen->licenseOwners && seen->licenseOwners->size() == 1u);
    EXPECT_TRUE((*(*seen->licenseOwners)[0].unrestrictedModuleLicenses)[0].assigned);
}

TEST_P(TwoServicesOnOneDatabase, TheySeeEachOthersSavesAndCannotBothWinAName)
{
    auto hostA = UserService::open(options);
    auto hostB = UserService::open(options);
    const auto system = CallerContext::system();
    User ada = namedUser("ada");
    ada.person = Person { .lastname = "Lovelace" };
    const User saved = hostA.saveUser(system, ada);
    const auto seen = hostB.getUserFromName(system, "ADA");
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->associateId, saved.associateId);

    User twin = namedUser("Ada");
    twin.person = Person { .lastname = "Twin" };
    const auto result = hostB.trySaveUser(system, twin);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ErrorKind::Conflict) << result.error().message();
}

class PostgresStore : public ::testing::Test {
protected:
    void SetUp() override
    {
        USERSERVICE_SKIP_UNLESS_AVAILABLE(Backend::Postgres);
        uri = freshPostgresDatabase();
    }
    std::string uri;
};

TEST_F(PostgresStore, TheSchemaIsMigratedOnceAndANewerOneIsRefusedAndLeftAlone)
{
    store::openPostgresStore({ .connection = uri });
    store::openPostgresStore({ .connection = uri }); // the second open finds it current
    store::postgresql::Connection raw(uri);
    const auto version = [&] {
        store::postgresql::Query q(raw, "SELECT version FROM schema_version");
        EXPECT_TRUE(q.step());
        return q.column(0).getInt();
    };
    EXPECT_EQ(version(), store::postgresSchemaVersion());
    // The SQLite store's numbers: a version means the same tables in both.
    EXPECT_EQ(store::postgresSchemaVersion(), static_cast<int>(store::sqliteMigrations().size()));

    raw.exec("UPDATE schema_version SET version = 99");
    try {
        store::openPostgresStore({ .connection = uri });
        ADD_FAILURE() << "a database of schema version 99 was opened";
    } catch (const Exception& e) {
        EXPECT_NE(std::string(e.what()).find("99"), std::string::npos) << e.what();
    }
    EXPECT_EQ(version(), 99);
}

TEST_F(PostgresStore, ALostConnectionIsReplacedBeforeTheNextTransaction)
{
    auto store = store::openPostgresStore({ .connection = uri, .connections = 2 });
    store->write([](store::Session& s) { s.insertUser(namedUser("ada"), {}, {}); });
    // The server ends every other session (as a restart or a failover would).
    store::postgresql::Connection admin(uri);
    admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
               " WHERE pid <> pg_backend_pid() AND datname = current_database()");
    const auto id = store->read([](store::Session& s) { return s.userIdBy(store::UniqueName::Name, "ada"); });
    EXPECT_TRUE(id);
}

TEST_F(PostgresStore, AConnectionLostInASaveStoresNothingAndIsUnavailable)
{
    auto store = store::openPostgresStore({ .connection = uri, .connections = 2 });
    store::postgresql::Connection admin(uri);
    try {
        store->write([&](store::Session& s) {
            s.insertUser(namedUser("ada"), {}, {});
            // Waits (up to 5 s) until the writer's session has ended.
            admin.exec("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                       " WHERE pid <> pg_backend_pid() AND datname = current_database()");
            s.insertUser(namedUser("bob"), {}, {});
        });
        FAIL() << "the save went on without its connection";
    } catch (const Exception& e) {
        EXPECT_EQ(e.error().kind(), ErrorKind::Unavailable) << e.error().message();
        EXPECT_NE(e.error().message().find("lost"), std::string::npos) << e.error().message();
    }
    const auto stored = store->read([](store::Session& s) { return s.userIdBy(store::UniqueName::Name, "ada"); });
    EXPECT_FALSE(stored) << "half of the save was stored";
}

#endif

} // namespace
