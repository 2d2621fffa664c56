// Custom commands: which apply to a user, and running one with its dialog round
// trip (a command that asks first runs only on Yes or Ok) in one transaction.
// A command's rights and its appliesTo are decided on the stored user, never on
// the carrier a client sent (a client can send any carrier).
#include "service_impl.hpp"

#include "../time_zone_carrier.hpp"
#include "transaction.hpp"

namespace userservice {

namespace {

/// A failed command's result, carried out of its rolled-back transaction.
struct CommandFailed {
    CommandResult result;
};

/// FieldProperties of a CommandResult: every field read-only.
const FieldProperties& commandResultFields()
{
    static const FieldProperties fields {
        { "Success", { FieldRight { EFieldRight::Read, {} }, "System.Boolean", 0 } },
        { "Message", { FieldRight { EFieldRight::Read, {} }, "System.String", 0 } },
        { "Result", { FieldRight { EFieldRight::Read, {} }, "CommandActionResult", 0 } },
    };
    return fields;
}

/// Why a command does not apply to this user for this caller (nullopt: it applies):
/// the caller must hold its required right on the user, and its own check must agree.
std::optional<Error> inapplicable(
    const CustomCommandHandle& command, const CallerContext& context, const UserRights& granted, const User& user)
{
    const auto& spec = command.spec();
    const auto needed = static_cast<std::uint32_t>(spec.requiredRight);
    if ((static_cast<std::uint32_t>(granted.user.table.mask) & needed) != needed)
        return Error(ErrorKind::Forbidden,
            detail::localize("[SR_RIGHTS_DENIED]", "en") + ": the command " + spec.name + " needs " +
                toString(spec.requiredRight) + " on the user",
            {}, spec.name);
    const auto applies = command.appliesTo(context, user);
    if (!applies)
        UserService::Impl::failPlugin(PluginException(applies.error()));
    if (!*applies)
        return Error(ErrorKind::BadRequest, "the command " + spec.name + " does not apply to this user", {}, spec.name);
    return std::nullopt;
}

CustomCommandHandle commandNamed(const ServiceOptions& options, std::string_view name)
{
    auto command = options.plugins ? options.plugins->customCommand(name) : std::nullopt;
    if (!command)
        throw Exception(
            Error(ErrorKind::NotFound, "there is no custom command named " + std::string(name), {}, "CommandName"));
    return *command;
}

} // namespace

std::vector<CustomCommand> UserService::Impl::getUserCommands(const CallerContext& caller, const User& user)
{
    std::vector<CustomCommand> offered;
    if (!options_.plugins)
        return offered;
    const auto commands = options_.plugins->customCommands();
    readAs(caller, [&](store::Session& s, const Principal& principal) {
        const auto stored = user.associateId ? load(s, user.associateId) : std::nullopt;
        const User& target = stored ? *stored : user; // a new user: the carrier is all there is
        const UserRights granted = rights(principal, stored ? &*stored : nullptr, caller);
        for (const auto& command : commands) {
            if (inapplicable(command, caller, granted, target))
                continue;
            const auto& spec = command.spec();
            CustomCommand out { .name = spec.name,
                .displayName = spec.displayName,
                .description = spec.description,
                .toolTip = spec.toolTip,
                .actions = spec.actions,
                .actionData = spec.actionData };
            localizeCommand(out, caller.language);
            offered.push_back(std::move(out));
        }
        return 0;
    });
    return offered;
}

namespace {

/// The dialog round trip: a command that asks first runs only on Yes or Ok.
std::optional<CommandResult> answerFirst(const UserService::Impl& service, const plugin::CustomCommandSpec& spec,
    CommandActionResult answer, const CallerContext& context)
{
    if (spec.actions == CommandAction::Implicit)
        return std::nullopt;
    if (answer == CommandActionResult::Yes || answer == CommandActionResult::Ok)
        return std::nullopt;
    if (answer == CommandActionResult::No || answer == CommandActionResult::Cancel)
        return CommandResult { .success = false,
            .message = "the command " + spec.name + " was not run: the answer was " + toString(answer),
            .result = answer };
    return CommandResult { .success = false,
        .message = service.localize(spec.actionData.empty() ? spec.displayName : spec.actionData, context.language),
        .result = CommandActionResult::Implicit };
}

/// Runs the command on `user` inside the session; a failure (thrown or Success false) rolls back.
CommandResult run(UserService::Impl& service, store::Session& s, const CustomCommandHandle& command,
    const CallerContext& context, CommandActionResult answer, User& user)
{
    ServiceTransaction transaction(service, &s, context);
    plugin::CommandCall call { context, user, answer, &transaction };
    auto ran = command.run(call);
    if (!ran)
        UserService::Impl::failPlugin(PluginException(ran.error())); // nothing it changed is kept
    CommandResult result = std::move(*ran);
    if (result.message)
        result.message = service.localize(*result.message, context.language);
    if (!result.success)
        throw CommandFailed { std::move(result) }; // nothing it changed is kept
    if (result.result == CommandActionResult::Implicit && answer != CommandActionResult::Implicit)
        result.result = answer; // the Yes or Ok it ran on, unless the command says otherwise
    return result;
}

[[noreturn]] void noSuchCommandTarget()
{
    throw Exception(Error(ErrorKind::NotFound, "User with given id does not exist in the db.", {}, "User.AssociateId"));
}

/// What a command runs on: the carrier the client sent (the agent form; absent in the REST
/// form, which runs on the stored user as the caller sees it) and the id of the stored user (0: new).
struct Target {
    std::optional<User> sent;
    std::int32_t associateId = 0;
};

CommandResult execute(UserService::Impl& service, const CallerContext& context, std::string_view name,
    CommandActionResult answer, const Target& target)
{
    service.refusePartnerApps(context);
    const CustomCommandHandle command = commandNamed(service.options_, name);
    try {
        return service.store_->write([&](store::Session& s) {
            const Principal caller = UserService::Impl::principal(s, context);
            const auto stored = target.associateId ? UserService::Impl::load(s, target.associateId) : std::nullopt;
            if (!stored && (target.associateId || !target.sent)) // the REST form needs a stored user
                noSuchCommandTarget();
            // Rights and appliesTo on the stored user, computed once; a hidden user is not found.
            const UserRights granted = service.rights(caller, stored ? &*stored : nullptr, context);
            if (stored && !UserService::Impl::has(granted.user.table, ETableRight::Select))
                noSuchCommandTarget();
            User user = target.sent ? *target.sent : *service.shown(*stored, caller, context);
            if (auto why = inapplicable(command, context, granted, stored ? *stored : user))
                throw Exception(std::move(*why));
            auto early = answerFirst(service, command.spec(), answer, context);
            CommandResult result = early ? std::move(*early) : run(service, s, command, context, answer, user);
            result.tableRight = granted.user.table;
            result.fieldProperties = commandResultFields();
            return result;
        });
    } catch (CommandFailed& failed) {
        return std::move(failed.result);
    }
}

} // namespace

CommandResult UserService::Impl::executeUserCommand(
    const CallerContext& caller, std::string_view commandName, CommandActionResult answer, const User& sent)
{
    auto zoned = detail::fromCallerZone(sent, caller); // date-times as the caller's SO-TimeZone meant them
    return execute(*this, caller, commandName, answer, { zoned ? std::move(*zoned) : sent, sent.associateId });
}

CommandResult UserService::Impl::executeUserCommand(
    const CallerContext& caller, std::int32_t associateId, std::string_view commandName, CommandActionResult answer)
{
    return execute(*this, caller, commandName, answer, { std::nullopt, associateId });
}

} // namespace userservice
