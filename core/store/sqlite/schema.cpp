#include "schema.hpp"

#include <array>

namespace userservice::store {
namespace {

// Version 1: users, their persons and reference lists. Names, user names and
// nick names are unique case-insensitively (ASCII case folding: COLLATE NOCASE).
constexpr std::string_view version1 = R"sql(
CREATE TABLE roles (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, tooltip TEXT, role_type INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0, rank INTEGER NOT NULL DEFAULT 0);
CREATE TABLE user_groups (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, tooltip TEXT, rank INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ticket_categories (
  id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES ticket_categories (id), name TEXT NOT NULL,
  tooltip TEXT, deleted INTEGER NOT NULL DEFAULT 0, rank INTEGER NOT NULL DEFAULT 0, type TEXT,
  icon_hint TEXT, color_block INTEGER NOT NULL DEFAULT 0, extra_info TEXT, style_hint TEXT, full_name TEXT);
CREATE TABLE credential_types (
  type TEXT PRIMARY KEY COLLATE NOCASE, display_type TEXT, can_create_password INTEGER NOT NULL DEFAULT 0,
  is_name_required INTEGER NOT NULL DEFAULT 0);
CREATE TABLE license_owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);
CREATE TABLE module_licenses (
  id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES license_owners (id), name TEXT NOT NULL,
  description TEXT, tooltip TEXT, unrestricted INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,
  license_deleted INTEGER NOT NULL DEFAULT 0, prerequisite_module_name TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0, is_hidden INTEGER NOT NULL DEFAULT 0);
CREATE INDEX module_licenses_owner ON module_licenses (owner_id);

CREATE TABLE persons (
  id INTEGER PRIMARY KEY, position TEXT, mrmrs TEXT, firstname TEXT, lastname TEXT, middle_name TEXT,
  title TEXT, description TEXT, email TEXT, direct_phone TEXT, formal_name TEXT,
  country_id INTEGER NOT NULL DEFAULT 0, contact_id INTEGER NOT NULL DEFAULT 0, contact_name TEXT,
  retired INTEGER NOT NULL DEFAULT 0, rank INTEGER NOT NULL DEFAULT 0,
  active_interests INTEGER NOT NULL DEFAULT 0, contact_department TEXT,
  contact_country_id INTEGER NOT NULL DEFAULT 0, contact_org_nr TEXT, fax_phone TEXT, mobile_phone TEXT,
  contact_phone TEXT, use_person_address INTEGER NOT NULL DEFAULT 0, contact_fax TEXT, kanafname TEXT,
  kanalname TEXT, post1 TEXT, post2 TEXT, post3 TEXT, email_name TEXT, contact_full_name TEXT,
  active_erp_links INTEGER NOT NULL DEFAULT 0, ticket_priority_id INTEGER NOT NULL DEFAULT 0,
  support_language_id INTEGER NOT NULL DEFAULT 0, support_associate_id INTEGER NOT NULL DEFAULT 0,
  category_name TEXT);

CREATE TABLE users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, rank INTEGER NOT NULL DEFAULT 0, tooltip TEXT,
  role_id INTEGER REFERENCES roles (id), group_id INTEGER REFERENCES user_groups (id),
  person_id INTEGER REFERENCES persons (id), deleted INTEGER NOT NULL DEFAULT 0, last_login TEXT,
  last_logout TEXT, ej_user_id INTEGER NOT NULL DEFAULT 0, request_signature TEXT, type INTEGER NOT NULL,
  is_on_travel INTEGER NOT NULL DEFAULT 0, user_name TEXT NOT NULL, nick_name TEXT,
  waiting_for_approval INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE UNIQUE INDEX users_name ON users (name COLLATE NOCASE);
CREATE UNIQUE INDEX users_user_name ON users (user_name COLLATE NOCASE);
CREATE UNIQUE INDEX users_nick_name ON users (nick_name COLLATE NOCASE) WHERE nick_name <> '';

CREATE TABLE user_other_groups (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES user_groups (id), position INTEGER NOT NULL,
  PRIMARY KEY (user_id, group_id)) WITHOUT ROWID;
CREATE TABLE user_credentials (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, position INTEGER NOT NULL,
  type TEXT NOT NULL REFERENCES credential_types (type), value TEXT, display_value TEXT, secret_hash TEXT,
  PRIMARY KEY (user_id, position)) WITHOUT ROWID;
CREATE TABLE user_ticket_categories (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES ticket_categories (id), position INTEGER NOT NULL,
  PRIMARY KEY (user_id, category_id)) WITHOUT ROWID;
CREATE TABLE user_licenses (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  module_license_id INTEGER NOT NULL REFERENCES module_licenses (id),
  PRIMARY KEY (user_id, module_license_id)) WITHOUT ROWID;
CREATE INDEX user_licenses_module ON user_licenses (module_license_id);
-- kind 0: ExtraFields, 1: CustomFields; position keeps the order they were sent in
CREATE TABLE user_fields (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, kind INTEGER NOT NULL,
  position INTEGER NOT NULL, name TEXT NOT NULL, value TEXT,
  PRIMARY KEY (user_id, kind, position)) WITHOUT ROWID;
)sql";

// Version 2: who created and who last changed a user (0: the system).
constexpr std::string_view version2 = R"sql(
ALTER TABLE users ADD COLUMN created_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN updated_by INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: functional rights of roles (see RoleRights).
constexpr std::string_view version3 = R"sql(
ALTER TABLE roles ADD COLUMN administer_users INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 4: records that plugins keep about users (audit trail, outbox), append-only.
constexpr std::string_view version4 = R"sql(
CREATE TABLE plugin_records (
  id INTEGER PRIMARY KEY, stream TEXT NOT NULL, user_id INTEGER NOT NULL, at INTEGER NOT NULL,
  by INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX plugin_records_stream ON plugin_records (stream, user_id, id);
)sql";

// Version 5: API tokens. Only a BLAKE2b-256 hash of each secret is stored; a login
// by token is one read of the unique index. AUTOINCREMENT: a revoked token's id is
// never given to another (logs name tokens by id).
constexpr std::string_view version5 = R"sql(
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  associate_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  secret_hash BLOB NOT NULL UNIQUE, label TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX api_tokens_user ON api_tokens (associate_id);
)sql";

