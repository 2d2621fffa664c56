// Updates that write only the columns that changed: an UPDATE naming a column makes
// SQLite (and PostgreSQL) rewrite every index on it, and the users row has ten indexes,
// so a save that changes one field should not name the other fifteen. Both stores use
// this; their Query classes bind the same way.
#pragma once

#include "person_sql.hpp"

#include "../store.hpp"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace userservice::store::sqlite {

/// The UPDATE of one row of `table` that sets the columns in a mask (bit i: columns[i]),
/// then the `always` columns, WHERE key: placeholders "?1"… in that order, the key last.
/// Built once per mask and kept: the stores cache statements by the SQL's address.
class ChangedColumnsSql {
public:
    ChangedColumnsSql(
        std::string table, std::vector<std::string> columns, std::vector<std::string> always, std::string key);
    const char* sql(std::uint64_t changed) const;

private:
    std::string table_, key_;
    std::vector<std::string> columns_, always_;
    mutable std::mutex mutex_;
    mutable std::unordered_map<std::uint64_t, std::string> built_; ///< nodes: their strings never move
};

const ChangedColumnsSql& userRowUpdates(); ///< the users row; always updated_at, updated_by
const ChangedColumnsSql& personRowUpdates(); ///< the persons row

/// The users row's links: the role's and the main group's ids (0: none).
inline std::int32_t roleIdOf(const User& u) { return u.role ? u.role->roleId : 0; }
inline std::int32_t groupIdOf(const User& u) { return u.userGroup ? u.userGroup->id : 0; }

/// Calls f(now, before) for each column of the users row that a save writes, in
/// userRowUpdates()' order. `IdT` is the store's nullable id (0: NULL).
template <class IdT, class F> void forEachUserColumn(const User& now, const User& before, F&& f)
{
    f(now.name, before.name);
    f(now.rank, before.rank);
    f(now.tooltip, before.tooltip);
    f(IdT { roleIdOf(now) }, IdT { roleIdOf(before) });
    f(IdT { groupIdOf(now) }, IdT { groupIdOf(before) });
    f(now.deleted, before.deleted);
    f(now.lastlogin, before.lastlogin);
    f(now.lastlogout, before.lastlogout);
    f(now.ejUserId, before.ejUserId);
    f(now.requestSignature, before.requestSignature);
    f(now.type, before.type);
    f(now.isOnTravel, before.isOnTravel);
    f(now.userName, before.userName);
    f(now.nickName, before.nickName);
    f(now.waitingForApproval, before.waitingForApproval);
}

template <class T> bool sameColumn(const T& a, const T& b)
{
    if constexpr (requires { a.value; })
        return a.value == b.value; // a store's Id
    else
        return a == b;
}

/// Writes the columns that differ, then `tail` binds the `always` columns and the key
/// from the returned next index on. `each(f)` calls f(now, before) per column. Writes
/// nothing when no column differs, unless `anyway`; returns whether it wrote.
template <class Q, class Connection, class Each, class Tail>
bool updateChangedColumns(Connection& c, const ChangedColumnsSql& sql, Each&& each, Tail&& tail, bool anyway)
{
    std::uint64_t changed = 0;
    int column = 0;
    each([&](const auto& now, const auto& before) {
        if (!sameColumn(now, before))
            changed |= std::uint64_t { 1 } << column;
        ++column;
    });
    if (changed == 0 && !anyway)
        return false;
    Q q(c, sql.sql(changed));
    int index = 0;
    column = 0;
    each([&](const auto& now, const auto&) {
        if (changed >> column++ & 1)
            q.bind(++index, now);
    });
    tail(q, index + 1);
    q.run();
    return true;
}

/// The users row of `now`, whose stored version is `before`: its changed columns and
/// the stamp; nothing when no column changed and the other rows wrote nothing (a save
/// that changes nothing writes nothing). Returns what the whole update wrote: a changed
/// role or group is a link (Rows), since their names are joined in.
template <class Q, class IdT, class Connection>
Written updateUserRow(Connection& c, const User& now, const User& before, const Stamp& stamp, Written otherRows)
{
    const bool wrote = updateChangedColumns<Q>(
        c, userRowUpdates(), [&](auto&& f) { forEachUserColumn<IdT>(now, before, f); },
        [&](Q& q, int next) {
            q.bind(next, stamp.ticks);
            q.bind(next + 1, stamp.by);
            q.bind(next + 2, now.associateId);
        },
        otherRows != Written::Nothing);
    if (!wrote)
        return Written::Nothing;
    const bool sameLinks = roleIdOf(now) == roleIdOf(before) && groupIdOf(now) == groupIdOf(before);
    return std::max(otherRows, sameLinks ? Written::Values : Written::Rows);
}

/// The persons row `id`: its changed columns; nothing when none changed (false).
template <class Q, class Connection>
bool updatePersonRow(Connection& c, std::int32_t id, const Person& now, const Person& before)
{
    return updateChangedColumns<Q>(
        c, personRowUpdates(),
        [&](auto&& f) { forEachPersonColumn([&](const auto& field) { f(now.*field.member, before.*field.member); }); },
        [&](Q& q, int next) { q.bind(next, id); }, false);
}

} // namespace userservice::store::sqlite
