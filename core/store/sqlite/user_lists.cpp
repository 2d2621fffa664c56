// A user's list rows: other groups, credentials, ticket categories, module licences,
// ExtraFields and CustomFields. Each list is stored in position order.
#include "session.hpp"

#include "../../module_licenses.hpp"

#include <algorithm>

namespace userservice::store::sqlite {
namespace {

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

template <class T> std::optional<std::vector<T>> inPositionOrder(std::vector<std::pair<std::int32_t, T>> rows)
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

void readCredential(Query& q, std::optional<std::vector<Credential>>& credentials)
{
    if (!credentials)
        credentials.emplace();
    Credential& credential = credentials->emplace_back();
    CredentialType& type = credential.type.emplace();
    q.readColumns(2, type.type, credential.value, credential.displayValue, type.displayType, type.canCreatePassword,
        type.isNameRequired);
}

void readField(Query& q, std::optional<StringDictionary>& fields)
{
    if (!fields)
        fields.emplace();
    std::string value;
    get(q.column(3), value);
    fields->set(q.column(2).getString(), std::move(value));
}

constexpr const char* insertOtherGroupSql =
    "INSERT INTO user_other_groups (user_id, group_id, position) VALUES (?, ?, ?)";
constexpr const char* insertTicketCategorySql =
    "INSERT INTO user_ticket_categories (user_id, category_id, position) VALUES (?, ?, ?)";

/// Links a user to list items by their ids, in order, with `sql` binding
/// (user id, item id, position).
template <class T>
void insertLinks(Connection& c, const char* sql, std::int32_t userId, const std::optional<std::vector<T>>& items)
{
    std::int32_t position = 0;
    if (items)
        for (const auto& item : *items)
            execute(c, sql, userId, item.id, position++);
}

// ---- change detection for updateLists

template <class T> std::vector<std::int32_t> ids(const std::optional<std::vector<T>>& items)
{
    std::vector<std::int32_t> out;
    if (items)
        for (const auto& item : *items)
            out.push_back(item.id);
    return out;
}

/// The distinct module licences assigned to the user, in ascending order.
std::vector<std::int32_t> assignedLicenses(const User& user)
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
bool sameDictionary(const std::optional<StringDictionary>& a, const std::optional<StringDictionary>& b)
{
    const bool aEmpty = !a || a->empty();
    const bool bEmpty = !b || b->empty();
    return aEmpty || bEmpty ? aEmpty == bEmpty : *a == *b;
}

} // namespace

void SqliteSession::readLists(std::int32_t id, User& user)
{
    std::vector<std::pair<std::int32_t, UserGroup>> groups;
    std::vector<std::pair<std::int32_t, MDOListItem>> categories;
    Query q(c_, selectUserLists, id);
    while (q.step()) {
        const int kind = q.column(0).getInt();
        const std::int32_t position = q.column(1).getInt();
        switch (kind) {
        case 0:
            readGroup(q, 2, groups.emplace_back(position, UserGroup {}).second);
            break;
        case 1:
            readCredential(q, user.credentials);
            break;
        case 2:
            readCategory(q, 2, categories.emplace_back(position, MDOListItem {}).second);
            break;
        default:
            readField(q, kind == 3 ? user.extraFields : user.customFields);
        }
    }
    user.otherGroups = inPositionOrder(std::move(groups));
    user.ticketCategories = inPositionOrder(std::move(categories));
}

std::vector<CredentialRow> SqliteSession::credentialRows(std::int32_t id)
{
    Query q(c_,
        "SELECT type, value, display_value, secret_hash FROM user_credentials"
        " WHERE user_id = ? ORDER BY position",
        id);
    std::vector<CredentialRow> rows;
    while (q.step()) {
        CredentialRow& row = rows.emplace_back();
        q.readColumns(0, row.type, row.value, row.displayValue, row.secretHash);
    }
    return rows;
}

void SqliteSession::insertLists(std::int32_t id, const User& user, std::span<const CredentialRow> credentials)
{
    insertLinks(c_, insertOtherGroupSql, id, user.otherGroups);
    insertCredentials(id, credentials);
    insertLinks(c_, insertTicketCategorySql, id, user.ticketCategories);
    insertLicenses(id, user);
    insertFields(id, user);
}

Written SqliteSession::updateLists(std::int32_t id, const User& user, const User& stored,
    std::span<const CredentialRow> credentials, std::span<const CredentialRow> storedCredentials)
{
    Written written = Written::Nothing;
    const auto rewrite = [&](const char* deleteSql, auto insert) {
        execute(c_, deleteSql, id);
        insert();
        written = Written::Rows;
    };
    if (ids(user.otherGroups) != ids(stored.otherGroups))
        rewrite("DELETE FROM user_other_groups WHERE user_id = ?",
            [&] { insertLinks(c_, insertOtherGroupSql, id, user.otherGroups); });
    if (!std::ranges::equal(credentials, storedCredentials))
        rewrite("DELETE FROM user_credentials WHERE user_id = ?", [&] { insertCredentials(id, credentials); });
    if (ids(user.ticketCategories) != ids(stored.ticketCategories))
        rewrite("DELETE FROM user_ticket_categories WHERE user_id = ?",
            [&] { insertLinks(c_, insertTicketCategorySql, id, user.ticketCategories); });
    if (assignedLicenses(user) != assignedLicenses(stored))
        rewrite("DELETE FROM user_licenses WHERE user_id = ?", [&] { insertLicenses(id, user); });
    if (!sameDictionary(user.extraFields, stored.extraFields) ||
        !sameDictionary(user.customFields, stored.customFields)) {
        written = std::max(written, Written::Values);
        if (!updateFieldValues(id, user, stored))
            rewrite("DELETE FROM user_fields WHERE user_id = ?", [&] { insertFields(id, user); });
    }
    return written;
}

/// When only values changed (the same names in the same order), updates the rows of
/// the changed values in place: editing one field of many is one row written, not
/// all of them deleted and inserted again. False when names differ.
bool SqliteSession::updateFieldValues(std::int32_t id, const User& user, const User& stored)
{
    static const StringDictionary none;
    const auto sameNames = [](const StringDictionary& a, const StringDictionary& b) {
        return std::equal(
            a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) { return x.first == y.first; });
    };
    const StringDictionary* dictionaries[2][2] = {
        { user.extraFields ? &*user.extraFields : &none, stored.extraFields ? &*stored.extraFields : &none },
        { user.customFields ? &*user.customFields : &none, stored.customFields ? &*stored.customFields : &none },
    };
    for (const auto& [now, before] : dictionaries)
        if (!sameNames(*now, *before))
            return false;
    for (std::int32_t kind = 0; kind < 2; ++kind) {
        const auto& [now, before] = dictionaries[kind];
        std::int32_t position = 0;
        for (auto n = now->begin(), b = before->begin(); n != now->end(); ++n, ++b, ++position)
            if (n->second != b->second)
                execute(c_, "UPDATE user_fields SET value = ? WHERE user_id = ? AND kind = ? AND position = ?",
                    n->second, id, kind, position);
    }
    return true;
}

void SqliteSession::insertCredentials(std::int32_t id, std::span<const CredentialRow> credentials)
{
    std::int32_t position = 0;
    for (const auto& credential : credentials)
        execute(c_,
            "INSERT INTO user_credentials (user_id, position, type, value, display_value, secret_hash)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            id, position++, credential.type, credential.value, credential.displayValue, credential.secretHash);
}

void SqliteSession::insertLicenses(std::int32_t id, const User& user)
{
    for (const std::int32_t module : assignedLicenses(user))
        execute(c_, "INSERT INTO user_licenses (user_id, module_license_id) VALUES (?, ?)", id, module);
}

void SqliteSession::insertFields(std::int32_t id, const User& user)
{
    const auto insert = [&](const std::optional<StringDictionary>& fields, std::int32_t kind) {
        if (!fields)
            return;
        std::int32_t position = 0;
        for (const auto& [name, value] : *fields)
            execute(c_, "INSERT INTO user_fields (user_id, kind, position, name, value) VALUES (?, ?, ?, ?, ?)", id,
                kind, position++, name, value);
    };
    insert(user.extraFields, 0);
    insert(user.customFields, 1);
}

} // namespace userservice::store::sqlite
