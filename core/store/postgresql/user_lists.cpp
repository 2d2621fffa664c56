// A user's list rows: other groups, credentials, ticket categories, module licences,
// ExtraFields and CustomFields. Each list is stored in position order, in one
// multi-row INSERT (its values as arrays, unnested): a round trip per list, not per row.
#include "session.hpp"

#include "../../module_licenses.hpp"

#include <algorithm>

namespace userservice::store::postgresql {
namespace {

// A user's list rows in one pass: other groups (0), credentials (1), ticket
// categories (2), ExtraFields (3) and CustomFields (4). Rows come in primary-key
// order, which is position order for credentials and fields; groups and categories
// are sorted by position in C++. The columns of a UNION have one type each: text.
constexpr const char* selectUserLists = R"sql(
SELECT 0, o.position, g.id::text, g.name, g.tooltip, g.rank::text, g.deleted::text, NULL, NULL, NULL, NULL,
       NULL, NULL
  FROM user_other_groups o JOIN user_groups g ON g.id = o.group_id WHERE o.user_id = ?1
UNION ALL
SELECT 1, c.position, c.type, c.value, c.display_value, t.display_type, t.can_create_password::text,
       t.is_name_required::text, NULL, NULL, NULL, NULL, NULL
  FROM user_credentials c JOIN credential_types t ON lower(t.type COLLATE "C") = lower(c.type COLLATE "C")
 WHERE c.user_id = ?1
UNION ALL
SELECT 2, uc.position, tc.id::text, tc.name, tc.tooltip, tc.deleted::text, tc.rank::text, tc.type, tc.icon_hint,
       tc.color_block::text, tc.extra_info, tc.style_hint, tc.full_name
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

template <class T> std::vector<std::int32_t> ids(const std::optional<std::vector<T>>& items)
{
    std::vector<std::int32_t> out;
    if (items)
        for (const auto& item : *items)
            out.push_back(item.id);
    return out;
}

// Multi-row inserts: ?1 the user, then arrays of the rows' values, position from
// the arrays' order.
constexpr const char* insertOtherGroupSql =
    "INSERT INTO user_other_groups (user_id, group_id, position)"
    " SELECT ?1, v, n - 1 FROM unnest(?2::integer[]) WITH ORDINALITY AS t (v, n)";
constexpr const char* insertTicketCategorySql =
    "INSERT INTO user_ticket_categories (user_id, category_id, position)"
    " SELECT ?1, v, n - 1 FROM unnest(?2::integer[]) WITH ORDINALITY AS t (v, n)";

/// An array literal of `values` (NULL for nullopt), each quoted.
template <class T, class F> std::string arrayOf(const std::vector<T>& values, F&& text)
{
    std::string out = "{";
    for (const auto& value : values) {
        if (out.size() > 1)
            out += ',';
        const std::optional<std::string> item = text(value);
        if (!item) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (const char c : *item) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string idArray(const std::vector<std::int32_t>& ids)
{
    return arrayOf(ids, [](std::int32_t id) { return std::optional(std::to_string(id)); });
}

/// Links a user to list items by their ids, in order, with `sql` binding (user id, ids).
template <class T>
void insertLinks(Connection& c, const char* sql, std::int32_t userId, const std::optional<std::vector<T>>& items)
{
    if (items && !items->empty())
        execute(c, sql, userId, idArray(ids(items)));
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

void PostgresSession::readLists(std::int32_t id, User& user)
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

std::vector<CredentialRow> PostgresSession::credentialRows(std::int32_t id)
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

void PostgresSession::insertLists(std::int32_t id, const User& user, std::span<const CredentialRow> credentials)
{
    insertLinks(c_, insertOtherGroupSql, id, user.otherGroups);
    insertCredentials(id, credentials);
    insertLinks(c_, insertTicketCategorySql, id, user.ticketCategories);
    insertLicenses(id, user);
    insertFields(id, user);
}

Written PostgresSession::updateLists(std::int32_t id, const User& user, const User& stored,
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
bool PostgresSession::updateFieldValues(std::int32_t id, const User& user, const User& stored)
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

void PostgresSession::insertCredentials(std::int32_t id, std::span<const CredentialRow> credentials)
{
    if (credentials.empty())
        return;
    const std::vector<CredentialRow> rows(credentials.begin(), credentials.end());
    execute(c_,
        "INSERT INTO user_credentials (user_id, position, type, value, display_value, secret_hash)"
        " SELECT ?1, n - 1, t, v, d, s FROM unnest(?2::text[], ?3::text[], ?4::text[], ?5::text[])"
        " WITH ORDINALITY AS r (t, v, d, s, n)",
        id, arrayOf(rows, [](const CredentialRow& r) { return std::optional(r.type); }),
        arrayOf(rows, [](const CredentialRow& r) { return r.value; }),
        arrayOf(rows, [](const CredentialRow& r) { return r.displayValue; }),
        arrayOf(rows, [](const CredentialRow& r) { return r.secretHash; }));
}

void PostgresSession::insertLicenses(std::int32_t id, const User& user)
{
    const auto modules = assignedLicenses(user);
    if (!modules.empty())
        execute(c_, "INSERT INTO user_licenses (user_id, module_license_id) SELECT ?1, unnest(?2::integer[])", id,
            idArray(modules));
}

void PostgresSession::insertFields(std::int32_t id, const User& user)
{
    const auto insert = [&](const std::optional<StringDictionary>& fields, std::int32_t kind) {
        if (!fields || fields->empty())
            return;
        const std::vector<std::pair<std::string, std::string>> rows(fields->begin(), fields->end());
        execute(c_,
            "INSERT INTO user_fields (user_id, kind, position, name, value)"
            " SELECT ?1, ?2, n - 1, f, v FROM unnest(?3::text[], ?4::text[]) WITH ORDINALITY AS r (f, v, n)",
            id, kind, arrayOf(rows, [](const auto& row) { return std::optional(row.first); }),
            arrayOf(rows, [](const auto& row) { return std::optional(row.second); }));
    };
    insert(user.extraFields, 0);
    insert(user.customFields, 1);
}

} // namespace userservice::store::postgresql
