// Reference lists a user points into: roles, user groups, ticket categories,
// credential types, and licence owners with their module licences.
#include "session.hpp"

#include "../../module_licenses.hpp"

namespace userservice::store::postgresql {
namespace {

constexpr const char* selectLicenseOwners = R"sql(
SELECT o.id, o.name, o.description, m.id, m.name, m.description, m.tooltip, m.unrestricted, m.total,
       m.license_deleted, m.prerequisite_module_name, m.sort_order, m.is_hidden,
       EXISTS (SELECT 1 FROM user_licenses ul WHERE ul.user_id = ?1 AND ul.module_license_id = m.id),
       (SELECT count(*) FROM user_licenses ul WHERE ul.module_license_id = m.id)
  FROM license_owners o LEFT JOIN module_licenses m ON m.owner_id = o.id
 ORDER BY o.id, m.sort_order, m.id)sql";

/// Every row of `q`, each read by `read` from column 0.
template <class T> std::vector<T> everyRow(Query& q, void (*read)(Query&, int, T&))
{
    std::vector<T> out;
    while (q.step())
        read(q, 0, out.emplace_back());
    return out;
}

std::vector<MDOListItem> categoryTree(const std::vector<std::pair<std::int32_t, MDOListItem>>& all, std::int32_t parent)
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

} // namespace

bool PostgresSession::exists(Reference list, std::int32_t id)
{
    static constexpr const char* sql[] = {
        "SELECT 1 FROM roles WHERE id = ?",
        "SELECT 1 FROM user_groups WHERE id = ?",
        "SELECT 1 FROM ticket_categories WHERE id = ?",
        "SELECT 1 FROM module_licenses WHERE id = ?",
    };
    Query q(c_, sql[static_cast<int>(list)], id);
    return q.step();
}

std::optional<CredentialType> PostgresSession::credentialType(std::string_view type)
{
    Query q(c_,
        "SELECT type, display_type, can_create_password, is_name_required"
        " FROM credential_types WHERE lower(type COLLATE \"C\") = lower(?::text COLLATE \"C\")",
        type);
    if (!q.step())
        return std::nullopt;
    CredentialType out;
    readCredentialType(q, 0, out);
    return out;
}

std::int32_t PostgresSession::licenseSeatsInUse(std::int32_t moduleLicenseId, std::int32_t exceptUser)
{
    Query q(c_, "SELECT count(*) FROM user_licenses WHERE module_license_id = ? AND user_id <> ?", moduleLicenseId,
        exceptUser);
    q.step();
    return q.column(0).getInt();
}

std::int32_t PostgresSession::licenseSeats(std::int32_t moduleLicenseId)
{
    Query q(c_,
        "SELECT CASE WHEN unrestricted <> 0 THEN 2147483647 ELSE total END"
        " FROM module_licenses WHERE id = ?",
        moduleLicenseId);
    return q.step() ? q.column(0).getInt() : 0;
}

Role PostgresSession::insertRole(const Role& role, const RoleRights& rights)
{
    Role out = role;
    out.roleId = static_cast<std::int32_t>(
        insertRow(c_, "INSERT INTO roles (name, tooltip, role_type, deleted, rank) VALUES (?, ?, ?, ?, ?) RETURNING id",
            role.name, role.toolTip, role.roleType, role.deleted, role.rank));
    setFunctionalRights(out.roleId, rights.names());
    setDataRights(out.roleId, rights.dataRights.value_or(DataRights::defaults()));
    return out;
}

std::vector<Role> PostgresSession::roles()
{
    Query q(c_, "SELECT id, name, tooltip, role_type, deleted, rank FROM roles ORDER BY rank, id");
    return everyRow(q, readRole);
}

UserGroup PostgresSession::insertUserGroup(const UserGroup& group)
{
    UserGroup out = group;
    out.id = static_cast<std::int32_t>(
        insertRow(c_, "INSERT INTO user_groups (name, tooltip, rank, deleted) VALUES (?, ?, ?, ?) RETURNING id",
            group.value, group.tooltip, group.rank, group.deleted));
    return out;
}

std::vector<UserGroup> PostgresSession::userGroups()
{
    Query q(c_, "SELECT id, name, tooltip, rank, deleted FROM user_groups ORDER BY rank, id");
    return everyRow(q, readGroup);
}

