#include "sqlite_store.hpp"

#include "../carrier_fields.hpp"
#include "../module_licenses.hpp"
#include "sqlite_schema.hpp"

#include <userservice/error.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace userservice::store {
namespace {

// ---------------------------------------------------------------- connections

/// One SQLite connection and the statements prepared on it, each prepared once.
class Connection {
public:
    Connection(const SqliteOptions& options)
        : db_(options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
              static_cast<int>(options.busyTimeout.count()))
    {
    }

    /// Switches the connection to the store's settings. Changes the file (WAL mode),
    /// so it comes after the schema version was found to be one we know.
    void configure(const SqliteOptions& options)
    {
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA foreign_keys = ON");
        db_.exec(options.fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    }

    SQLite::Database& db() noexcept { return db_; }

    /// The statement for `sql`, a string with static storage (the cache key is its address).
    SQLite::Statement& statement(const char* sql)
    {
        auto& slot = statements_[sql];
        if (!slot)
            slot = std::make_unique<SQLite::Statement>(db_, sql);
        return *slot;
    }

private:
    SQLite::Database db_;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

/// A cached statement in use; reset and unbound when done with.
class Query {
public:
    Query(Connection& connection, const char* sql)
        : statement_(connection.statement(sql))
    {
    }
    Query(const Query&) = delete;
    ~Query()
    {
        statement_.tryReset();
        statement_.clearBindings();
    }

    SQLite::Statement* operator->() noexcept { return &statement_; }
    bool step() { return statement_.executeStep(); }
    void run() { statement_.executeStep(); }
    SQLite::Column column(int index) { return statement_.getColumn(index); }

    // Binding by position, 1-based as in SQL. Text is bound without a copy: the
    // caller's strings outlive the statement's use.
    void bind(int index, std::int64_t value) { statement_.bind(index, value); }
    void bind(int index, std::int32_t value) { statement_.bind(index, value); }
    void bind(int index, bool value) { statement_.bind(index, value ? 1 : 0); }
    void bind(int index, const std::string& value) { statement_.bindNoCopy(index, value); }
    void bind(int index, std::string_view value)
    {
        // Copied, as text: SQLiteCpp's pointer-and-size overload binds a blob.
        statement_.bind(index, std::string(value));
    }
    void bind(int index, const std::optional<std::string>& value)
    {
        if (value)
            bind(index, *value);
        else
            statement_.bind(index);
    }
    template <class E>
    requires std::is_enum_v<E>
    void bind(int index, E value) { statement_.bind(index, static_cast<std::int64_t>(value)); }
    void bindBlob(int index, std::span<const unsigned char> bytes)
    {
        statement_.bindNoCopy(index, static_cast<const void*>(bytes.data()), static_cast<int>(bytes.size()));
    }
    /// A reference id: 0 is "none", stored as NULL.
    void bindId(int index, std::int32_t id)
    {
        if (id)
            bind(index, id);
        else
            statement_.bind(index);
    }

private:
    SQLite::Statement& statement_;
};

// Reading columns into carrier members.
void get(const SQLite::Column& column, std::optional<std::string>& out)
{
    if (column.isNull())
        out.reset();
    else
        out.emplace(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
}
void get(const SQLite::Column& column, std::string& out)
{
    out.assign(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
}
void get(const SQLite::Column& column, std::int32_t& out)
{
    out = column.getInt();
}
void get(const SQLite::Column& column, bool& out)
{
    out = column.getInt() != 0;
}
template <class E>
requires std::is_enum_v<E>
void get(const SQLite::Column& column, E& out)
{
    out = static_cast<E>(column.getInt64());
}
void get(const SQLite::Column& column, DateTime& out)
{
    out = column.isNull() ? DateTime {} : DateTime::parse(column.getText());
}

// ---------------------------------------------------------------- persons
//
// A person's columns are its stored wire fields in snake_case; the derived ones
// (ids, FullName, AssociateName) are computed by the service.

constexpr std::string_view personDerived[] = { "PersonId", "FullName", "AssociateName", "AssociateId", "TableRight",
    "FieldProperties" };

constexpr bool isPersonColumn(std::string_view wireName)
{
    for (auto derived : personDerived)
        if (derived == wireName)
            return false;
    return true;
}

std::string snakeCase(std::string_view wireName)
{
    std::string out;
    for (char c : wireName) {
        if (c >= 'A' && c <= 'Z') {
            if (!out.empty())
                out += '_';
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

template <class F> void forEachPersonColumn(F&& f)
{
    detail::forEachField<Person>([&](const auto& field) {
        using Member = std::remove_cvref_t<decltype(std::declval<Person>().*field.member)>;
        constexpr bool storable = std::is_same_v<Member, std::optional<std::string>> ||
            std::is_same_v<Member, std::int32_t> || std::is_same_v<Member, bool>;
        if constexpr (storable)
            if (isPersonColumn(field.name))
                f(field);
    });
}

std::string personColumnList(std::string_view prefix)
{
    std::string list;
    forEachPersonColumn([&](const auto& field) {
        if (!list.empty())
            list += ", ";
        list += prefix;
        list += snakeCase(field.name);
    });
    return list;
}

int personColumnCount()
{
    int count = 0;
    forEachPersonColumn([&](const auto&) { ++count; });
    return count;
}

/// Binds the person's columns from `first` on, in column order.
void bindPerson(Query& query, int first, const Person& person)
{
    forEachPersonColumn([&](const auto& field) { query.bind(first++, person.*field.member); });
}

void readPerson(Query& query, int first, Person& person)
{
    forEachPersonColumn([&](const auto& field) { get(query.column(first++), person.*field.member); });
}

// The SQL that involves persons, built once from the column list.
struct PersonSql {
    std::string insert;
    std::string update;
    std::string selectUser;

    PersonSql()
    {
        const int count = personColumnCount();
        std::string placeholders;
        for (int i = 0; i < count; ++i)
            placeholders += i ? ", ?" : "?";
        insert = "INSERT INTO persons (" + personColumnList("") + ") VALUES (" + placeholders + ")";
        std::string assignments;
        int index = 1;
        forEachPersonColumn([&](const auto& field) {
            assignments += (index > 1 ? ", " : "") + snakeCase(field.name) + " = ?" + std::to_string(index);
            ++index;
        });
        update = "UPDATE persons SET " + assignments + " WHERE id = ?" + std::to_string(index);
        selectUser = "SELECT u.id, u.name, u.rank, u.tooltip, u.deleted, u.last_login, u.last_logout,"
                     " u.ej_user_id, u.request_signature, u.type, u.is_on_travel, u.user_name, u.nick_name,"
                     " u.waiting_for_approval,"
                     " r.id, r.name, r.tooltip, r.role_type, r.deleted, r.rank,"
                     " g.id, g.name, g.tooltip, g.rank, g.deleted,"
                     " p.id, " +
            personColumnList("p.") +
            " FROM users u LEFT JOIN roles r ON r.id = u.role_id"
            " LEFT JOIN user_groups g ON g.id = u.group_id"
            " LEFT JOIN persons p ON p.id = u.person_id WHERE u.id = ?";
    }
};

const PersonSql& personSql()
{
    static const PersonSql sql;
    return sql;
}

// ---------------------------------------------------------------- the rest of the SQL

// A user's list rows in one pass: other groups (0), credentials (1), ticket
// categories (2), ExtraFields (3) and CustomFields (4). Rows come in primary-key
// order, which is position order for credentials and fields; groups and categories
// are sorted by position in C++ (an ORDER BY here doubles the cost of the query).
constexpr const char* selectUserLists = R"sql(
SELECT 0, o.position, g.id, g.name, g.tooltip, g.rank, g.deleted, NULL, NULL, NULL, NULL, NULL, NULL
  FROM user_other_groups o JOIN user_groups g ON g.id = o.group_id WHERE o.user_id = ?1
UNION ALL
SELECT 1, c.position, c.type, c.value, c.display_value, t.display_type, t.can_create_password,
       t.is_name_required, NULL, NULL, NULL, NULL, NULL
  FROM user_credentials c JOIN credential_types t ON t.type = c.type WHERE c.user_id = ?1
UNION ALL
SELECT 2, uc.position, tc.id, tc.name, tc.tooltip, tc.deleted, tc.rank, tc.type, tc.icon_hint, tc.color_block,
       tc.extra_info, tc.style_hint, tc.full_name
  FROM user_ticket_categories uc JOIN ticket_categories tc ON tc.id = uc.category_id WHERE uc.user_id = ?1
UNION ALL
SELECT 3 + f.kind, f.position, f.name, f.value, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM user_fields f WHERE f.user_id = ?1)sql";

constexpr const char* selectLicenseOwners = R"sql(
SELECT o.id, o.name, o.description, m.id, m.name, m.description, m.tooltip, m.unrestricted, m.total,
       m.license_deleted, m.prerequisite_module_name, m.sort_order, m.is_hidden,
       EXISTS (SELECT 1 FROM user_licenses ul WHERE ul.user_id = ?1 AND ul.module_license_id = m.id),
       (SELECT count(*) FROM user_licenses ul WHERE ul.module_license_id = m.id)
  FROM license_owners o LEFT JOIN module_licenses m ON m.owner_id = o.id
 ORDER BY o.id, m.sort_order, m.id)sql";

constexpr const char* insertUserSql = R"sql(
INSERT INTO users (name, rank, tooltip, role_id, group_id, person_id, deleted, last_login, last_logout,
                   ej_user_id, request_signature, type, is_on_travel, user_name, nick_name, waiting_for_approval,
                   created_at, updated_at, created_by, updated_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?18))sql";

constexpr const char* updateUserSql = R"sql(
UPDATE users SET name = ?1, rank = ?2, tooltip = ?3, role_id = ?4, group_id = ?5, deleted = ?7,
                 last_login = ?8, last_logout = ?9, ej_user_id = ?10, request_signature = ?11, type = ?12,
                 is_on_travel = ?13, user_name = ?14, nick_name = ?15, waiting_for_approval = ?16,
                 updated_at = ?17, updated_by = ?18
 WHERE id = ?6)sql";

std::string dateText(const DateTime& value)
{
    return value.toString();
}

// ---------------------------------------------------------------- a session

/// What the connections of one store share.
struct SharedState {
    /// Whether any licence owner exists: without one, reading a user skips the licence
    /// query. Set at open and by insertLicenseOwner (owners are never deleted); owners
    /// that another process adds are seen after the next open.
    std::atomic<bool> hasLicenseOwners { false };
};

class SqliteSession final : public Session {
public:
    SqliteSession(Connection& connection, SharedState& shared)
        : c_(connection)
        , shared_(shared)
    {
    }

    std::optional<User> user(std::int32_t id) override
    {
        User user;
        {
            Query q(c_, personSql().selectUser.c_str());
            q.bind(1, id);
            if (!q.step())
                return std::nullopt;
            int i = 0;
            get(q.column(i++), user.associateId);
            get(q.column(i++), user.name);
            get(q.column(i++), user.rank);
            get(q.column(i++), user.tooltip);
            get(q.column(i++), user.deleted);
            get(q.column(i++), user.lastlogin);
            get(q.column(i++), user.lastlogout);
            get(q.column(i++), user.ejUserId);
            get(q.column(i++), user.requestSignature);
            get(q.column(i++), user.type);
            get(q.column(i++), user.isOnTravel);
            get(q.column(i++), user.userName);
            get(q.column(i++), user.nickName);
            get(q.column(i++), user.waitingForApproval);
            if (!q.column(i).isNull()) {
                Role& role = user.role.emplace();
                get(q.column(i), role.roleId);
                get(q.column(i + 1), role.name);
                get(q.column(i + 2), role.toolTip);
                get(q.column(i + 3), role.roleType);
                get(q.column(i + 4), role.deleted);
                get(q.column(i + 5), role.rank);
            }
            i += 6;
            if (!q.column(i).isNull())
                readGroup(q, i, user.userGroup.emplace());
            i += 5;
            if (!q.column(i).isNull()) {
                Person& person = user.person.emplace();
                get(q.column(i), person.personId);
                readPerson(q, i + 1, person);
            }
        }
        readLists(id, user);
        if (shared_.hasLicenseOwners)
            user.licenseOwners = licenseOwners(id);
        return user;
    }

    std::optional<std::int32_t> userIdBy(UniqueName which, std::string_view value) override
    {
        static constexpr const char* sql[] = {
            "SELECT id FROM users WHERE name = ? COLLATE NOCASE",
            "SELECT id FROM users WHERE user_name = ? COLLATE NOCASE",
            "SELECT id FROM users WHERE nick_name = ? COLLATE NOCASE AND nick_name <> ''",
        };
        Query q(c_, sql[static_cast<int>(which)]);
        q.bind(1, value);
        if (!q.step())
            return std::nullopt;
        return q.column(0).getInt();
    }

    std::optional<Stamps> stamps(std::int32_t id) override
    {
        Query q(c_, "SELECT created_at, created_by, updated_at, updated_by FROM users WHERE id = ?");
        q.bind(1, id);
        if (!q.step())
            return std::nullopt;
        return Stamps { { q.column(0).getInt64(), q.column(1).getInt() },
            { q.column(2).getInt64(), q.column(3).getInt() } };
    }

    std::vector<std::pair<std::string, std::string>> secretHashes(std::int32_t id) override
    {
        Query q(c_,
            "SELECT type, secret_hash FROM user_credentials"
            " WHERE user_id = ? AND secret_hash IS NOT NULL ORDER BY position");
        q.bind(1, id);
        std::vector<std::pair<std::string, std::string>> hashes;
        while (q.step())
            hashes.emplace_back(q.column(0).getString(), q.column(1).getString());
        return hashes;
    }

    std::optional<Login> login(std::string_view userName) override
    {
        Query q(c_,
            "SELECT u.id, u.deleted, c.secret_hash FROM users u"
            " LEFT JOIN user_credentials c ON c.user_id = u.id AND c.secret_hash IS NOT NULL"
            " WHERE u.user_name = ? COLLATE NOCASE ORDER BY c.position");
        q.bind(1, userName);
        std::optional<Login> login;
        while (q.step()) {
            if (!login) {
                login.emplace();
                get(q.column(0), login->associateId);
                get(q.column(1), login->retired);
            }
            if (!q.column(2).isNull())
                get(q.column(2), login->secretHashes.emplace_back());
        }
        return login;
    }

    std::vector<std::int32_t> userIdsAfter(std::int32_t afterId, std::size_t limit) override
    {
        Query q(c_, "SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?");
        q.bind(1, afterId);
        q.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max())));
        std::vector<std::int32_t> ids;
        while (q.step())
            ids.push_back(q.column(0).getInt());
        return ids;
    }

