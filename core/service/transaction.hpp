// The plugin::Transaction that custom commands and post-save commands get: the
// service's calls with the caller's rights, on the session of the save or command
// that called them (or, after a commit, each call in a transaction of its own).
#pragma once

#include "service_impl.hpp"

namespace userservice {

class ServiceTransaction final : public plugin::Transaction {
public:
    /// `session` null: every call runs in a transaction of its own (after-commit commands).
    /// `seenUser`: a user the caller is known to see in `session` (the one its save just
    /// wrote, with rights checked), whose records need no check again; 0 for none.
    ServiceTransaction(
        UserService::Impl& service, store::Session* session, const CallerContext& caller, std::int32_t seenUser = 0)
        : service_(service)
        , session_(session)
        , caller_(caller)
        , seenUser_(session ? seenUser : 0)
    {
    }

    std::optional<User> getUser(std::int32_t associateId) override;
    User saveUser(const User& user) override;
    UserRights rightsFor(const User& user) override;
    UserRecord appendRecord(std::string_view stream, std::int32_t associateId, std::string body) override;
    std::vector<UserRecord> records(std::string_view stream, std::int32_t associateId) override;
    std::vector<Role> roles() override;
    std::vector<UserGroup> userGroups() override;
    std::vector<CredentialType> credentialTypes() override;

private:
    /// Runs `work(session, principal)` on this transaction's session, or in a new write transaction.
    template <class F> auto run(F&& work)
    {
        if (session_)
            return work(*session_, UserService::Impl::principal(*session_, caller_));
        return service_.store_->write(
            [&](store::Session& s) { return work(s, UserService::Impl::principal(s, caller_)); });
    }

    UserService::Impl& service_;
    store::Session* session_;
    const CallerContext& caller_;
    std::int32_t seenUser_;
};

} // namespace userservice