// Version 6: searching (core/query). Filters and sorts read a missing text or id as
// '' or 0, so these indexes are on exactly those expressions, which SQLite matches;
// users (person_id) lets a search by person names run from the persons' indexes, and
// serves GetUserFromPersonId; users (ej_user_id) serves GetUserFromEjUserId. And the
// password reset tokens (SendChangePasswordEMail): only a BLAKE2b-256 hash of each is
// stored; redeeming one deletes it (single use).
constexpr std::string_view version6 = R"sql(
CREATE INDEX users_search_nick_name ON users (ifnull(nick_name, '') COLLATE NOCASE);
CREATE INDEX users_search_role ON users (ifnull(role_id, 0));
CREATE INDEX users_search_group ON users (ifnull(group_id, 0));
CREATE INDEX users_search_created ON users (created_at);
CREATE INDEX users_search_updated ON users (updated_at);
CREATE INDEX users_search_person ON users (person_id);
CREATE INDEX persons_search_firstname ON persons (ifnull(firstname, '') COLLATE NOCASE);
CREATE INDEX persons_search_lastname ON persons (ifnull(lastname, '') COLLATE NOCASE);
CREATE INDEX persons_search_email ON persons (ifnull(email, '') COLLATE NOCASE);
CREATE INDEX users_ej_user_id ON users (ej_user_id) WHERE ej_user_id <> 0;
CREATE TABLE password_resets (
  token_hash BLOB PRIMARY KEY,
  associate_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL);
CREATE INDEX password_resets_user ON password_resets (associate_id);
)sql";