    std::int32_t insertUser(const User& user, std::span<const CredentialRow> credentials, const Stamp& stamp) override
    {
        std::int32_t personId = 0;
        if (user.person) {
            Query q(c_, personSql().insert.c_str());
            bindPerson(q, 1, *user.person);
            q.run();
            personId = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        }
        {
            Query q(c_, insertUserSql);
            bindUser(q, user, personId, stamp);
            q.run();
        }
        const auto id = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        insertLists(id, user, credentials);
        return id;
    }

    void updateUser(
        const User& user, const User& stored, std::span<const CredentialRow> credentials, const Stamp& stamp) override
    {
        const std::int32_t id = user.associateId;
        std::int32_t personId = stored.person ? stored.person->personId : 0;
        if (user.person && personId) {
            if (!samePersonColumns(*user.person, *stored.person)) {
                Query q(c_, personSql().update.c_str());
                bindPerson(q, 1, *user.person);
                q.bind(personColumnCount() + 1, personId);
                q.run();
            }
        } else if (user.person) {
            Query q(c_, personSql().insert.c_str());
            bindPerson(q, 1, *user.person);
            q.run();
            personId = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        }
        {
            Query q(c_, updateUserSql);
            bindUser(q, user, id, stamp);
            q.run();
        }
        {
            Query q(c_, "UPDATE users SET person_id = ? WHERE id = ?");
            q.bindId(1, personId);
            q.bind(2, id);
            if (personId != (stored.person ? stored.person->personId : 0))
                q.run();
        }
        // Each list is rewritten only when it changed: unchanged rows cost no writes.
        const auto rewrite = [&](const char* deleteSql, auto insert) {
            Query q(c_, deleteSql);
            q.bind(1, id);
            q.run();
            insert();
        };
        if (ids(user.otherGroups) != ids(stored.otherGroups))
            rewrite("DELETE FROM user_other_groups WHERE user_id = ?", [&] { insertOtherGroups(id, user); });
        if (!sameCredentials(id, credentials))
            rewrite("DELETE FROM user_credentials WHERE user_id = ?", [&] { insertCredentials(id, credentials); });
        if (ids(user.ticketCategories) != ids(stored.ticketCategories))
            rewrite("DELETE FROM user_ticket_categories WHERE user_id = ?", [&] { insertTicketCategories(id, user); });
        if (assignedLicenses(user) != assignedLicenses(stored))
            rewrite("DELETE FROM user_licenses WHERE user_id = ?", [&] { insertLicenses(id, user); });
        if (!sameDictionary(user.extraFields, stored.extraFields) ||
            !sameDictionary(user.customFields, stored.customFields))
            rewrite("DELETE FROM user_fields WHERE user_id = ?", [&] { insertFields(id, user); });
    }

