// The fields a query may name. Each is read under the same rights as in a carrier:
// a field the caller may not read on a user is one it may not filter or sort that
// user by (see searching.cpp).
#include "query.hpp"

#include "../ascii.hpp"

#include <algorithm>
#include <array>

namespace userservice::query {
namespace {

constexpr std::array<FieldInfo, 13> fields { {
    { QueryField::AssociateId, "associateId", "", ValueKind::Integer, "User", "AssociateId" },
    { QueryField::Name, "name", "", ValueKind::Text, "User", "Name" },
    { QueryField::UserName, "userName", "", ValueKind::Text, "User", "UserName" },
    { QueryField::NickName, "nickName", "", ValueKind::Text, "User", "NickName" },
    { QueryField::Type, "type", "", ValueKind::UserType, "User", "Type" },
    { QueryField::Deleted, "deleted", "", ValueKind::Boolean, "User", "Deleted" },
    { QueryField::RoleId, "roleId", "role/roleId", ValueKind::Integer, "User", "Role" },
    { QueryField::UserGroupId, "userGroupId", "userGroup/id", ValueKind::Integer, "User", "UserGroup" },
    { QueryField::Firstname, "person/firstname", "", ValueKind::Text, "Person", "Firstname" },
    { QueryField::Lastname, "person/lastname", "", ValueKind::Text, "Person", "Lastname" },
    { QueryField::Email, "person/email", "", ValueKind::Text, "Person", "Email" },
    { QueryField::Created, "created", "", ValueKind::DateTime, "", "" },
    { QueryField::Updated, "updated", "", ValueKind::DateTime, "", "" },
} };

void collect(const QueryFilter& filter, std::vector<QueryField>& out)
{
    if (filter.kind == QueryFilter::Kind::Compare)
        out.push_back(filter.field);
    for (const auto& operand : filter.operands)
        collect(operand, out);
}

} // namespace

const FieldInfo* findField(std::string_view name) noexcept
{
    for (const auto& info : fields)
        if (iequals(info.name, name) || (!info.alias.empty() && iequals(info.alias, name)))
            return &info;
    return nullptr;
}

const FieldInfo& fieldInfo(QueryField field) noexcept
{
    return fields[static_cast<std::size_t>(field)];
}

std::vector<QueryField> fieldsUsed(const QueryFilter* filter, const std::vector<QueryOrder>& order)
{
    std::vector<QueryField> used;
    if (filter)
        collect(*filter, used);
    for (const auto& item : order)
        used.push_back(item.field);
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    return used;
}

} // namespace userservice::query