// Version 7: user groups and presence (issue 13). Deleting a group looks up its other-group
// members by group; a user's presence (GetUserPresenceStatus) goes with the user.
constexpr std::string_view version7 = R"sql(
CREATE INDEX user_other_groups_group ON user_other_groups (group_id);
CREATE TABLE user_presence (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, status INTEGER NOT NULL,
  message TEXT, updated_at INTEGER NOT NULL, updated_by INTEGER NOT NULL);
)sql";

// Version 8 (rights): the functional rights each role holds, by name (a plugin's right
// keeps its name when ids move). A role with the old administer_users flag gets every
// built-in right, which is all that flag granted (that column is no longer read).
// And each role's data rights (DataRights: a right string per table and relation to
// the owner), every role starting with the default policy's (DataRights::defaults()).
constexpr std::string_view version8Rights = R"sql(
CREATE TABLE role_functional_rights (
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE, name TEXT NOT NULL,
  PRIMARY KEY (role_id, name)) WITHOUT ROWID;
CREATE INDEX role_functional_rights_name ON role_functional_rights (name);
INSERT INTO role_functional_rights (role_id, name)
  SELECT r.id, f.name FROM roles r,
    (SELECT 'admin-users' AS name UNION ALL SELECT 'admin-roles' UNION ALL SELECT 'admin-groups'
     UNION ALL SELECT 'admin-credentials' UNION ALL SELECT 'issue-tokens' UNION ALL SELECT 'see-retired-users') f
  WHERE r.administer_users <> 0;
CREATE TABLE role_data_rights (
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE, table_name TEXT NOT NULL,
  relation INTEGER NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (role_id, table_name, relation)) WITHOUT ROWID;
INSERT INTO role_data_rights (role_id, table_name, relation, value)
  SELECT r.id, d.table_name, d.relation, d.value FROM roles r,
    (SELECT 'associate' AS table_name, 0 AS relation, 'rp' AS value UNION ALL SELECT 'associate', 1, 'r'
     UNION ALL SELECT 'associate', 2, 'r' UNION ALL SELECT 'credentials', 0, 'r'
     UNION ALL SELECT 'credentials', 1, '' UNION ALL SELECT 'credentials', 2, '') d;
)sql";


// Version 9: roles as entities (issue 13): their ticket-category flag, who created and
// last changed them and when (0: before this version, or the system). DeleteRole finds a
// role's users by users_search_role (version 6).
constexpr std::string_view version9Roles = R"sql(
ALTER TABLE roles ADD COLUMN use_categories INTEGER NOT NULL DEFAULT 0;
ALTER TABLE roles ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE roles ADD COLUMN created_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE roles ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE roles ADD COLUMN updated_by INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 10: plugin records clustered by user (../records_sql.hpp): a record's id is its
// user's id times 2^32 plus its place among that user's records, so appending one writes
// one B-tree where the table and its (stream, user_id, id) index wrote two. Existing
// records keep their order.
constexpr std::string_view version10Records = R"sql(
CREATE TABLE plugin_records_by_user (
  id INTEGER PRIMARY KEY, stream TEXT NOT NULL, user_id INTEGER NOT NULL, at INTEGER NOT NULL,
  by INTEGER NOT NULL, body TEXT NOT NULL,
  CONSTRAINT plugin_records_id_in_user_range
    CHECK (id BETWEEN user_id * 4294967296 + 1 AND user_id * 4294967296 + 4294967295));
INSERT INTO plugin_records_by_user (id, stream, user_id, at, by, body)
  SELECT user_id * 4294967296 + row_number() OVER (PARTITION BY user_id ORDER BY id), stream, user_id, at, by, body
  FROM plugin_records;
DROP TABLE plugin_records;
ALTER TABLE plugin_records_by_user RENAME TO plugin_records;
)sql";

constexpr std::array migrations { version1, version2, version3, version4, version5, version6, version7, version8Rights,
    version9Roles, version10Records };

} // namespace

std::span<const std::string_view> sqliteMigrations() noexcept
{
    return migrations;
}

} // namespace userservice::store
