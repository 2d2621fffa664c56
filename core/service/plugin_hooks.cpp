// Where the plugins take part in the service: their rights modifiers, validators,
// post-save and after-commit commands, each behind the plugin firewall.
#include "service_impl.hpp"

#include "../rights_enforcement.hpp"
#include "../validation.hpp"
#include "transaction.hpp"

namespace userservice {

struct UserService::Impl::PluginLists {
    std::uint64_t generation = 0;
    std::vector<Registered<plugin::ValidatorFn>> validators;
    std::vector<Registered<plugin::PostSaveCommandFn>> postSave;
    std::vector<Registered<plugin::PostSaveCommandFn>> afterCommit;
    std::vector<RightsModifier> modifiers; ///< the options' first, then the plugins'
};

std::shared_ptr<const UserService::Impl::PluginLists> UserService::Impl::pluginLists() const
{
    const std::uint64_t generation = options_.plugins->generation();
    std::lock_guard lock(pluginListsMutex_);
    if (!pluginLists_ || pluginLists_->generation != generation) {
        auto lists = std::make_shared<PluginLists>();
        lists->generation = generation;
        lists->validators = options_.plugins->validators();
        lists->postSave = options_.plugins->postSaveCommands();
        lists->afterCommit = options_.plugins->afterCommitCommands();
        lists->modifiers = options_.rightsModifiers;
        for (auto& modifier : options_.plugins->rightsModifiers())
            lists->modifiers.push_back(std::move(modifier.call));
        pluginLists_ = std::move(lists);
    }
    return pluginLists_;
}

void UserService::Impl::failPlugin(const PluginException& e)
{
    throw Exception(Error(ErrorKind::Internal, e.what(), {}, e.error().plugin));
}

UserRights UserService::Impl::rights(const Principal& caller, const User* target, const CallerContext& context) const
{
    UserRights rights;
    if (options_.plugins) {
        try {
            rights = computeRights(caller, target, pluginLists()->modifiers);
        } catch (const PluginException& e) {
            failPlugin(e);
        }
    } else {
        rights = computeRights(caller, target, options_.rightsModifiers);
    }
    detail::localizeRights(rights, context.language, pluginTexts());
    return rights;
}

bool UserService::Impl::hasRightsModifiers() const
{
    return options_.plugins ? !pluginLists()->modifiers.empty() : !options_.rightsModifiers.empty();
}

bool UserService::Impl::hasSaveHooks() const
{
    if (!options_.plugins)
        return false;
    const auto lists = pluginLists();
    return !lists->postSave.empty() || !lists->afterCommit.empty();
}

std::vector<FieldError> UserService::Impl::problems(
    store::Session& s, const CallerContext& context, const User& user, const User* stored) const
{
    std::vector<FieldError> problems = detail::validate(s, user, stored);
    if (!options_.plugins)
        return problems;
    for (const auto& validator : pluginLists()->validators) {
        try {
            for (auto& problem : validator.call(context, user))
                problems.push_back({ std::move(problem.field), localize(problem.message, context.language) });
        } catch (const PluginException& e) {
            failPlugin(e);
        }
    }
    return problems;
}

void UserService::Impl::runPostSave(store::Session& s, const CallerContext& context, Saved& saved)
{
    if (!options_.plugins)
        return;
    const auto lists = pluginLists();
    if (lists->postSave.empty())
        return;
    ServiceTransaction transaction(*this, &s, context, saved.rightsOnAfter ? saved.id : 0);
    for (const auto& command : lists->postSave) {
        plugin::PostSaveCall call { context, saved.before, *saved.after, saved.clientCommands, &transaction,
            saved.change, saved.secrets };
        try {
            command.call(call);
        } catch (const PluginException& e) {
            failPlugin(e); // the whole save is rolled back
        }
    }
}

std::vector<std::string> UserService::Impl::runAfterCommit(
    const CallerContext& context, Saved& saved, store::Session* outer)
{
    std::vector<std::string> warnings;
    if (!options_.plugins || !saved.after)
        return warnings;
    const auto lists = pluginLists();
    // After the commit each call commits on its own; after a nested save (inside a
    // command's transaction) each command is a savepoint of that transaction.
    ServiceTransaction transaction(*this, outer, context);
    for (const auto& command : lists->afterCommit) {
        plugin::PostSaveCall call { context, saved.before, *saved.after, saved.clientCommands, &transaction,
            saved.change, saved.secrets };
        try {
            if (outer)
                outer->savepoint([&] { command.call(call); });
            else
                command.call(call);
        } catch (const std::exception& e) {
            warnings.push_back(std::string("after-commit command ") + command.name + " failed: " + e.what());
            log(LogLevel::Warning, "user " + std::to_string(saved.id) + ": " + warnings.back());
        }
    }
    return warnings;
}

void UserService::Impl::attachClientCommands(User& user, const Saved& saved, const CallerContext& context) const
{
    if (saved.clientCommands.empty())
        return;
    user.postSaveCommands = saved.clientCommands;
    for (auto& command : *user.postSaveCommands)
        localizeCommand(command, context.language);
}

void UserService::Impl::localizeCommand(CustomCommand& command, std::string_view language) const
{
    for (auto* text : { &command.displayName, &command.description, &command.toolTip, &command.actionData })
        if (*text)
            **text = localize(**text, language);
}

} // namespace userservice
