#include <userservice/user_service.hpp>

#include "capture.hpp"
#include "password.hpp"
#include "store/sqlite_store.hpp"
#include "text.hpp"
#include "user_model.hpp"
#include "validation.hpp"

#include <algorithm>

namespace userservice {

using detail::captureErrors;

class UserService::Impl {
public:
    explicit Impl(ServiceOptions options)
        : options_(std::move(options))
        , store_(store::openSqliteStore({ .path = options_.database,
              .fullSync = options_.durability == Durability::PowerLoss,
              .busyTimeout = options_.busyTimeout,
              .readConnections = options_.readConnections }))
    {
        if (!options_.clock)
            options_.clock = [] {
                return std::chrono::time_point_cast<DateTime::Ticks>(std::chrono::system_clock::now());
            };
    }

    // ---- saving

    /// A user's credentials as they will be stored, computed before the write
    /// transaction because hashing is slow on purpose.
    struct PreparedSecrets {
        std::vector<std::optional<std::string>> hashes; ///< per credential: a new hash, if it has a new secret
    };

    PreparedSecrets prepareSecrets(const User& user)
    {
        PreparedSecrets prepared;
        const auto hasValue = [](const Credential& c) { return c.value && !c.value->empty(); };
        if (!user.credentials || std::none_of(user.credentials->begin(), user.credentials->end(), hasValue))
            return prepared; // nothing to hash: no need to look the types up
        prepared.hashes.resize(user.credentials->size());
        const auto secretTypes = store_->read([&](store::Session& s) {
            std::vector<bool> secret;
            for (const auto& credential : *user.credentials) {
                const auto type =
                    credential.type && credential.type->type ? s.credentialType(*credential.type->type) : std::nullopt;
                secret.push_back(type && type->canCreatePassword);
            }
            return secret;
        });
        for (std::size_t i = 0; i < user.credentials->size(); ++i) {
            const auto& value = (*user.credentials)[i].value;
            if (secretTypes[i] && value && !value->empty())
                prepared.hashes[i] = detail::hashPassword(*value, options_.passwordHashing);
        }
        return prepared;
    }

    /// The rows to store: secrets as hashes (new, or the stored one of that type).
    std::vector<store::CredentialRow> credentialRows(
        store::Session& s, const User& user, const PreparedSecrets& secrets)
    {
        std::vector<store::CredentialRow> rows;
        if (!user.credentials)
            return rows;
        const auto stored =
            user.associateId ? s.secretHashes(user.associateId) : std::vector<std::pair<std::string, std::string>> {};
        for (std::size_t i = 0; i < user.credentials->size(); ++i) {
            const Credential& credential = (*user.credentials)[i];
            const auto type = s.credentialType(*credential.type->type); // validated: exists
            store::CredentialRow& row = rows.emplace_back();
            row.type = *type->type;
            row.displayValue = credential.displayValue;
            if (!type->canCreatePassword) {
                row.value = credential.value;
                continue;
            }
            if (i < secrets.hashes.size() && secrets.hashes[i]) {
                row.secretHash = secrets.hashes[i];
            } else if (credential.value && !credential.value->empty()) {
                // The type became secret after prepareSecrets looked: never store it plain.
                row.secretHash = detail::hashPassword(*credential.value, options_.passwordHashing);
            } else {
                for (const auto& [storedType, hash] : stored)
                    if (storedType == row.type)
                        row.secretHash = hash;
            }
        }
        return rows;
    }

    /// Saves one user inside a write transaction; returns its id.
    std::int32_t save(store::Session& s, const CallerContext& caller, const User& user, const PreparedSecrets& secrets,
        const SaveOptions& options)
    {
        std::optional<User> stored;
        if (user.associateId != 0) {
            const auto stamps = s.stamps(user.associateId);
            if (!stamps)
                throw Exception(
                    Error(ErrorKind::NotFound, "there is no user with AssociateId " + std::to_string(user.associateId),
                        { { "User.AssociateId", "does not exist" } }, "User.AssociateId"));
            if (options.ifUnmodifiedSince &&
                stamps->updated.ticks > options.ifUnmodifiedSince->utc().time_since_epoch().count())
                throw Exception(Error(ErrorKind::PreconditionFailed,
                    "user " + std::to_string(user.associateId) + " was changed at " +
                        stampTime(stamps->updated).toString() + ", after " + options.ifUnmodifiedSince->toString(),
                    {}, "User.AssociateId"));
            stored = s.user(user.associateId);
        }
        const std::int32_t storedPersonId = stored && stored->person ? stored->person->personId : 0;
        detail::throwIfInvalid(detail::validate(s, user, storedPersonId));
        detail::throwIfConflicting(detail::uniquenessConflicts(s, user));

        const auto rows = credentialRows(s, user, secrets);
        const store::Stamp stamp { options_.clock().time_since_epoch().count(), caller.associateId };
        if (user.associateId == 0) {
            const std::int32_t id = s.insertUser(user, rows, stamp);
            log(LogLevel::Info, "created user " + std::to_string(id));
            return id;
        }
        s.updateUser(user, *stored, rows, stamp);
        log(LogLevel::Info, "updated user " + std::to_string(user.associateId));
        return user.associateId;
    }

