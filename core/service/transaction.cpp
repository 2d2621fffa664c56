#include "transaction.hpp"

namespace userservice {

std::optional<User> ServiceTransaction::getUser(std::int32_t associateId)
{
    return run([&](store::Session& s, const Principal& principal) {
        return service_.visibleUser(s, principal, caller_, associateId);
    });
}

User ServiceTransaction::saveUser(const User& user)
{
    if (session_) // a savepoint of the caller's transaction
        return service_.saveNested(*session_, UserService::Impl::principal(*session_, caller_), caller_, user);
    return service_.saveUser(caller_, user, {}).user;
}

UserRights ServiceTransaction::rightsFor(const User& user)
{
    return run(
        [&](store::Session& s, const Principal& principal) { return service_.rightsFor(s, principal, caller_, user); });
}

UserRecord ServiceTransaction::appendRecord(std::string_view stream, std::int32_t associateId, std::string body)
{
    return run([&](store::Session& s, const Principal& principal) {
        const bool seen = associateId != 0 && associateId == seenUser_;
        return service_.appendRecord(s, principal, caller_, stream, associateId, std::move(body), seen);
    });
}

std::vector<UserRecord> ServiceTransaction::records(std::string_view stream, std::int32_t associateId)
{
    return run([&](store::Session& s, const Principal& principal) {
        return service_.records(s, principal, caller_, stream, associateId);
    });
}

std::vector<Role> ServiceTransaction::roles()
{
    return run([&](store::Session& s, const Principal&) { return service_.roles(s, caller_); });
}

std::vector<UserGroup> ServiceTransaction::userGroups()
{
    return run([&](store::Session& s, const Principal&) { return service_.userGroups(s, caller_); });
}

std::vector<CredentialType> ServiceTransaction::credentialTypes()
{
    return run([&](store::Session& s, const Principal&) { return service_.credentialTypes(s, caller_); });
}

} // namespace userservice