    bool deleteUser(std::int32_t id) override
    {
        std::optional<std::int32_t> personId;
        {
            Query q(c_, "SELECT person_id FROM users WHERE id = ?");
            q.bind(1, id);
            if (!q.step())
                return false;
            if (!q.column(0).isNull())
                personId = q.column(0).getInt();
        }
        {
            Query q(c_, "DELETE FROM users WHERE id = ?");
            q.bind(1, id);
            q.run();
        }
        if (personId) {
            Query q(c_, "DELETE FROM persons WHERE id = ?");
            q.bind(1, *personId);
            q.run();
        }
        return true;
    }

    bool exists(Reference list, std::int32_t id) override
    {
        static constexpr const char* sql[] = {
            "SELECT 1 FROM roles WHERE id = ?",
            "SELECT 1 FROM user_groups WHERE id = ?",
            "SELECT 1 FROM ticket_categories WHERE id = ?",
            "SELECT 1 FROM module_licenses WHERE id = ?",
        };
        Query q(c_, sql[static_cast<int>(list)]);
        q.bind(1, id);
        return q.step();
    }

    std::optional<CredentialType> credentialType(std::string_view type) override
    {
        Query q(c_,
            "SELECT type, display_type, can_create_password, is_name_required"
            " FROM credential_types WHERE type = ?");
        q.bind(1, type);
        if (!q.step())
            return std::nullopt;
        CredentialType out;
        readCredentialType(q, 0, out);
        return out;
    }

