// The fair floor of the service benchmarks: the rows a save of the benchmark's user
// writes (user, person, other groups, credential, custom fields) and the reads that
// load it whole, written by hand with prepared SQLiteCpp statements on the library's
// own schema and database, in one transaction per save, trusting the unique indexes,
// with no service logic. What the service costs beyond it is the service's own work;
// raw_baseline.hpp's one-row table is a different, smaller job.
#pragma once

#include "service_fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace userservice::bench {

/// A user as the floor reads it back: every column of every row, numbers as numbers
/// and text copied, as a carrier holds them.
struct FloorUser {
    std::vector<std::int64_t> numbers;
    std::vector<std::string> texts;
    bool empty() const noexcept { return numbers.empty(); }
};

/// A second connection on a database the library made, with the library's pragmas.
class Floor {
public:
    explicit Floor(const std::string& path)
        : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX)
    {
        db_.exec("PRAGMA foreign_keys = ON");
        db_.exec("PRAGMA synchronous = NORMAL");
        db_.setBusyTimeout(5000);
    }

    /// Inserts `user` (the shape of Library::user) in a transaction of its own.
    std::int64_t create(const User& user)
    {
        run(begin_);
        const std::int64_t id = insert(user);
        run(commit_);
        return id;
    }

    /// Inserts every user in one transaction.
    void createAll(const std::vector<User>& users)
    {
        run(begin_);
        for (const User& user : users)
            insert(user);
        run(commit_);
    }

    /// The update a caller who knows what changed writes: Tooltip, Person.DirectPhone
    /// and the custom field at `fieldPosition`, and the user's updated stamp.
    void updateThreeFields(std::int64_t id, const std::string& tooltip, const std::string& directPhone,
                           int fieldPosition, const std::string& fieldValue)
    {
        run(begin_);
        updateUser_.bind(1, tooltip);
        updateUser_.bind(2, nowTicks());
        updateUser_.bind(3, id);
        run(updateUser_);
        updatePerson_.bind(1, directPhone);
        updatePerson_.bind(2, id);
        run(updatePerson_);
        updateField_.bind(1, fieldValue);
        updateField_.bind(2, id);
        updateField_.bind(3, fieldPosition);
        run(updateField_);
        run(commit_);
    }

    /// The whole user `id`: its row with role, group and person, and its list rows.
    FloorUser load(std::int64_t id)
    {
        FloorUser user;
        byId_.bind(1, id);
        readRows(byId_, user);
        readLists(id, user);
        return user;
    }

    /// The whole user of `userName` (case-insensitively, as the unique index).
    FloorUser loadByName(const std::string& userName)
    {
        FloorUser user;
        byName_.bindNoCopy(1, userName);
        readRows(byName_, user);
        if (!user.empty())
            readLists(user.numbers.front(), user);
        return user;
    }