    User saveUser(const CallerContext& caller, const User& user, const SaveOptions& options)
    {
        const auto secrets = prepareSecrets(user);
        return store_->write(
            [&](store::Session& s) { return load(s, save(s, caller, user, secrets, options)).value(); });
    }

    User saveUserFromName(
        const CallerContext& caller, std::string_view userName, const User& user, const Select& select)
    {
        if (userName.empty())
            throw Exception(Error(ErrorKind::BadRequest, "the user name to look up is empty", {}, "UserName"));
        const auto secrets = prepareSecrets(user);
        if (user.userName && !user.userName->empty() && !iequals(*user.userName, userName))
            throw Exception(
                Error(ErrorKind::BadRequest, "the carrier's UserName differs from the user name to save under",
                    { { "User.UserName", "must be empty or the user name looked up" } }, "User.UserName"));
        User stored = store_->write([&](store::Session& s) {
            User target = user;
            target.userName = std::string(userName);
            if (const auto existing = s.userIdBy(store::UniqueName::UserName, userName)) {
                if (user.associateId != 0 && user.associateId != *existing)
                    throw Exception(Error(ErrorKind::BadRequest,
                        "the user name belongs to user " + std::to_string(*existing) +
                            ", but the carrier has AssociateId " + std::to_string(user.associateId),
                        { { "User.AssociateId", "must be 0 or " + std::to_string(*existing) } }, "User.AssociateId"));
                target.associateId = *existing;
                target.userName = s.user(*existing)->userName; // keeps its stored spelling
            } else {
                if (user.associateId != 0)
                    throw Exception(Error(ErrorKind::NotFound,
                        "there is no user with this user name to update as AssociateId " +
                            std::to_string(user.associateId),
                        { { "User.AssociateId", "must be 0 to create the user" } }, "User.AssociateId"));
                target.userName = std::string(userName);
            }
            return load(s, save(s, caller, target, secrets, {})).value();
        });
        select.apply(stored);
        return stored;
    }

    std::vector<std::int32_t> saveUsers(const CallerContext& caller, std::span<const User> users)
    {
        std::vector<PreparedSecrets> secrets;
        secrets.reserve(users.size());
        for (const auto& user : users)
            secrets.push_back(prepareSecrets(user));
        return store_->write([&](store::Session& s) {
            std::vector<std::int32_t> ids;
            ids.reserve(users.size());
            for (std::size_t i = 0; i < users.size(); ++i) {
                try {
                    ids.push_back(save(s, caller, users[i], secrets[i], {}));
                } catch (const Exception& e) {
                    const std::string item = "users[" + std::to_string(i) + "]";
                    const Error& error = e.error();
                    throw Exception(Error(error.kind(), item + ": " + error.message(),
                        { error.fields().begin(), error.fields().end() }, item));
                }
            }
            return ids;
        });
    }

    // ---- reading

    /// The stored user with its derived fields.
    static std::optional<User> load(store::Session& s, std::int32_t id)
    {
        auto user = s.user(id);
        if (user)
            derive(*user);
        return user;
    }

    static void derive(User& user)
    {
        if (user.person) {
            Person& person = *user.person;
            std::string fullName;
            for (const auto* part : { &person.firstname, &person.middleName, &person.lastname })
                if (*part && !(*part)->empty())
                    fullName += (fullName.empty() ? "" : " ") + **part;
            person.fullName = std::move(fullName);
            person.associateId = user.associateId;
            person.associateName = user.name;
            user.isPersonRetired = person.retired != 0;
        }
        if (user.licenseOwners)
            for (auto& owner : *user.licenseOwners)
                for (auto* list : { &owner.restrictedModuleLicenses, &owner.unrestrictedModuleLicenses })
                    if (*list)
                        for (auto& link : **list) {
                            link.free = link.unrestricted ? 0 : std::max(0, link.total - link.inUse);
                            link.canAssign = link.assigned || link.unrestricted || link.free > 0;
                        }
    }