    std::int32_t licenseSeatsInUse(std::int32_t moduleLicenseId, std::int32_t exceptUser) override
    {
        Query q(c_, "SELECT count(*) FROM user_licenses WHERE module_license_id = ? AND user_id <> ?");
        q.bind(1, moduleLicenseId);
        q.bind(2, exceptUser);
        q.step();
        return q.column(0).getInt();
    }

    std::int32_t licenseSeats(std::int32_t moduleLicenseId) override
    {
        Query q(c_,
            "SELECT CASE WHEN unrestricted THEN 2147483647 ELSE total END"
            " FROM module_licenses WHERE id = ?");
        q.bind(1, moduleLicenseId);
        return q.step() ? q.column(0).getInt() : 0;
    }

    std::optional<std::pair<Principal, bool>> principal(std::int32_t id) override
    {
        Query q(c_,
            "SELECT u.type, u.deleted, coalesce(r.role_type, 0), coalesce(r.administer_users, 0)"
            " FROM users u LEFT JOIN roles r ON r.id = u.role_id WHERE u.id = ?");
        q.bind(1, id);
        if (!q.step())
            return std::nullopt;
        Principal caller;
        caller.associateId = id;
        get(q.column(0), caller.type);
        get(q.column(2), caller.roleType);
        get(q.column(3), caller.roleRights.administerUsers);
        return std::pair { caller, q.column(1).getInt() != 0 };
    }

    std::int64_t insertApiToken(const ApiToken& token, std::span<const unsigned char> secretHash) override
    {
        Query q(c_, "INSERT INTO api_tokens (associate_id, secret_hash, label, created_at) VALUES (?, ?, ?, ?)");
        q.bind(1, token.associateId);
        q.bindBlob(2, secretHash);
        q.bind(3, token.label);
        q.bind(4, static_cast<std::int64_t>(token.created.utc().time_since_epoch().count()));
        q.run();
        return c_.db().getLastInsertRowid();
    }

    std::optional<ApiToken> apiToken(std::int64_t id) override
    {
        Query q(c_, "SELECT id, associate_id, label, created_at FROM api_tokens WHERE id = ?");
        q.bind(1, id);
        if (!q.step())
            return std::nullopt;
        return readApiToken(q);
    }

    std::vector<ApiToken> apiTokens(std::int32_t associateId) override
    {
        Query q(c_,
            "SELECT id, associate_id, label, created_at FROM api_tokens"
            " WHERE ?1 = 0 OR associate_id = ?1 ORDER BY id");
        q.bind(1, associateId);
        std::vector<ApiToken> tokens;
        while (q.step())
            tokens.push_back(readApiToken(q));
        return tokens;
    }

    bool deleteApiToken(std::int64_t id) override
    {
        Query q(c_, "DELETE FROM api_tokens WHERE id = ?");
        q.bind(1, id);
        q.run();
        return c_.db().getChanges() > 0;
    }

    std::optional<std::int32_t> apiTokenUser(std::span<const unsigned char> secretHash) override
    {
        Query q(c_,
            "SELECT t.associate_id FROM api_tokens t JOIN users u ON u.id = t.associate_id"
            " WHERE t.secret_hash = ? AND u.deleted = 0");
        q.bindBlob(1, secretHash);
        if (!q.step())
            return std::nullopt;
        return q.column(0).getInt();
    }

    std::int64_t appendRecord(const UserRecord& record) override
    {
        Query q(c_, "INSERT INTO plugin_records (stream, user_id, at, by, body) VALUES (?, ?, ?, ?, ?)");
        q.bind(1, record.stream);
        q.bind(2, record.associateId);
        q.bind(3, static_cast<std::int64_t>(record.at.utc().time_since_epoch().count()));
        q.bind(4, record.by);
        q.bind(5, record.body);
        q.run();
        return c_.db().getLastInsertRowid();
    }

    std::vector<UserRecord> records(std::string_view stream, std::int32_t userId) override
    {
        Query q(c_, "SELECT id, at, by, body FROM plugin_records WHERE stream = ? AND user_id = ? ORDER BY id");
        q.bind(1, stream);
        q.bind(2, userId);
        std::vector<UserRecord> out;
        while (q.step()) {
            UserRecord& record = out.emplace_back();
            record.id = q.column(0).getInt64();
            record.stream = std::string(stream);
            record.associateId = userId;
            record.at = DateTime::fromUtc(
                DateTime::UtcTime { DateTime::Ticks { q.column(1).getInt64() } }, {}, DateTime::OffsetStyle::Zulu);
            get(q.column(2), record.by);
            get(q.column(3), record.body);
        }
        return out;
    }

