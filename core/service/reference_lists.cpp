// The reference lists users point into (roles, user groups, ticket categories,
// credential types, licence owners): adding to them and reading them, their
// names in the caller's language (they may be multi-language values).
#include "service_impl.hpp"

#include "../module_licenses.hpp"

#include <type_traits>

namespace userservice {

namespace {

template <class T> void localizeTexts(const UserService::Impl& service, T& item, std::string_view language)
{
    const auto text = [&](std::optional<std::string>& value) {
        if (value)
            value = service.localize(*value, language);
    };
    if constexpr (std::is_same_v<T, Role>) {
        text(item.name), text(item.toolTip);
    } else if constexpr (std::is_same_v<T, UserGroup>) {
        text(item.value), text(item.tooltip);
    } else if constexpr (std::is_same_v<T, MDOListItem>) {
        text(item.name), text(item.toolTip), text(item.fullName);
        if (item.childItems)
            for (auto& child : *item.childItems)
                localizeTexts(service, child, language);
    } else if constexpr (std::is_same_v<T, CredentialType>) {
        text(item.displayType);
    } else if constexpr (std::is_same_v<T, ModuleLicenseLink>) {
        text(item.name), text(item.description), text(item.tooltip);
    } else if constexpr (std::is_same_v<T, LicenseOwner>) {
        text(item.name), text(item.description);
        detail::forEachOwnedModuleLicense(
            item, [&](ModuleLicenseLink& link, auto&&...) { localizeTexts(service, link, language); });
    }
}

template <class T>
std::vector<T> localized(const UserService::Impl& service, std::vector<T> items, std::string_view language)
{
    if (detail::translates(language))
        for (auto& item : items)
            localizeTexts(service, item, language);
    return items;
}

void requireName(const std::optional<std::string>& name, const char* field)
{
    if (!name || name->find_first_not_of(" \t\r\n") == std::string::npos)
        throw Exception(
            Error(ErrorKind::Validation, std::string(field) + " is required", { { field, "is required" } }, field));
}

void requireNames(const MDOListItem& category, const std::string& path)
{
    requireName(category.name, (path + ".Name").c_str());
    if (category.childItems)
        for (std::size_t i = 0; i < category.childItems->size(); ++i)
            requireNames((*category.childItems)[i], path + ".ChildItems[" + std::to_string(i) + "]");
}

/// Adds to a list, as a holder of functional right `right`, in one write transaction.
template <class Insert>
auto addToList(UserService::Impl& service, const CallerContext& caller, std::string_view right, Insert&& insert)
{
    return service.store_->write([&](store::Session& s) {
        service.rightHolder(s, caller, right);
        return insert(s);
    });
}

} // namespace

void UserService::Impl::localizeLists(User& user, std::string_view language) const
{
    if (!detail::translates(language))
        return;
    if (user.role)
        localizeTexts(*this, *user.role, language);
    if (user.userGroup)
        localizeTexts(*this, *user.userGroup, language);
    if (user.otherGroups)
        user.otherGroups = localized(*this, std::move(*user.otherGroups), language);
    if (user.ticketCategories)
        user.ticketCategories = localized(*this, std::move(*user.ticketCategories), language);
    if (user.licenseOwners)
        user.licenseOwners = localized(*this, std::move(*user.licenseOwners), language);
    if (user.credentials)
        for (auto& credential : *user.credentials)
            if (credential.type)
                localizeTexts(*this, *credential.type, language);
}

Role UserService::Impl::addRole(const CallerContext& caller, const Role& role, const RoleRights& rights)
{
    requireName(role.name, "Role.Name");
    return addToList(*this, caller, functional::adminRoles, [&](store::Session& s) {
        auto added = s.insertRole(role, rights);
        auditListChange(s, caller, { "Role", "created", added.roleId }, nullptr, auditedRole({ .role = added }));
        return added;
    });
}

std::vector<Role> UserService::Impl::roles(store::Session& s, const CallerContext& caller) const
{
    return localized(*this, s.roles(), caller.language);
}

UserGroup UserService::Impl::addUserGroup(const CallerContext& caller, const UserGroup& group)
{
    requireName(group.value, "UserGroup.Value");
    return addToList(*this, caller, functional::adminGroups, [&](store::Session& s) {
        auto added = s.insertUserGroup(group);
        auditListChange(s, caller, "created", added.id, std::nullopt, added);
        return added;
    });
}

std::vector<UserGroup> UserService::Impl::userGroups(store::Session& s, const CallerContext& caller) const
{
    return localized(*this, s.userGroups(), caller.language);
}

MDOListItem UserService::Impl::addTicketCategory(const CallerContext& caller, const MDOListItem& category)
{
    requireNames(category, "MDOListItem");
    return addToList(
        *this, caller, functional::adminUsers, [&](store::Session& s) { return s.insertTicketCategory(category, 0); });
}

std::vector<MDOListItem> UserService::Impl::ticketCategories(store::Session& s, const CallerContext& caller) const
{
    return localized(*this, s.ticketCategories(), caller.language);
}

CredentialType UserService::Impl::addCredentialType(const CallerContext& caller, const CredentialType& type)
{
    requireName(type.type, "CredentialType.Type");
    return addToList(*this, caller, functional::adminCredentials, [&](store::Session& s) {
        if (s.credentialType(*type.type))
            throw Exception(Error(ErrorKind::Conflict, "credential type " + *type.type + " exists already",
                { { "CredentialType.Type", "exists already" } }, "CredentialType.Type"));
        return s.insertCredentialType(type);
    });
}

std::vector<CredentialType> UserService::Impl::credentialTypes(store::Session& s, const CallerContext& caller) const
{
    return localized(*this, s.credentialTypes(), caller.language);
}

LicenseOwner UserService::Impl::addLicenseOwner(const CallerContext& caller, const LicenseOwner& owner)
{
    requireName(owner.name, "LicenseOwner.Name");
    detail::forEachOwnedModuleLicense(
        owner, [](const ModuleLicenseLink& link, auto&&...) { requireName(link.name, "ModuleLicenseLink.Name"); });
    return addToList(
        *this, caller, functional::adminUsers, [&](store::Session& s) { return s.insertLicenseOwner(owner); });
}

std::vector<LicenseOwner> UserService::Impl::licenseOwners(store::Session& s, const CallerContext& caller) const
{
    User holder; // derive() fills the counts
    holder.licenseOwners = s.licenseOwners(0);
    derive(holder);
    return localized(*this, std::move(*holder.licenseOwners), caller.language);
}

} // namespace userservice