    std::optional<User> getUser(std::int32_t id, const Select& select)
    {
        auto user = store_->read([&](store::Session& s) { return load(s, id); });
        if (user)
            select.apply(*user);
        return user;
    }

    std::optional<User> getUserFromName(std::string_view userName, const Select& select)
    {
        auto user = store_->read([&](store::Session& s) -> std::optional<User> {
            const auto id = s.userIdBy(store::UniqueName::UserName, userName);
            return id ? load(s, *id) : std::nullopt;
        });
        if (user)
            select.apply(*user);
        return user;
    }

    static DateTime stampTime(const store::Stamp& stamp)
    {
        return DateTime::fromUtc(
            DateTime::UtcTime { DateTime::Ticks { stamp.ticks } }, {}, DateTime::OffsetStyle::Zulu);
    }

    void log(LogLevel level, const std::string& message) const
    {
        if (options_.log)
            options_.log(level, message);
    }

    ServiceOptions options_;
    std::unique_ptr<store::Store> store_;
};

// ---------------------------------------------------------------- the public face

UserService::UserService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl))
{
}
UserService::UserService(UserService&&) noexcept = default;
UserService& UserService::operator=(UserService&&) noexcept = default;
UserService::~UserService() = default;

UserService UserService::open(ServiceOptions options)
{
    return UserService(std::make_unique<Impl>(std::move(options)));
}

Result<UserService> UserService::tryOpen(ServiceOptions options) noexcept
{
    return captureErrors([&] { return open(std::move(options)); });
}

User UserService::saveUser(const CallerContext& caller, const User& user, const SaveOptions& options)
{
    return impl_->saveUser(caller, user, options);
}

Result<User> UserService::trySaveUser(
    const CallerContext& caller, const User& user, const SaveOptions& options) noexcept
{
    return captureErrors([&] { return saveUser(caller, user, options); });
}

User UserService::saveUserFromName(
    const CallerContext& caller, std::string_view userName, const User& user, const Select& select)
{
    return impl_->saveUserFromName(caller, userName, user, select);
}

Result<User> UserService::trySaveUserFromName(
    const CallerContext& caller, std::string_view userName, const User& user, const Select& select) noexcept
{
    return captureErrors([&] { return saveUserFromName(caller, userName, user, select); });
}

std::optional<User> UserService::getUser(const CallerContext&, std::int32_t associateId, const Select& select)
{
    return impl_->getUser(associateId, select);
}

Result<std::optional<User>> UserService::tryGetUser(
    const CallerContext& caller, std::int32_t associateId, const Select& select) noexcept
{
    return captureErrors([&] { return getUser(caller, associateId, select); });
}

std::optional<User> UserService::getUserFromName(const CallerContext&, std::string_view userName, const Select& select)
{
    return impl_->getUserFromName(userName, select);
}

Result<std::optional<User>> UserService::tryGetUserFromName(
    const CallerContext& caller, std::string_view userName, const Select& select) noexcept
{
    return captureErrors([&] { return getUserFromName(caller, userName, select); });
}

User UserService::createDefaultUser(const CallerContext&)
{
    return impl_->store_->read([&](store::Session& s) {
        User user;
        user.type = UserType::InternalAssociate;
        user.person.emplace();
        for (const Role& role : s.roles())
            if (!role.deleted) {
                user.role = role;
                break;
            }
        for (const UserGroup& group : s.userGroups())
            if (!group.deleted) {
                user.userGroup = group;
                break;
            }
        user.licenseOwners = s.licenseOwners(0);
        user.otherGroups.emplace();
        user.credentials.emplace();
        user.ticketCategories.emplace();
        user.extraFields.emplace();
        user.customFields.emplace();
        Impl::derive(user);
        return user;
    });
}

std::vector<FieldError> UserService::validateUser(const CallerContext&, const User& user)
{
    return impl_->store_->read([&](store::Session& s) {
        std::int32_t storedPersonId = 0;
        if (user.associateId != 0) {
            const auto stored = s.user(user.associateId);
            if (!stored)
                return std::vector<FieldError> { { "User.AssociateId",
                    "there is no user with AssociateId " + std::to_string(user.associateId) } };
            storedPersonId = stored->person ? stored->person->personId : 0;
        }
        auto problems = detail::validate(s, user, storedPersonId);
        for (auto& conflict : detail::uniquenessConflicts(s, user))
            problems.push_back(std::move(conflict));
        return problems;
    });
}

void UserService::deleteUser(const CallerContext&, std::int32_t associateId)
{
    const bool deleted = impl_->store_->write([&](store::Session& s) { return s.deleteUser(associateId); });
    if (!deleted)
        throw Exception(Error(ErrorKind::NotFound, "there is no user with AssociateId " + std::to_string(associateId),
            {}, "AssociateId"));
    impl_->log(LogLevel::Info, "deleted user " + std::to_string(associateId));
}

