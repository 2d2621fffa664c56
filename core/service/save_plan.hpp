// One save, written once as a plan: what is read, checked and written, in which
// order. Every entry point that saves or validates runs it: saveUser,
// saveUserFromName, saveUsers, validateUser and a plugin's Transaction::saveUser.
//
//   1. check   (in a transaction): resolve the carrier (SaveUserFromName's look-up),
//              read the stored user once (in a write transaction, from the writer's
//              cache when it keeps the user), compute the caller's rights once, refuse
//              or strip forbidden changes, validate (built-in rules and plugins),
//              check the unique names an update changes (a new user's are left to
//              the unique indexes: see namingConflicts);
//   2. hash    (outside any transaction, only what the check allowed): new secrets;
//   3. write   (in the write transaction): when the check ran in an earlier read
//              transaction and the caller or the stored user changed since, check
//              again; then store, load the result once and run the post-save
//              commands on it. After the commit the service runs the after-commit
//              commands on the same loaded user and answers with it.
// A save without new secrets runs all three in the write transaction.
#pragma once

#include "service_impl.hpp"

#include <functional>

namespace userservice {

class SavePlan {
public:
    /// The carrier to save, resolved in the transaction (SaveUserFromName looks its user up).
    using Resolve = std::function<User(store::Session&, const Principal&, User)>;

    SavePlan(UserService::Impl& service, const CallerContext& context, const User& sent, const SaveOptions& options,
        Resolve resolve = {});

    /// Step 1; throws the first failing check's error (NotFound, PreconditionFailed,
    /// Forbidden, Validation, Conflict).
    void check(store::Session& s, const Principal& caller);
    /// Step 1 in a read transaction ahead of the hashing: check() that also keeps the
    /// stored user's stamps, by which write() tells whether the check still holds.
    void checkAhead(store::Session& s, const Principal& caller);
    /// Step 1 without throwing for the user's own problems: every forbidden change,
    /// validation problem and conflict, by field (validateUser).
    std::vector<FieldError> problems(store::Session& s, const Principal& caller);
    /// Whether the carrier has a credential value that may be a new secret to hash.
    bool mayHaveSecrets() const;
    /// Step 2: hashes the new secrets that the check allowed (slow on purpose).
    void hashSecrets();
    /// How the new secrets came to be, for the post-save commands (default: Set by the caller).
    void secretsChangeAs(plugin::SecretChangeKind kind) { secretKind_ = kind; }
    /// Step 3: checks again when needed, stores, and runs the post-save commands.
    /// The stored user is loaded (once) when `answer` asks for it or a hook needs it.
    /// Once per plan: the user as stored before moves into the Saved for the hooks.
    Saved write(store::Session& s, const Principal& caller, bool answer = true);
    /// A new user's unique names are looked up before the insert, as an update's are
    /// (saveUsers: a clash with an earlier user of the batch then names this user).
    void lookUpNewNames() { newNamesByIndex_ = false; }
    /// After a write that the unique indexes refused (a Conflict): throws the Conflict
    /// naming every unique name of a new user that another user has, read in `s`; returns
    /// when there is none to name (then the store's own Conflict stands).
    void namingConflicts(store::Session& s) const;

private:
    void readStored(store::Session& s, const Principal& caller);
    void checkTableRights() const;
    std::vector<FieldError> takeForbiddenChanges();
    void lookUpSecretTypes(store::Session& s);
    bool stillCurrent(store::Session& s, const Principal& caller) const;
    std::optional<User> storedAfter(store::Session& s, std::int32_t id, store::Written written) const;
    bool keepsStoredCredentials() const;
    std::vector<store::CredentialRow> rowsToStore(std::span<const store::CredentialRow> storedRows) const;
    std::vector<plugin::SecretChange> secretChanges(
        std::span<const store::CredentialRow> rows, std::span<const store::CredentialRow> storedRows) const;

    UserService::Impl& service_;
    const CallerContext& context_;
    const User& sent_;
    const SaveOptions& options_;
    Resolve resolve_;

    // What the check found.
    bool checked_ = false;
    Principal caller_;
    User user_; ///< resolved, in UTC, computed fields taken from the stored user (moved into permitted_)
    std::optional<User> stored_; ///< derived
    std::optional<store::Stamps> storedStamps_;
    UserRights rights_;
    User permitted_; ///< what will be stored: only the changes the caller may make
    std::vector<FieldError> stripped_;
    std::vector<bool> secret_; ///< per credential of permitted_: of a type that keeps secrets
    std::vector<std::optional<std::string>> hashes_; ///< per credential of permitted_: its new hash
    plugin::SecretChangeKind secretKind_ = plugin::SecretChangeKind::Set;
    bool newNamesByIndex_ = true; ///< a new user's unique names: left to the unique indexes
    bool ahead_ = false; ///< checked in a read transaction before the write
};

/// Runs a plan: when it may carry new secrets, checks in a read transaction and
/// hashes outside any lock, then writes (checking again only if something changed).
/// `answer(session, caller)` runs in the write transaction, after the write.
template <class Answer>
auto runPlan(UserService::Impl& service, const CallerContext& context, SavePlan& plan, Saved& saved, Answer&& answer)
{
    if (plan.mayHaveSecrets()) {
        service.store_->read(
            [&](store::Session& s) { plan.checkAhead(s, UserService::Impl::principal(s, context)); });
        plan.hashSecrets();
    }
    try {
        return service.store_->write([&](store::Session& s) {
            const Principal caller = UserService::Impl::principal(s, context);
            saved = plan.write(s, caller);
            return answer(s, caller);
        });
    } catch (const Exception& e) {
        if (e.error().kind() == ErrorKind::Conflict) // rolled back: nothing was stored
            service.store_->read([&](store::Session& s) { plan.namingConflicts(s); });
        throw;
    }
}

} // namespace userservice