private:
    static void run(SQLite::Statement& statement)
    {
        statement.exec();
        statement.reset();
    }

    std::int64_t insert(const User& user);
    void readLists(std::int64_t id, FloorUser& user);

    static void readRows(SQLite::Statement& select, FloorUser& into)
    {
        while (select.executeStep())
            for (int i = 0; i < select.getColumnCount(); ++i) {
                const SQLite::Column column = select.getColumn(i);
                if (column.isInteger())
                    into.numbers.push_back(column.getInt64());
                else if (column.isText())
                    into.texts.emplace_back(column.getText(), static_cast<std::size_t>(column.getBytes()));
            }
        select.reset();
    }

    SQLite::Database db_;
    SQLite::Statement begin_ { db_, "BEGIN IMMEDIATE" };
    SQLite::Statement commit_ { db_, "COMMIT" };
    SQLite::Statement insertPerson_ { db_,
        "INSERT INTO persons (firstname, lastname, email, direct_phone) VALUES (?, ?, ?, ?)" };
    SQLite::Statement insertUser_ { db_,
        "INSERT INTO users (name, tooltip, group_id, person_id, type, user_name, nick_name, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" };
    SQLite::Statement insertOtherGroup_ { db_,
        "INSERT INTO user_other_groups (user_id, group_id, position) VALUES (?, ?, ?)" };
    SQLite::Statement insertCredential_ { db_,
        "INSERT INTO user_credentials (user_id, position, type) VALUES (?, ?, ?)" };
    SQLite::Statement insertField_ { db_,
        "INSERT INTO user_fields (user_id, kind, position, name, value) VALUES (?, 1, ?, ?, ?)" };
    SQLite::Statement updateUser_ { db_, "UPDATE users SET tooltip = ?, updated_at = ? WHERE id = ?" };
    SQLite::Statement updatePerson_ { db_,
        "UPDATE persons SET direct_phone = ? WHERE id = (SELECT person_id FROM users WHERE id = ?)" };
    SQLite::Statement updateField_ { db_,
        "UPDATE user_fields SET value = ? WHERE user_id = ? AND kind = 1 AND position = ?" };
    static constexpr const char* selectUser =
        "SELECT u.id, u.name, u.rank, u.tooltip, u.deleted, u.last_login, u.last_logout, u.ej_user_id,"
        " u.request_signature, u.type, u.is_on_travel, u.user_name, u.nick_name, u.waiting_for_approval,"
        " u.created_at, u.updated_at, u.created_by, u.updated_by, r.id, r.name, r.tooltip, r.role_type, r.deleted,"
        " r.rank, g.id, g.name, g.tooltip, g.rank, g.deleted, p.*"
        " FROM users u LEFT JOIN roles r ON r.id = u.role_id LEFT JOIN user_groups g ON g.id = u.group_id"
        " LEFT JOIN persons p ON p.id = u.person_id";
    SQLite::Statement byId_ { db_, std::string(selectUser) + " WHERE u.id = ?" };
    SQLite::Statement byName_ { db_, std::string(selectUser) + " WHERE u.user_name = ? COLLATE NOCASE" };
    // The lists in one statement: five would cost a statement step each.
    SQLite::Statement lists_ { db_,
        "SELECT 0, o.position, g.id, g.name, g.tooltip, g.rank, g.deleted, NULL, NULL FROM user_other_groups o"
        " JOIN user_groups g ON g.id = o.group_id WHERE o.user_id = ?1"
        " UNION ALL SELECT 1, c.position, c.type, c.value, c.display_value, t.display_type, t.can_create_password,"
        " t.is_name_required, NULL FROM user_credentials c JOIN credential_types t ON t.type = c.type"
        " WHERE c.user_id = ?1"
        " UNION ALL SELECT 2, uc.position, tc.id, tc.name, tc.tooltip, tc.deleted, tc.rank, tc.type, tc.full_name"
        " FROM user_ticket_categories uc JOIN ticket_categories tc ON tc.id = uc.category_id WHERE uc.user_id = ?1"
        " UNION ALL SELECT 3, 0, module_license_id, NULL, NULL, NULL, NULL, NULL, NULL FROM user_licenses"
        " WHERE user_id = ?1"
        " UNION ALL SELECT 4, position, kind, name, value, NULL, NULL, NULL, NULL FROM user_fields WHERE user_id = ?1" };
};

inline std::int64_t Floor::insert(const User& user)
{
    const Person& person = *user.person;
    insertPerson_.bind(1, *person.firstname);
    insertPerson_.bind(2, *person.lastname);
    insertPerson_.bind(3, *person.email);
    insertPerson_.bind(4, *person.directPhone);
    run(insertPerson_);
    const std::int64_t now = nowTicks();
    insertUser_.bind(1, *user.name);
    insertUser_.bind(2, *user.tooltip);
    insertUser_.bind(3, user.userGroup->id);
    insertUser_.bind(4, db_.getLastInsertRowid());
    insertUser_.bind(5, static_cast<int>(user.type));
    insertUser_.bind(6, *user.userName);
    insertUser_.bind(7, *user.nickName);
    insertUser_.bind(8, now);
    insertUser_.bind(9, now);
    run(insertUser_);
    const std::int64_t id = db_.getLastInsertRowid();
    int position = 0;
    for (const UserGroup& group : *user.otherGroups) {
        insertOtherGroup_.bind(1, id);
        insertOtherGroup_.bind(2, group.id);
        insertOtherGroup_.bind(3, position++);
        run(insertOtherGroup_);
    }
    position = 0;
    for (const Credential& credential : *user.credentials) {
        insertCredential_.bind(1, id);
        insertCredential_.bind(2, position++);
        insertCredential_.bind(3, *credential.type->type);
        run(insertCredential_);
    }
    position = 0;
    for (const auto& [name, value] : *user.customFields) {
        insertField_.bind(1, id);
        insertField_.bind(2, position++);
        insertField_.bind(3, name);
        insertField_.bind(4, value);
        run(insertField_);
    }
    return id;
}

inline void Floor::readLists(std::int64_t id, FloorUser& user)
{
    lists_.bind(1, id);
    readRows(lists_, user);
}

} // namespace userservice::bench
