// The raw baseline of the service benchmarks: SQLiteCpp with prepared statements
// on one users-like table of 21 columns, with the pragmas the library uses.
#pragma once

#include "service_fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace userservice::bench {


// ---------------------------------------------------------------- the raw baseline

// A users row with the person's main fields folded in: 21 columns, the user name
// unique case-insensitively as the library's is.
constexpr const char* rawSchema = R"sql(
CREATE TABLE raw_users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, rank INTEGER NOT NULL DEFAULT 0, tooltip TEXT,
  group_id INTEGER, firstname TEXT, lastname TEXT, email TEXT, direct_phone TEXT,
  deleted INTEGER NOT NULL DEFAULT 0, last_login TEXT, last_logout TEXT, type INTEGER NOT NULL,
  is_on_travel INTEGER NOT NULL DEFAULT 0, user_name TEXT NOT NULL, nick_name TEXT,
  waiting_for_approval INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL DEFAULT 0, updated_by INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX raw_users_user_name ON raw_users (user_name COLLATE NOCASE);
)sql";

constexpr const char* rawInsertSql = R"sql(
INSERT INTO raw_users (name, rank, tooltip, group_id, firstname, lastname, email, direct_phone, deleted,
                       last_login, last_logout, type, is_on_travel, user_name, nick_name, waiting_for_approval,
                       created_at, updated_at, created_by, updated_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20))sql";

constexpr const char* rawUpdateSql = R"sql(
UPDATE raw_users SET name = ?1, rank = ?2, tooltip = ?3, group_id = ?4, firstname = ?5, lastname = ?6,
                     email = ?7, direct_phone = ?8, deleted = ?9, last_login = ?10, last_logout = ?11, type = ?12,
                     is_on_travel = ?13, user_name = ?14, nick_name = ?15, waiting_for_approval = ?16,
                     created_at = ?17, updated_at = ?18, created_by = ?19, updated_by = ?20
 WHERE id = ?21)sql";

constexpr const char* rawSelectColumns =
    "SELECT id, name, rank, tooltip, group_id, firstname, lastname, email, direct_phone, deleted, last_login,"
    " last_logout, type, is_on_travel, user_name, nick_name, waiting_for_approval, created_at, updated_at,"
    " created_by, updated_by FROM raw_users";

/// One raw_users row in memory.
struct RawRow {
    std::int64_t id = 0;
    std::string name;
    std::int32_t rank = 0;
    std::string tooltip = "Sales, Oslo office";
    std::int32_t groupId = 1;
    std::string firstname = "Jane";
    std::string lastname = "Doe";
    std::string email;
    std::string directPhone = "+47 22 12 34 56";
    bool deleted = false;
    std::string lastLogin = "0001-01-01T00:00:00";
    std::string lastLogout = "0001-01-01T00:00:00";
    std::int32_t type = 1;
    bool isOnTravel = false;
    std::string userName;
    std::string nickName;
    bool waitingForApproval = false;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::int32_t createdBy = 0;
    std::int32_t updatedBy = 0;

    /// Gives the row the unique names (and e-mail) of `number`, as Library::rename does.
    void rename(int number)
    {
        const std::string n = std::to_string(number);
        name = "JD" + n;
        userName = "jane.doe" + n;
        nickName = "jdoe" + n;
        email = "jane.doe" + n + "@example.com";
    }

    /// Binds parameters ?1 to ?20 (every column but the id) without copying the text.
    void bind(SQLite::Statement& s) const
    {
        s.bindNoCopy(1, name);
        s.bind(2, rank);
        s.bindNoCopy(3, tooltip);
        s.bind(4, groupId);
        s.bindNoCopy(5, firstname);
        s.bindNoCopy(6, lastname);
        s.bindNoCopy(7, email);
        s.bindNoCopy(8, directPhone);
        s.bind(9, deleted ? 1 : 0);
        s.bindNoCopy(10, lastLogin);
        s.bindNoCopy(11, lastLogout);
        s.bind(12, type);
        s.bind(13, isOnTravel ? 1 : 0);
        s.bindNoCopy(14, userName);
        s.bindNoCopy(15, nickName);
        s.bind(16, waitingForApproval ? 1 : 0);
        s.bind(17, createdAt);
        s.bind(18, updatedAt);
        s.bind(19, createdBy);
        s.bind(20, updatedBy);
    }

    /// Reads a row of rawSelectColumns, copying its text as the library copies into carriers.
    void read(SQLite::Statement& s)
    {
        const auto text = [&](int index, std::string& out) {
            const SQLite::Column column = s.getColumn(index);
            out.assign(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
        };
        id = s.getColumn(0).getInt64();
        text(1, name);
        rank = s.getColumn(2).getInt();
        text(3, tooltip);
        groupId = s.getColumn(4).getInt();
        text(5, firstname);
        text(6, lastname);
        text(7, email);
        text(8, directPhone);
        deleted = s.getColumn(9).getInt() != 0;
        text(10, lastLogin);
        text(11, lastLogout);
        type = s.getColumn(12).getInt();
        isOnTravel = s.getColumn(13).getInt() != 0;
        text(14, userName);
        text(15, nickName);
        waitingForApproval = s.getColumn(16).getInt() != 0;
        createdAt = s.getColumn(17).getInt64();
        updatedAt = s.getColumn(18).getInt64();
        createdBy = s.getColumn(19).getInt();
        updatedBy = s.getColumn(20).getInt();
    }
};

/// A raw SQLiteCpp connection on its own fresh file database, set up as the library's.
class Raw {
public:
    Raw()
        : db_(dir_.file("raw.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX)
        , begin_(db_, "BEGIN IMMEDIATE")
        , commit_(db_, "COMMIT")
    {
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA foreign_keys = ON");
        db_.exec("PRAGMA synchronous = NORMAL");
        db_.exec(rawSchema);
    }

    SQLite::Database& db() noexcept { return db_; }

    /// Runs `statement` (no result rows) and makes it ready for the next run.
    static void run(SQLite::Statement& statement)
    {
        statement.exec();
        statement.reset();
    }
    void begin() { run(begin_); }
    void commit() { run(commit_); }

    /// Inserts a row in a transaction of its own; returns its id.
    std::int64_t insert(SQLite::Statement& insert, const RawRow& row)
    {
        begin();
        row.bind(insert);
        run(insert);
        commit();
        return db_.getLastInsertRowid();
    }

private:
    TempDir dir_; // first: removed after the connection has closed
    SQLite::Database db_;
    SQLite::Statement begin_;
    SQLite::Statement commit_;
};

} // namespace userservice::bench
