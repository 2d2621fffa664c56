// The pre-update hook's declarations in sqlite3.h are compiled in only with this;
// Debian's libsqlite3 is built with it (PRAGMA compile_options lists it).
#define SQLITE_ENABLE_PREUPDATE_HOOK 1

#include "user_cache.hpp"

#include "connection.hpp"

#include <sqlite3.h>

#include <optional>
#include <string_view>
#include <type_traits>

namespace userservice::store::sqlite {
namespace {

static_assert(std::is_same_v<sqlite3_int64, long long>);

/// How a change to a row of `table` bears on the users kept.
enum class Bearing {
    User, ///< the users row: its rowid is the user's id
    Person, ///< a persons row: its rowid is the person's id
    UserList, ///< a row of one user's list: its first column is the user's id
    None, ///< no stored user is read from the table
    All, ///< a row many users may join (roles, groups, licences' seats in use), or one not known here
};

Bearing bearing(std::string_view table)
{
    if (table == "users")
        return Bearing::User;
    if (table == "persons")
        return Bearing::Person;
    for (std::string_view list : { "user_other_groups", "user_credentials", "user_ticket_categories", "user_fields" })
        if (table == list)
            return Bearing::UserList;
    // What SqliteSession::user() does not read. user_licenses is not here: one user's
    // licences are every holder's seats in use.
    for (std::string_view unread : { "plugin_records", "api_tokens", "password_resets", "user_presence",
             "role_functional_rights", "role_data_rights", "sqlite_sequence" })
        if (table == unread)
            return Bearing::None;
    return Bearing::All;
}

/// The user id in the first column of a list row, before the change
/// (sqlite3_preupdate_old) or after it (sqlite3_preupdate_new).
std::optional<std::int64_t> listOwner(sqlite3* db, int (*side)(sqlite3*, int, sqlite3_value**))
{
    sqlite3_value* value = nullptr;
    if (side(db, 0, &value) != SQLITE_OK || !value || sqlite3_value_type(value) != SQLITE_INTEGER)
        return std::nullopt;
    return sqlite3_value_int64(value);
}

} // namespace

UserCache::UserCache(Connection& writer, std::size_t capacity)
    : writer_(writer)
    , capacity_(capacity)
{
    if (capacity_ > 0)
        sqlite3_preupdate_hook(writer_.db().getHandle(), &UserCache::changing, this);
}

UserCache::~UserCache()
{
    if (capacity_ > 0)
        sqlite3_preupdate_hook(writer_.db().getHandle(), nullptr, nullptr);
}

void UserCache::begin()
{
    if (capacity_ == 0)
        return;
    SQLite::Statement& version = writer_.statement("PRAGMA data_version");
    version.executeStep();
    const std::int64_t now = version.getColumn(0).getInt64();
    version.reset();
    if (now != dataVersion_)
        forgetAll();
    dataVersion_ = now;
}

std::shared_ptr<const User> UserCache::find(std::int32_t id) const
{
    const auto found = entries_.find(id);
    return found == entries_.end() ? nullptr : found->second.user;
}

void UserCache::keep(const User& user)
{
    if (capacity_ == 0 || user.associateId == 0)
        return;
    forgetUser(user.associateId);
    if (entries_.size() >= capacity_)
        forgetUser(entries_.begin()->first); // any one: a cache of the users being saved now
    keptInTransaction_.push_back(user.associateId); // first: a rollback forgets what a throw left half kept
    const std::int32_t personId = user.person ? user.person->personId : 0;
    entries_.emplace(user.associateId, Entry { std::make_shared<const User>(user), personId });
    if (personId != 0)
        usersByPerson_.emplace(personId, user.associateId);
}

void UserCache::commit()
{
    keptInTransaction_.clear();
}

void UserCache::rollback()
{
    for (const std::int32_t id : keptInTransaction_)
        forgetUser(id);
    keptInTransaction_.clear();
}

void UserCache::changing(
    void* self, sqlite3* db, int op, const char*, const char* table, long long oldKey, long long newKey) noexcept
{
    auto& cache = *static_cast<UserCache*>(self);
    if (cache.entries_.empty())
        return;
    try { // nothing may leave a callback of SQLite's C code
        cache.changed(db, op, table, oldKey, newKey);
    } catch (...) {
        cache.forgetAll();
    }
}

void UserCache::changed(sqlite3* db, int op, const char* table, long long oldKey, long long newKey)
{
    const bool hasOld = op != SQLITE_INSERT; // an UPDATE has both
    const bool hasNew = op != SQLITE_DELETE;
    const auto forgetByRowid = [&](void (UserCache::*forget)(std::int64_t)) {
        if (hasOld)
            (this->*forget)(oldKey);
        if (hasNew)
            (this->*forget)(newKey);
    };
    switch (bearing(table)) {
    case Bearing::User:
        forgetByRowid(&UserCache::forgetUser);
        break;
    case Bearing::Person:
        forgetByRowid(&UserCache::forgetPerson);
        break;
    case Bearing::UserList:
        for (const auto side : { hasOld ? &sqlite3_preupdate_old : nullptr, hasNew ? &sqlite3_preupdate_new : nullptr })
            if (side) {
                if (const auto owner = listOwner(db, side))
                    forgetUser(*owner);
                else
                    forgetAll(); // whose row it is is not known: no user is kept
            }
        break;
    case Bearing::None:
        break;
    case Bearing::All:
        forgetAll();
        break;
    }
}

void UserCache::forgetUser(std::int64_t id)
{
    const auto found = entries_.find(static_cast<std::int32_t>(id));
    if (found == entries_.end())
        return;
    auto [first, last] = usersByPerson_.equal_range(found->second.personId);
    for (auto it = first; it != last; ++it)
        if (it->second == found->first) {
            usersByPerson_.erase(it);
            break;
        }
    entries_.erase(found);
}

void UserCache::forgetPerson(std::int64_t personId)
{
    std::vector<std::int32_t> users;
    auto [first, last] = usersByPerson_.equal_range(static_cast<std::int32_t>(personId));
    for (auto it = first; it != last; ++it)
        users.push_back(it->second);
    for (const std::int32_t id : users)
        forgetUser(id);
}

void UserCache::forgetAll() noexcept
{
    entries_.clear();
    usersByPerson_.clear();
}

} // namespace userservice::store::sqlite