Result<void> UserService::tryDeleteUser(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { deleteUser(caller, associateId); });
}

std::vector<std::int32_t> UserService::saveUsers(const CallerContext& caller, std::span<const User> users)
{
    return impl_->saveUsers(caller, users);
}

Result<std::vector<std::int32_t>> UserService::trySaveUsers(
    const CallerContext& caller, std::span<const User> users) noexcept
{
    return captureErrors([&] { return saveUsers(caller, users); });
}

std::optional<ChangeStamps> UserService::changeStamps(const CallerContext&, std::int32_t associateId)
{
    const auto stamps = impl_->store_->read([&](store::Session& s) { return s.stamps(associateId); });
    if (!stamps)
        return std::nullopt;
    return ChangeStamps { Impl::stampTime(stamps->created), stamps->created.by, Impl::stampTime(stamps->updated),
        stamps->updated.by };
}

bool UserService::verifyPassword(std::string_view userName, std::string_view password)
{
    const auto hashes = impl_->store_->read([&](store::Session& s) {
        std::vector<std::string> out;
        const auto id = s.userIdBy(store::UniqueName::UserName, userName);
        if (!id)
            return out;
        const auto user = s.user(*id);
        if (!user || user->deleted)
            return out;
        for (auto& [type, hash] : s.secretHashes(*id))
            out.push_back(std::move(hash));
        return out;
    });
    if (hashes.empty()) {
        detail::verifyNothing(password, impl_->options_.passwordHashing);
        return false;
    }
    return std::any_of(
        hashes.begin(), hashes.end(), [&](const std::string& hash) { return detail::verifyPassword(password, hash); });
}

// ---- reference lists

namespace {

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

} // namespace

Role UserService::addRole(const CallerContext&, const Role& role)
{
    requireName(role.name, "Role.Name");
    return impl_->store_->write([&](store::Session& s) { return s.insertRole(role); });
}

std::vector<Role> UserService::roles(const CallerContext&)
{
    return impl_->store_->read([](store::Session& s) { return s.roles(); });
}

UserGroup UserService::addUserGroup(const CallerContext&, const UserGroup& group)
{
    requireName(group.value, "UserGroup.Value");
    return impl_->store_->write([&](store::Session& s) { return s.insertUserGroup(group); });
}

std::vector<UserGroup> UserService::userGroups(const CallerContext&)
{
    return impl_->store_->read([](store::Session& s) { return s.userGroups(); });
}

MDOListItem UserService::addTicketCategory(const CallerContext&, const MDOListItem& category)
{
    requireNames(category, "MDOListItem");
    return impl_->store_->write([&](store::Session& s) { return s.insertTicketCategory(category, 0); });
}

std::vector<MDOListItem> UserService::ticketCategories(const CallerContext&)
{
    return impl_->store_->read([](store::Session& s) { return s.ticketCategories(); });
}

CredentialType UserService::addCredentialType(const CallerContext&, const CredentialType& type)
{
    if (!type.type || type.type->empty())
        throw Exception(Error(ErrorKind::Validation, "a credential type needs a Type",
            { { "CredentialType.Type", "is required" } }, "CredentialType.Type"));
    return impl_->store_->write([&](store::Session& s) {
        if (s.credentialType(*type.type))
            throw Exception(Error(ErrorKind::Conflict, "credential type " + *type.type + " exists already",
                { { "CredentialType.Type", "exists already" } }, "CredentialType.Type"));
        return s.insertCredentialType(type);
    });
}

std::vector<CredentialType> UserService::credentialTypes(const CallerContext&)
{
    return impl_->store_->read([](store::Session& s) { return s.credentialTypes(); });
}

LicenseOwner UserService::addLicenseOwner(const CallerContext&, const LicenseOwner& owner)
{
    requireName(owner.name, "LicenseOwner.Name");
    detail::forEachOwnedModuleLicense(
        owner, [](const ModuleLicenseLink& link, auto&&...) { requireName(link.name, "ModuleLicenseLink.Name"); });
    return impl_->store_->write([&](store::Session& s) { return s.insertLicenseOwner(owner); });
}

std::vector<LicenseOwner> UserService::licenseOwners(const CallerContext&)
{
    auto owners = impl_->store_->read([](store::Session& s) { return s.licenseOwners(0); });
    User holder; // derive() fills the counts
    holder.licenseOwners = std::move(owners);
    Impl::derive(holder);
    return std::move(*holder.licenseOwners);
}

} // namespace userservice
