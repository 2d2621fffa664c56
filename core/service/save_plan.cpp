#include "save_plan.hpp"

#include "../rights_enforcement.hpp"
#include "../time_zone_carrier.hpp"
#include "../validation.hpp"

namespace userservice {

SavePlan::SavePlan(UserService::Impl& service, const CallerContext& context, const User& sent,
    const SaveOptions& options, Resolve resolve)
    : service_(service)
    , context_(context)
    , sent_(sent)
    , options_(options)
    , resolve_(std::move(resolve))
{
}

/// The carrier in UTC and resolved; the stored user it replaces (once), its stamps and the rights on it.
void SavePlan::readStored(store::Session& s, const Principal& caller)
{
    auto zoned = detail::fromCallerZone(sent_, context_); // date-times as the caller's SO-TimeZone meant them
    user_ = zoned ? std::move(*zoned) : sent_;
    if (resolve_)
        user_ = resolve_(s, caller, std::move(user_));
    caller_ = caller;
    stored_.reset();
    storedStamps_.reset();
    if (user_.associateId != 0) {
        stored_ = UserService::Impl::load(s, user_.associateId);
        if (stored_ && (ahead_ || options_.ifUnmodifiedSince)) // what the stamps are for
            storedStamps_ = s.stamps(user_.associateId);
    }
    rights_ = service_.rights(caller, stored_ ? &*stored_ : nullptr, context_);
    if (user_.associateId != 0 && (!stored_ || !UserService::Impl::has(rights_.user.table, ETableRight::Select)))
        throw Exception(
            Error(ErrorKind::NotFound, "there is no user with AssociateId " + std::to_string(user_.associateId),
                { { "User.AssociateId", "does not exist" } }, "User.AssociateId"));
    detail::takeComputedFields(user_, stored_ ? &*stored_ : nullptr); // output only: never a change
}

void SavePlan::checkTableRights() const
{
    const auto& table = rights_.user.table;
    if (stored_ && options_.ifUnmodifiedSince &&
        storedStamps_->updated.ticks > options_.ifUnmodifiedSince->utc().time_since_epoch().count())
        throw Exception(Error(ErrorKind::PreconditionFailed,
            "user " + std::to_string(stored_->associateId) + " was changed at " +
                UserService::Impl::stampTime(storedStamps_->updated).toString() + ", after " +
                options_.ifUnmodifiedSince->toString(),
            {}, "User.AssociateId"));
    if (!stored_ && !UserService::Impl::has(table, ETableRight::Insert))
        UserService::Impl::deny("creating a user", table, context_);
    if (stored_ && !UserService::Impl::has(table, ETableRight::Update) &&
        !UserService::Impl::has(table, ETableRight::RestrictedUpdate))
        UserService::Impl::deny("changing user " + std::to_string(stored_->associateId), table, context_);
}

/// The changes the caller may not make; `permitted_` keeps the stored values of those fields.
std::vector<FieldError> SavePlan::takeForbiddenChanges()
{
    permitted_ = std::move(user_); // a check again starts from the sent carrier
    return detail::takeForbiddenChanges(permitted_, stored_ ? &*stored_ : nullptr, rights_);
}

void SavePlan::check(store::Session& s, const Principal& caller)
{
    readStored(s, caller);
    checkTableRights();
    auto forbidden = takeForbiddenChanges();
    stripped_.clear();
    if (!forbidden.empty()) {
        if (options_.forbiddenChanges.value_or(service_.options_.forbiddenChanges) == ForbiddenChanges::Refuse) {
            std::string message = detail::localize("[SR_RIGHTS_DENIED]", "en") + ":";
            for (std::size_t i = 0; i < forbidden.size(); ++i)
                message +=
                    (i ? "; " : " ") + forbidden[i].field + " (" + detail::localize(forbidden[i].message, "en") + ")";
            std::string source = forbidden.front().field;
            throw Exception(Error(ErrorKind::Forbidden, std::move(message), std::move(forbidden), std::move(source)));
        }
        stripped_ = std::move(forbidden);
    }
    const User* stored = stored_ ? &*stored_ : nullptr;
    detail::throwIfInvalid(service_.problems(s, context_, permitted_, stored));
    if (stored || !newNamesByIndex_) // else the unique indexes decide at the insert (namingConflicts)
        detail::throwIfConflicting(detail::uniquenessConflicts(s, permitted_, stored));
    lookUpSecretTypes(s);
    hashes_.assign(secret_.size(), std::nullopt);
    checked_ = true;
}

void SavePlan::checkAhead(store::Session& s, const Principal& caller)
{
    ahead_ = true;
    check(s, caller);
}

std::vector<FieldError> SavePlan::problems(store::Session& s, const Principal& caller)
{
    try {
        readStored(s, caller);
    } catch (const Exception& e) {
        if (e.error().kind() != ErrorKind::NotFound)
            throw;
        return { { "User.AssociateId", e.error().message() } };
    }
    auto problems = takeForbiddenChanges();
    const User* stored = stored_ ? &*stored_ : nullptr;
    for (auto& problem : service_.problems(s, context_, permitted_, stored))
        problems.push_back(std::move(problem));
    for (auto& conflict : detail::uniquenessConflicts(s, permitted_, stored))
        problems.push_back(std::move(conflict));
    return problems;
}

/// Whether what check() read in an earlier transaction still holds: the same caller,
/// and the stored user not written since (its stamps, 100 ns ticks).
bool SavePlan::stillCurrent(store::Session& s, const Principal& caller) const
{
    if (!checked_ || !ahead_ || !(caller == caller_))
        return false;
    if (!stored_)
        return true; // a new user: the unique indexes decide a race
    const auto stamps = s.stamps(stored_->associateId);
    return stamps && stamps->updated.ticks == storedStamps_->updated.ticks &&
        stamps->updated.by == storedStamps_->updated.by;
}

Saved SavePlan::write(store::Session& s, const Principal& caller, bool answer)
{
    const bool readNow = !stillCurrent(s, caller);
    if (readNow) {
        check(s, caller);
        hashSecrets(); // inside the writer lock only when something changed since the hashing
    }
    Saved saved;
    saved.stripped = stripped_;
    // Read once, before the write replaces them: the stored hashes a row keeps, the
    // secrets a save removes, and whether the rows changed at all. Credentials kept as
    // stored need neither (empty on both sides tells the store they did not change).
    const bool sameCredentials = keepsStoredCredentials();
    const auto storedRows = !sameCredentials && stored_ && stored_->credentials && !stored_->credentials->empty()
        ? s.credentialRows(stored_->associateId)
        : std::vector<store::CredentialRow> {};
    const auto rows = sameCredentials ? std::vector<store::CredentialRow> {} : rowsToStore(storedRows);
    saved.secrets = secretChanges(rows, storedRows);
    const store::Stamp stamp { service_.options_.clock().time_since_epoch().count(), context_.associateId };
    const std::string by = elevatedBy(context_);
    store::Written written = store::Written::Rows; // a new user
    if (!stored_) {
        saved.id = s.insertUser(permitted_, rows, stamp);
        service_.log(LogLevel::Info, "created user " + std::to_string(saved.id) + by);
    } else {
        written = s.updateUser(permitted_, *stored_, rows, storedRows, stamp);
        saved.id = stored_->associateId;
        service_.log(LogLevel::Info,
            (written != store::Written::Nothing ? "updated user " : "saved user, unchanged: ") +
                std::to_string(saved.id) + by);
    }
    if (!saved.stripped.empty()) {
        std::string fields;
        for (const auto& change : saved.stripped)
            fields += (fields.empty() ? "" : ", ") + change.field;
        service_.log(LogLevel::Warning,
            "user " + std::to_string(saved.id) + ": stripped changes the caller may not make: " + fields);
    }
    if (answer || service_.hasSaveHooks()) { // once: for the hooks and the answer
        // A user read in an earlier transaction is read again: what it joins (a role's
        // name, a licence's seats in use) may have changed since.
        saved.after = storedAfter(s, saved.id, readNow ? written : store::Written::Rows);
        if (stored_ && !service_.hasRightsModifiers() && detail::samePolicyRights(caller, *stored_, *saved.after))
            saved.rightsOnAfter = &rights_; // computed once per (caller, target) in this call
        if (service_.hasSaveHooks()) // only they see the user as it was; the plan is done with it
            saved.before = std::move(stored_); // (stays engaged: namingConflicts() still tells an update)
        service_.runPostSave(s, context_, saved);
    }
    return saved;
}

void SavePlan::namingConflicts(store::Session& s) const
{
    if (checked_ && !stored_)
        detail::throwIfConflicting(detail::uniquenessConflicts(s, permitted_, nullptr));
}

/// The user as this save stored it: read again only when the write added or removed
/// rows or changed a link (what those join is only known by reading).
std::optional<User> SavePlan::storedAfter(store::Session& s, std::int32_t id, store::Written written) const
{
    switch (written) {
    case store::Written::Nothing: return stored_;
    case store::Written::Values: {
        User after = UserService::Impl::withValuesWritten(*stored_, permitted_);
        s.cacheUser(after); // what a read would find now: the SaveAnswer tests hold it to that
        return after;
    }
    case store::Written::Rows: break;
    }
    return UserService::Impl::load(s, id);
}

} // namespace userservice