MDOListItem PostgresSession::insertTicketCategory(const MDOListItem& category, std::int32_t parentId)
{
    MDOListItem out = category;
    // The statement is done with (insertRow has read its row) before the children use it.
    out.id = static_cast<std::int32_t>(insertRow(c_,
        "INSERT INTO ticket_categories (parent_id, name, tooltip, deleted, rank, type, icon_hint,"
        " color_block, extra_info, style_hint, full_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        Id { parentId }, category.name, category.toolTip, category.deleted, category.rank, category.type,
        category.iconHint, category.colorBlock, category.extraInfo, category.styleHint, category.fullName));
    if (out.childItems)
        for (auto& child : *out.childItems)
            child = insertTicketCategory(child, out.id);
    return out;
}

std::vector<MDOListItem> PostgresSession::ticketCategories()
{
    Query q(c_,
        "SELECT id, name, tooltip, deleted, rank, type, icon_hint, color_block, extra_info,"
        " style_hint, full_name, coalesce(parent_id, 0) FROM ticket_categories ORDER BY rank, id");
    std::vector<std::pair<std::int32_t, MDOListItem>> all; // parent id, item
    while (q.step()) {
        auto& [parent, item] = all.emplace_back();
        readCategory(q, 0, item);
        get(q.column(11), parent);
    }
    return categoryTree(all, 0);
}

CredentialType PostgresSession::insertCredentialType(const CredentialType& type)
{
    execute(c_,
        "INSERT INTO credential_types (type, display_type, can_create_password, is_name_required)"
        " VALUES (?, ?, ?, ?)",
        type.type, type.displayType, type.canCreatePassword, type.isNameRequired);
    return type;
}

std::vector<CredentialType> PostgresSession::credentialTypes()
{
    Query q(c_,
        "SELECT type, display_type, can_create_password, is_name_required"
        " FROM credential_types ORDER BY lower(type COLLATE \"C\")");
    return everyRow(q, readCredentialType);
}

LicenseOwner PostgresSession::insertLicenseOwner(const LicenseOwner& owner)
{
    const auto ownerId = static_cast<std::int32_t>(insertRow(c_,
        "INSERT INTO license_owners (name, description) VALUES (?, ?) RETURNING id", owner.name, owner.description));
    LicenseOwner out = owner;
    detail::forEachOwnedModuleLicense(out, [&](ModuleLicenseLink& link, std::string_view list, std::size_t) {
        link.unrestricted = list == "UnrestrictedModuleLicenses";
        link.moduleLicenseId = static_cast<std::int32_t>(insertRow(c_,
            "INSERT INTO module_licenses (owner_id, name, description, tooltip, unrestricted, total,"
            " license_deleted, prerequisite_module_name, sort_order, is_hidden)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ownerId, link.name, link.description, link.tooltip, link.unrestricted, link.total, link.licenseDeleted,
            link.prerequisiteModuleName, link.sortOrder, link.isHidden));
        link.assigned = false;
        link.inUse = 0;
    });
    return out;
}

std::vector<LicenseOwner> PostgresSession::licenseOwners(std::int32_t userId)
{
    Query q(c_, selectLicenseOwners, userId);
    std::vector<LicenseOwner> owners;
    std::int32_t currentOwner = 0;
    while (q.step()) {
        const std::int32_t ownerId = q.column(0).getInt();
        if (owners.empty() || ownerId != currentOwner) {
            currentOwner = ownerId;
            LicenseOwner& owner = owners.emplace_back();
            q.readColumns(1, owner.name, owner.description);
            owner.restrictedModuleLicenses.emplace();
            owner.unrestrictedModuleLicenses.emplace();
        }
        if (q.column(3).isNull())
            continue; // an owner without modules
        ModuleLicenseLink link;
        q.readColumns(3, link.moduleLicenseId, link.name, link.description, link.tooltip, link.unrestricted, link.total,
            link.licenseDeleted, link.prerequisiteModuleName, link.sortOrder, link.isHidden, link.assigned, link.inUse);
        auto& list =
            link.unrestricted ? owners.back().unrestrictedModuleLicenses : owners.back().restrictedModuleLicenses;
        list->push_back(std::move(link));
    }
    return owners;
}

} // namespace userservice::store::postgresql
