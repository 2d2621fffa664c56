// The service's saves, each running the save plan (save_plan.hpp): one user, one
// user looked up by name, a bulk import, a validation without writing, a save
// from inside a command; and deleting.
#include "save_plan.hpp"

#include "../ascii.hpp"

#include <algorithm>

namespace userservice {

User UserService::Impl::answerFor(Saved& saved, const Principal& caller, const CallerContext& context) const
{
    if (!saved.after)
        return User {};
    const bool keep = hasSaveHooks(); // after-commit commands still need it
    User after = keep ? *saved.after : *std::move(saved.after);
    if (!keep)
        saved.after.reset();
    if (saved.rightsOnAfter)
        return shownWith(std::move(after), *saved.rightsOnAfter, caller, context);
    return shown(std::move(after), caller, context).value_or(User {});
}

SaveReport UserService::Impl::saveUser(const CallerContext& context, const User& user, const SaveOptions& options)
{
    refusePartnerApps(context);
    SavePlan plan(*this, context, user, options);
    Saved saved;
    SaveReport report = runPlan(*this, context, plan, saved, [&](store::Session&, const Principal& caller) {
        return SaveReport { answerFor(saved, caller, context), saved.stripped, {} };
    });
    report.warnings = runAfterCommit(context, saved);
    attachClientCommands(report.user, saved, context);
    return report;
}

namespace {

void checkLookedUpName(std::string_view userName, const User& user)
{
    if (userName.empty())
        throw Exception(Error(ErrorKind::BadRequest, "the user name to look up is empty", {}, "UserName"));
    if (user.userName && !user.userName->empty() && !iequals(*user.userName, userName))
        throw Exception(Error(ErrorKind::BadRequest, "the carrier's UserName differs from the user name to save under",
            { { "User.UserName", "must be empty or the user name looked up" } }, "User.UserName"));
}

} // namespace

User UserService::Impl::saveUserFromName(
    const CallerContext& context, std::string_view userName, const User& user, const Select& select)
{
    refusePartnerApps(context);
    checkLookedUpName(userName, user);
    const auto resolve = [&](store::Session& s, const Principal& caller, User target) {
        target.userName = std::string(userName);
        const auto existing = s.userIdBy(store::UniqueName::UserName, userName);
        const auto visible = existing ? visibleUser(s, caller, context, *existing) : std::nullopt;
        if (visible) {
            if (target.associateId != 0 && target.associateId != *existing)
                throw Exception(Error(ErrorKind::BadRequest,
                    "the user name belongs to user " + std::to_string(*existing) +
                        ", but the carrier has AssociateId " + std::to_string(target.associateId),
                    { { "User.AssociateId", "must be 0 or " + std::to_string(*existing) } }, "User.AssociateId"));
            target.associateId = *existing;
            target.userName = visible->userName; // keeps its stored spelling
        } else if (target.associateId != 0) {
            throw Exception(Error(ErrorKind::NotFound,
                "there is no user with this user name to update as AssociateId " + std::to_string(target.associateId),
                { { "User.AssociateId", "must be 0 to create the user" } }, "User.AssociateId"));
        }
        // A user the caller may not see is "created": the unique name then conflicts,
        // which tells no more than the name itself.
        return target;
    };
    const SaveOptions options;
    SavePlan plan(*this, context, user, options, resolve);
    Saved saved;
    User answer = runPlan(*this, context, plan, saved,
        [&](store::Session&, const Principal& caller) { return answerFor(saved, caller, context); });
    runAfterCommit(context, saved); // failures are logged: this call returns a bare User
    attachClientCommands(answer, saved, context);
    select.apply(answer);
    return answer;
}

std::vector<std::int32_t> UserService::Impl::saveUsers(const CallerContext& context, std::span<const User> users)
{
    refusePartnerApps(context);
    const SaveOptions options;
    std::vector<SavePlan> plans;
    plans.reserve(users.size());
    for (const auto& user : users)
        plans.emplace_back(*this, context, user, options).lookUpNewNames();
    const auto failed = [](std::size_t i, const Exception& e) {
        const std::string item = "users[" + std::to_string(i) + "]";
        const Error& error = e.error();
        return Exception(
            Error(error.kind(), item + ": " + error.message(), { error.fields().begin(), error.fields().end() }, item));
    };
    const auto eachPlan = [&](auto&& step) {
        for (std::size_t i = 0; i < plans.size(); ++i) {
            try {
                step(plans[i]);
            } catch (const Exception& e) {
                throw failed(i, e);
            }
        }
    };
    std::vector<Saved> done(plans.size());
    const bool anySecrets =
        std::any_of(plans.begin(), plans.end(), [](const SavePlan& p) { return p.mayHaveSecrets(); });
    if (anySecrets) {
        store_->read([&](store::Session& s) {
            const Principal caller = principal(s, context);
            eachPlan([&](SavePlan& plan) { plan.checkAhead(s, caller); });
        });
        eachPlan([](SavePlan& plan) { plan.hashSecrets(); });
    }
    std::vector<std::int32_t> ids;
    store_->write([&](store::Session& s) {
        const Principal caller = principal(s, context);
        std::size_t i = 0;
        eachPlan([&](SavePlan& plan) { done[i++] = plan.write(s, caller, false); }); // ids are the answer
    });
    for (auto& saved : done) { // failures are logged
        ids.push_back(saved.id);
        runAfterCommit(context, saved);
    }
    return ids;
}

std::vector<FieldError> UserService::Impl::validateUser(const CallerContext& context, const User& user)
{
    const SaveOptions options;
    SavePlan plan(*this, context, user, options);
    return readAs(context, [&](store::Session& s, const Principal& caller) { return plan.problems(s, caller); });
}

User UserService::Impl::saveNested(
    store::Session& s, const Principal& principal, const CallerContext& context, const User& user)
{
    const SaveOptions options;
    SavePlan plan(*this, context, user, options);
    Saved saved;
    User answer;
    try {
        s.savepoint([&] {
            saved = plan.write(s, principal);
            answer = answerFor(saved, principal, context);
        });
    } catch (const Exception& e) {
        if (e.error().kind() == ErrorKind::Conflict) // rolled back to the savepoint
            plan.namingConflicts(s);
        throw;
    }
    runAfterCommit(context, saved, &s); // failures are logged; the outer commit decides
    attachClientCommands(answer, saved, context);
    return answer;
}

void UserService::Impl::deleteUser(const CallerContext& caller, std::int32_t associateId)
{
    deleteUser(caller, [associateId](store::Session&, const Principal&) { return associateId; }, {});
}

void UserService::Impl::deleteUser(
    const CallerContext& caller, const FindUser& find, const std::function<void(const User&)>& check)
{
    refusePartnerApps(caller);
    Saved saved;
    saved.change = plugin::UserChange::Deleted;
    store_->write([&](store::Session& s) {
        const Principal principal = Impl::principal(s, caller);
        const std::int32_t associateId = find(s, principal);
        auto stored = load(s, associateId);
        const UserRights granted = stored ? rights(principal, &*stored, caller) : UserRights {};
        if (!stored || !has(granted.user.table, ETableRight::Select))
            noSuchUser(associateId);
        if (!has(granted.user.table, ETableRight::Delete))
            deny("deleting user " + std::to_string(associateId), granted.user.table, caller);
        if (check)
            check(*stored);
        saved.id = associateId;
        saved.before = *stored;
        saved.after = std::move(stored);
        // Before the row goes: the commands can still read the user and record about it,
        // and one that throws rolls the delete back.
        runPostSave(s, caller, saved);
        s.deleteUser(associateId);
    });
    log(LogLevel::Info, "deleted user " + std::to_string(saved.id) + elevatedBy(caller));
    runAfterCommit(caller, saved); // failures are logged: a delete returns nothing
}

} // namespace userservice