    Role insertRole(const Role& role, const RoleRights& rights) override
    {
        Query q(c_,
            "INSERT INTO roles (name, tooltip, role_type, deleted, rank, administer_users)"
            " VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, role.name);
        q.bind(2, role.toolTip);
        q.bind(3, role.roleType);
        q.bind(4, role.deleted);
        q.bind(5, role.rank);
        q.bind(6, rights.administerUsers);
        q.run();
        Role out = role;
        out.roleId = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        return out;
    }

    std::optional<RoleRights> roleRights(std::int32_t roleId) override
    {
        Query q(c_, "SELECT administer_users FROM roles WHERE id = ?");
        q.bind(1, roleId);
        if (!q.step())
            return std::nullopt;
        return RoleRights { .administerUsers = q.column(0).getInt() != 0 };
    }

    std::vector<Role> roles() override
    {
        Query q(c_, "SELECT id, name, tooltip, role_type, deleted, rank FROM roles ORDER BY rank, id");
        std::vector<Role> out;
        while (q.step()) {
            Role& role = out.emplace_back();
            get(q.column(0), role.roleId);
            get(q.column(1), role.name);
            get(q.column(2), role.toolTip);
            get(q.column(3), role.roleType);
            get(q.column(4), role.deleted);
            get(q.column(5), role.rank);
        }
        return out;
    }

    UserGroup insertUserGroup(const UserGroup& group) override
    {
        Query q(c_, "INSERT INTO user_groups (name, tooltip, rank, deleted) VALUES (?, ?, ?, ?)");
        q.bind(1, group.value);
        q.bind(2, group.tooltip);
        q.bind(3, group.rank);
        q.bind(4, group.deleted);
        q.run();
        UserGroup out = group;
        out.id = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        return out;
    }

    std::vector<UserGroup> userGroups() override
    {
        Query q(c_, "SELECT id, name, tooltip, rank, deleted FROM user_groups ORDER BY rank, id");
        std::vector<UserGroup> out;
        while (q.step())
            readGroup(q, 0, out.emplace_back());
        return out;
    }

    MDOListItem insertTicketCategory(const MDOListItem& category, std::int32_t parentId) override
    {
        MDOListItem out = category;
        {
            Query q(c_,
                "INSERT INTO ticket_categories (parent_id, name, tooltip, deleted, rank, type, icon_hint,"
                " color_block, extra_info, style_hint, full_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            q.bindId(1, parentId);
            q.bind(2, category.name);
            q.bind(3, category.toolTip);
            q.bind(4, category.deleted);
            q.bind(5, category.rank);
            q.bind(6, category.type);
            q.bind(7, category.iconHint);
            q.bind(8, category.colorBlock);
            q.bind(9, category.extraInfo);
            q.bind(10, category.styleHint);
            q.bind(11, category.fullName);
            q.run();
            out.id = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        } // the statement is free again before the children use it
        if (out.childItems)
            for (auto& child : *out.childItems)
                child = insertTicketCategory(child, out.id);
        return out;
    }

    std::vector<MDOListItem> ticketCategories() override
    {
        Query q(c_,
            "SELECT id, name, tooltip, deleted, rank, type, icon_hint, color_block, extra_info,"
            " style_hint, full_name, coalesce(parent_id, 0) FROM ticket_categories ORDER BY rank, id");
        std::vector<std::pair<std::int32_t, MDOListItem>> all; // parent id, item
        while (q.step()) {
            auto& [parent, item] = all.emplace_back();
            readCategory(q, 0, item);
            parent = q.column(11).getInt();
        }
        return categoryTree(all, 0);
    }

    CredentialType insertCredentialType(const CredentialType& type) override
    {
        Query q(c_,
            "INSERT INTO credential_types (type, display_type, can_create_password, is_name_required)"
            " VALUES (?, ?, ?, ?)");
        q.bind(1, type.type);
        q.bind(2, type.displayType);
        q.bind(3, type.canCreatePassword);
        q.bind(4, type.isNameRequired);
        q.run();
        return type;
    }

    std::vector<CredentialType> credentialTypes() override
    {
        Query q(c_,
            "SELECT type, display_type, can_create_password, is_name_required"
            " FROM credential_types ORDER BY type");
        std::vector<CredentialType> out;
        while (q.step())
            readCredentialType(q, 0, out.emplace_back());
        return out;
    }

    LicenseOwner insertLicenseOwner(const LicenseOwner& owner) override
    {
        std::int32_t ownerId = 0;
        {
            Query q(c_, "INSERT INTO license_owners (name, description) VALUES (?, ?)");
            q.bind(1, owner.name);
            q.bind(2, owner.description);
            q.run();
            ownerId = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
        }
        shared_.hasLicenseOwners = true;
        LicenseOwner out = owner;
        detail::forEachOwnedModuleLicense(out, [&](ModuleLicenseLink& link, std::string_view list, std::size_t) {
            Query q(c_,
                "INSERT INTO module_licenses (owner_id, name, description, tooltip, unrestricted, total,"
                " license_deleted, prerequisite_module_name, sort_order, is_hidden)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            link.unrestricted = list == "UnrestrictedModuleLicenses";
            q.bind(1, ownerId);
            q.bind(2, link.name);
            q.bind(3, link.description);
            q.bind(4, link.tooltip);
            q.bind(5, link.unrestricted);
            q.bind(6, link.total);
            q.bind(7, link.licenseDeleted);
            q.bind(8, link.prerequisiteModuleName);
            q.bind(9, link.sortOrder);
            q.bind(10, link.isHidden);
            q.run();
            link.moduleLicenseId = static_cast<std::int32_t>(c_.db().getLastInsertRowid());
            link.assigned = false;
            link.inUse = 0;
        });
        return out;
    }

    std::vector<LicenseOwner> licenseOwners(std::int32_t userId) override
    {
        Query q(c_, selectLicenseOwners);
        q.bind(1, userId);
        std::vector<LicenseOwner> owners;
        std::int32_t currentOwner = 0;
        while (q.step()) {
            const std::int32_t ownerId = q.column(0).getInt();
            if (owners.empty() || ownerId != currentOwner) {
                currentOwner = ownerId;
                LicenseOwner& owner = owners.emplace_back();
                get(q.column(1), owner.name);
                get(q.column(2), owner.description);
                owner.restrictedModuleLicenses.emplace();
                owner.unrestrictedModuleLicenses.emplace();
            }
            if (q.column(3).isNull())
                continue; // an owner without modules
            ModuleLicenseLink link;
            get(q.column(3), link.moduleLicenseId);
            get(q.column(4), link.name);
            get(q.column(5), link.description);
            get(q.column(6), link.tooltip);
            get(q.column(7), link.unrestricted);
            get(q.column(8), link.total);
            get(q.column(9), link.licenseDeleted);
            get(q.column(10), link.prerequisiteModuleName);
            get(q.column(11), link.sortOrder);
            get(q.column(12), link.isHidden);
            get(q.column(13), link.assigned);
            get(q.column(14), link.inUse);
            auto& list =
                link.unrestricted ? owners.back().unrestrictedModuleLicenses : owners.back().restrictedModuleLicenses;
            list->push_back(std::move(link));
        }
        return owners;
    }

private:
    static ApiToken readApiToken(Query& q)
    {
        ApiToken token;
        token.id = q.column(0).getInt64();
        get(q.column(1), token.associateId);
        get(q.column(2), token.label);
        token.created = DateTime::fromUtc(
            DateTime::UtcTime { DateTime::Ticks { q.column(3).getInt64() } }, {}, DateTime::OffsetStyle::Zulu);
        return token;
    }

    static void readGroup(Query& q, int i, UserGroup& group)
    {
        get(q.column(i), group.id);
        get(q.column(i + 1), group.value);
        get(q.column(i + 2), group.tooltip);
        get(q.column(i + 3), group.rank);
        get(q.column(i + 4), group.deleted);
    }

    static void readCredentialType(Query& q, int i, CredentialType& type)
    {
        get(q.column(i), type.type);
        get(q.column(i + 1), type.displayType);
        get(q.column(i + 2), type.canCreatePassword);
        get(q.column(i + 3), type.isNameRequired);
    }

    static void readCategory(Query& q, int i, MDOListItem& item)
    {
        get(q.column(i), item.id);
        get(q.column(i + 1), item.name);
        get(q.column(i + 2), item.toolTip);
        get(q.column(i + 3), item.deleted);
        get(q.column(i + 4), item.rank);
        get(q.column(i + 5), item.type);
        get(q.column(i + 6), item.iconHint);
        get(q.column(i + 7), item.colorBlock);
        get(q.column(i + 8), item.extraInfo);
        get(q.column(i + 9), item.styleHint);
        get(q.column(i + 10), item.fullName);
    }

    static std::vector<MDOListItem> categoryTree(
        const std::vector<std::pair<std::int32_t, MDOListItem>>& all, std::int32_t parent)
    {
        std::vector<MDOListItem> level;
        for (const auto& [itemParent, item] : all) {
            if (itemParent != parent)
                continue;
            MDOListItem& copy = level.emplace_back(item);
            copy.childItems = categoryTree(all, item.id);
        }
        return level;
    }

    void readLists(std::int32_t id, User& user)
    {
        std::vector<std::pair<std::int32_t, UserGroup>> groups;
        std::vector<std::pair<std::int32_t, MDOListItem>> categories;
        Query q(c_, selectUserLists);
        q.bind(1, id);
        while (q.step()) {
            const int kind = q.column(0).getInt();
            const std::int32_t position = q.column(1).getInt();
            switch (kind) {
            case 0:
                readGroup(q, 2, groups.emplace_back(position, UserGroup {}).second);
                break;
            case 1: {
                if (!user.credentials)
                    user.credentials.emplace();
                Credential& credential = user.credentials->emplace_back();
                CredentialType& type = credential.type.emplace();
                get(q.column(2), type.type);
                get(q.column(3), credential.value);
                get(q.column(4), credential.displayValue);
                get(q.column(5), type.displayType);
                get(q.column(6), type.canCreatePassword);
                get(q.column(7), type.isNameRequired);
                break;
            }
            case 2:
                readCategory(q, 2, categories.emplace_back(position, MDOListItem {}).second);
                break;
            default: {
                auto& fields = kind == 3 ? user.extraFields : user.customFields;
                if (!fields)
                    fields.emplace();
                std::string value;
                get(q.column(3), value);
                fields->set(q.column(2).getString(), std::move(value));
            }
            }
        }
        user.otherGroups = inPositionOrder(std::move(groups));
        user.ticketCategories = inPositionOrder(std::move(categories));
    }

    template <class T>
    static std::optional<std::vector<T>> inPositionOrder(std::vector<std::pair<std::int32_t, T>> rows)
    {
        if (rows.empty())
            return std::nullopt;
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<T> items;
        items.reserve(rows.size());
        for (auto& row : rows)
            items.push_back(std::move(row.second));
        return items;
    }

    static void bindUser(Query& q, const User& user, std::int32_t personOrId, const Stamp& stamp)
    {
        q.bind(1, user.name);
        q.bind(2, user.rank);
        q.bind(3, user.tooltip);
        q.bindId(4, user.role ? user.role->roleId : 0);
        q.bindId(5, user.userGroup ? user.userGroup->id : 0);
        q.bindId(6, personOrId);
        q.bind(7, user.deleted);
        q->bind(8, dateText(user.lastlogin)); // temporaries: bound with a copy
        q->bind(9, dateText(user.lastlogout));
        q.bind(10, user.ejUserId);
        q.bind(11, user.requestSignature);
        q.bind(12, user.type);
        q.bind(13, user.isOnTravel);
        q.bind(14, user.userName);
        q.bind(15, user.nickName);
        q.bind(16, user.waitingForApproval);
        q.bind(17, stamp.ticks);
        q.bind(18, stamp.by);
    }

    void insertLists(std::int32_t id, const User& user, std::span<const CredentialRow> credentials)
    {
        insertOtherGroups(id, user);
        insertCredentials(id, credentials);
        insertTicketCategories(id, user);
        insertLicenses(id, user);
        insertFields(id, user);
    }

    void insertOtherGroups(std::int32_t id, const User& user)
    {
        if (!user.otherGroups)
            return;
        std::int32_t position = 0;
        for (const auto& group : *user.otherGroups) {
            Query q(c_, "INSERT INTO user_other_groups (user_id, group_id, position) VALUES (?, ?, ?)");
            q.bind(1, id);
            q.bind(2, group.id);
            q.bind(3, position++);
            q.run();
        }
    }

    void insertCredentials(std::int32_t id, std::span<const CredentialRow> credentials)
    {
        std::int32_t position = 0;
        for (const auto& credential : credentials) {
            Query q(c_,
                "INSERT INTO user_credentials (user_id, position, type, value, display_value, secret_hash)"
                " VALUES (?, ?, ?, ?, ?, ?)");
            q.bind(1, id);
            q.bind(2, position++);
            q.bind(3, credential.type);
            q.bind(4, credential.value);
            q.bind(5, credential.displayValue);
            q.bind(6, credential.secretHash);
            q.run();
        }
    }

    void insertTicketCategories(std::int32_t id, const User& user)
    {
        if (!user.ticketCategories)
            return;
        std::int32_t position = 0;
        for (const auto& category : *user.ticketCategories) {
            Query q(c_, "INSERT INTO user_ticket_categories (user_id, category_id, position) VALUES (?, ?, ?)");
            q.bind(1, id);
            q.bind(2, category.id);
            q.bind(3, position++);
            q.run();
        }
    }

    void insertLicenses(std::int32_t id, const User& user)
    {
        for (const std::int32_t module : assignedLicenses(user)) {
            Query q(c_, "INSERT INTO user_licenses (user_id, module_license_id) VALUES (?, ?)");
            q.bind(1, id);
            q.bind(2, module);
            q.run();
        }
    }

    void insertFields(std::int32_t id, const User& user)
    {
        const auto insert = [&](const std::optional<StringDictionary>& fields, int kind) {
            if (!fields)
                return;
            std::int32_t position = 0;
            for (const auto& [name, value] : *fields) {
                Query q(c_, "INSERT INTO user_fields (user_id, kind, position, name, value) VALUES (?, ?, ?, ?, ?)");
                q.bind(1, id);
                q.bind(2, kind);
                q.bind(3, position++);
                q.bind(4, name);
                q.bind(5, value);
                q.run();
            }
        };
        insert(user.extraFields, 0);
        insert(user.customFields, 1);
    }

    // ---- change detection for updateUser

    template <class T> static std::vector<std::int32_t> ids(const std::optional<std::vector<T>>& items)
    {
        std::vector<std::int32_t> out;
        if (items)
            for (const auto& item : *items)
                out.push_back(item.id);
        return out;
    }

    /// The distinct module licences assigned to the user, in ascending order.
    static std::vector<std::int32_t> assignedLicenses(const User& user)
    {
        std::vector<std::int32_t> out;
        detail::forEachModuleLicense(user, [&](const ModuleLicenseLink& link, auto&&...) {
            if (link.assigned)
                out.push_back(link.moduleLicenseId);
        });
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    /// An absent and an empty dictionary store the same rows.
    static bool sameDictionary(const std::optional<StringDictionary>& a, const std::optional<StringDictionary>& b)
    {
        const bool aEmpty = !a || a->empty();
        const bool bEmpty = !b || b->empty();
        return aEmpty || bEmpty ? aEmpty == bEmpty : *a == *b;
    }

    static bool samePersonColumns(const Person& a, const Person& b)
    {
        bool same = true;
        forEachPersonColumn([&](const auto& field) { same = same && a.*field.member == b.*field.member; });
        return same;
    }

    /// Whether the stored credential rows are exactly these (secret hashes included).
    bool sameCredentials(std::int32_t id, std::span<const CredentialRow> rows)
    {
        Query q(c_,
            "SELECT type, value, display_value, secret_hash FROM user_credentials"
            " WHERE user_id = ? ORDER BY position");
        q.bind(1, id);
        std::size_t i = 0;
        for (; q.step(); ++i) {
            if (i == rows.size())
                return false;
            CredentialRow stored;
            get(q.column(0), stored.type);
            get(q.column(1), stored.value);
            get(q.column(2), stored.displayValue);
            get(q.column(3), stored.secretHash);
            const CredentialRow& row = rows[i];
            if (stored.type != row.type || stored.value != row.value || stored.displayValue != row.displayValue ||
                stored.secretHash != row.secretHash)
                return false;
        }
        return i == rows.size();
    }

    Connection& c_;
    SharedState& shared_;
};

// ---------------------------------------------------------------- the store

[[noreturn]] void failOpen(const std::string& path, const std::string& problem)
{
    throw Exception(Error(ErrorKind::Internal, path + ": " + problem, {}, path));
}

bool isBusy(const SQLite::Exception& e)
{
    return (e.getErrorCode() & 0xff) == SQLITE_BUSY || (e.getErrorCode() & 0xff) == SQLITE_LOCKED;
}

/// A database error as the library reports it. A unique index that the service's
/// own check did not catch (a concurrent writer in another process) is a Conflict.
Error translate(const SQLite::Exception& e)
{
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
        const std::string_view text = e.what();
        for (auto [column, field] : { std::pair { "users.user_name", "User.UserName" },
                 std::pair { "users.nick_name", "User.NickName" }, std::pair { "users.name", "User.Name" } })
            if (text.find(column) != std::string_view::npos)
                return Error(ErrorKind::Conflict, std::string(field) + " is already taken",
                    { { field, "is already taken" } }, field);
    }
    return Error(ErrorKind::Internal, std::string("database error: ") + e.what());
}

/// Runs `work` in a transaction begun with `begin`; commits when it returns, rolls
/// back when it throws. SQLITE_BUSY past the busy timeout becomes a clear error.
void transaction(
    Connection& c, const char* begin, std::chrono::milliseconds timeout, const Store::Work& work, Session& session)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        try {
            Query(c, begin).run();
            break;
        } catch (const SQLite::Exception& e) {
            if (!isBusy(e) || std::chrono::steady_clock::now() > deadline)
                throw Exception(Error(ErrorKind::Internal,
                    std::string("the database stayed locked by another process for over ") +
                        std::to_string(timeout.count()) + " ms"));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    try {
        work(session);
        Query(c, "COMMIT").run();
    } catch (const SQLite::Exception& e) {
        c.db().tryExec("ROLLBACK");
        throw Exception(translate(e));
    } catch (...) {
        c.db().tryExec("ROLLBACK");
        throw;
    }
}

class SqliteStore final : public Store {
public:
    explicit SqliteStore(const SqliteOptions& options)
        : options_(options)
        , memory_(options.path == ":memory:" || options.path.empty())
        , writer_(options)
    {
        refuseNewerSchema();
        writer_.configure(options_);
        migrate();
        shared_.hasLicenseOwners = writer_.db().execAndGet("SELECT EXISTS (SELECT 1 FROM license_owners)").getInt();
    }

protected:
    void readSession(const Work& work) override
    {
        if (Session* joined = activeSession()) { // inside this thread's write: see its changes
            work(*joined);
            return;
        }
        if (memory_) { // one connection: reads take their turn with writes
            std::lock_guard lock(writerMutex_);
            SqliteSession session(writer_, shared_);
            transaction(writer_, "BEGIN", options_.busyTimeout, work, session);
            return;
        }
        auto connection = acquireReader();
        SqliteSession session(*connection, shared_);
        try {
            transaction(*connection, "BEGIN", options_.busyTimeout, work, session);
        } catch (...) {
            releaseReader(std::move(connection));
            throw;
        }
        releaseReader(std::move(connection));
    }

    void writeSession(const Work& work) override
    {
        if (Session* joined = activeSession()) { // nested (a command saving a user): a savepoint
            Query(writer_, "SAVEPOINT nested").run();
            try {
                work(*joined);
            } catch (const SQLite::Exception& e) {
                Query(writer_, "ROLLBACK TO nested").run();
                Query(writer_, "RELEASE nested").run();
                throw Exception(translate(e));
            } catch (...) {
                Query(writer_, "ROLLBACK TO nested").run();
                Query(writer_, "RELEASE nested").run();
                throw;
            }
            Query(writer_, "RELEASE nested").run();
            return;
        }
        std::lock_guard lock(writerMutex_);
        SqliteSession session(writer_, shared_);
        struct Active { // this thread's write session, while it lasts
            const SqliteStore* store;
            SqliteSession* session;
            Active(const SqliteStore* s, SqliteSession* x)
                : store(active.store)
                , session(active.session)
            {
                active = { s, x };
            }
            ~Active() { active = { store, session }; }
        } scope(this, &session);
        transaction(writer_, "BEGIN IMMEDIATE", options_.busyTimeout, work, session);
    }

private:
    /// The write session this thread is inside, per store: work started from inside it
    /// (a custom command using the service) joins that transaction instead of waiting
    /// for the writer lock it holds itself.
    struct ActiveWrite {
        const SqliteStore* store = nullptr;
        SqliteSession* session = nullptr;
    };
    static thread_local ActiveWrite active;

    Session* activeSession() const noexcept { return active.store == this ? active.session : nullptr; }

    /// Reads the schema version without changing the file; a newer one is an error.
    void refuseNewerSchema()
    {
        const int latest = sqliteSchemaVersion();
        const int version = writer_.db().execAndGet("PRAGMA user_version").getInt();
        if (version > latest)
            failOpen(options_.path,
                "the database has schema version " + std::to_string(version) + ", newer than the " +
                    std::to_string(latest) + " this library knows; open it with a newer userservice");
    }

    void migrate()
    {
        const auto migrations = sqliteMigrations();
        const int latest = static_cast<int>(migrations.size());
        std::lock_guard lock(writerMutex_);
        SQLite::Database& db = writer_.db();
        if (db.execAndGet("PRAGMA user_version").getInt() == latest)
            return;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        // Re-read inside the transaction: another process may have migrated meanwhile.
        const int current = db.execAndGet("PRAGMA user_version").getInt();
        for (int i = current; i < latest; ++i)
            db.exec(std::string(migrations[static_cast<std::size_t>(i)]));
        db.exec("PRAGMA user_version = " + std::to_string(latest));
        transaction.commit();
    }

    std::unique_ptr<Connection> acquireReader()
    {
        {
            std::lock_guard lock(poolMutex_);
            if (!idleReaders_.empty()) {
                auto connection = std::move(idleReaders_.back());
                idleReaders_.pop_back();
                return connection;
            }
        }
        auto connection = std::make_unique<Connection>(options_);
        connection->configure(options_);
        return connection;
    }

    void releaseReader(std::unique_ptr<Connection> connection)
    {
        std::lock_guard lock(poolMutex_);
        if (idleReaders_.size() < options_.readConnections)
            idleReaders_.push_back(std::move(connection));
    }

    SqliteOptions options_;
    bool memory_;
    std::mutex writerMutex_;
    Connection writer_;
    SharedState shared_;
    std::mutex poolMutex_;
    std::vector<std::unique_ptr<Connection>> idleReaders_;
};

thread_local SqliteStore::ActiveWrite SqliteStore::active;

} // namespace

std::unique_ptr<Store> openSqliteStore(const SqliteOptions& options)
{
    try {
        return std::make_unique<SqliteStore>(options);
    } catch (const SQLite::Exception& e) {
        failOpen(options.path, std::string("cannot open the database: ") + e.what());
    }
}

int sqliteSchemaVersion() noexcept
{
    return static_cast<int>(sqliteMigrations().size());
}

} // namespace userservice::store
