#include <userservice/user_service.hpp>

#include "ascii.hpp"
#include "capture.hpp"
#include "password.hpp"
#include "rights_enforcement.hpp"
#include "store/sqlite_store.hpp"
#include "strings.hpp"
#include "time_zone_carrier.hpp"
#include "user_model.hpp"
#include "validation.hpp"

#include <algorithm>
#include <map>

namespace userservice {

using detail::captureErrors;

namespace {

/// " (elevated by caller N)" for the log line of a write made with asSystem(), else "".
std::string elevatedBy(const CallerContext& caller)
{
    return caller.elevated ? " (elevated by caller " + std::to_string(caller.associateId) + ")" : std::string();
}

} // namespace

class UserService::Impl : public std::enable_shared_from_this<UserService::Impl> {
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

    // ---- who is calling

    void refusePartnerApps(const CallerContext& caller) const
    {
        if (caller.appToken && !options_.allowPartnerApps)
            throw Exception(
                Error(ErrorKind::Forbidden, detail::localize("[SR_RIGHTS_PARTNER_APP]", "en"), {}, "SO-AppToken"));
    }

    /// The caller as the rights engine sees it. An unknown or retired caller is Unauthorized.
    /// An elevated caller must still be an active user: its id is recorded.
    static Principal principal(store::Session& s, const CallerContext& caller)
    {
        if (caller.associateId == 0)
            return Principal {};
        const auto found = s.principal(caller.associateId);
        if (!found || found->second)
            throw Exception(Error(ErrorKind::Unauthorized,
                "caller " + std::to_string(caller.associateId) + " is not an active user", {}, "caller"));
        if (caller.elevated)
            return Principal { .associateId = caller.associateId };
        return found->first;
    }

    /// What the plugins registered, as the service uses it; rebuilt when it changes.
    struct PluginLists {
        std::uint64_t generation = 0;
        std::vector<Registered<plugin::ValidatorFn>> validators;
        std::vector<Registered<plugin::PostSaveCommandFn>> postSave;
        std::vector<Registered<plugin::PostSaveCommandFn>> afterCommit;
        std::vector<RightsModifier> modifiers; ///< the options' first, then the plugins'
    };

    std::shared_ptr<const PluginLists> pluginLists() const
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

    /// The caller's rights on `target` (nullptr: a new user), reasons in its language.
    UserRights rights(const Principal& caller, const User* target, const CallerContext& context) const
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
        detail::localizeRights(rights, context.language, options_.plugins ? &pluginTexts_ : nullptr);
        return rights;
    }

    // ---- custom commands

    /// A command applies when the caller holds its required right on the user and
    /// its own check agrees. An error explains why it does not.
    std::optional<Error> inapplicable(const CustomCommandHandle& command, const CallerContext& context,
        const UserRights& granted, const User& user) const
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
            failPlugin(PluginException(applies.error()));
        if (!*applies)
            return Error(
                ErrorKind::BadRequest, "the command " + spec.name + " does not apply to this user", {}, spec.name);
        return std::nullopt;
    }

    CustomCommand offered(const CustomCommandHandle& command, const CallerContext& context) const
    {
        const auto& spec = command.spec();
        CustomCommand out { .name = spec.name,
            .displayName = spec.displayName,
            .description = spec.description,
            .toolTip = spec.toolTip,
            .actions = spec.actions,
            .actionData = spec.actionData };
        localizeCommand(out, context.language);
        return out;
    }

    CustomCommandHandle commandNamed(std::string_view name) const
    {
        auto command = options_.plugins ? options_.plugins->customCommand(name) : std::nullopt;
        if (!command)
            throw Exception(
                Error(ErrorKind::NotFound, "there is no custom command named " + std::string(name), {}, "CommandName"));
        return *command;
    }

    /// The dialog round trip: a command that asks first runs only on Yes or Ok.
    std::optional<CommandResult> answerFirst(
        const plugin::CustomCommandSpec& spec, CommandActionResult answer, const CallerContext& context) const
    {
        const bool asks = spec.actions != CommandAction::Implicit;
        if (!asks)
            return std::nullopt;
        if (answer == CommandActionResult::Yes || answer == CommandActionResult::Ok)
            return std::nullopt;
        if (answer == CommandActionResult::No || answer == CommandActionResult::Cancel)
            return CommandResult { .success = false,
                .message = "the command " + spec.name + " was not run: the answer was " + toString(answer),
                .result = answer };
        return CommandResult { .success = false,
            .message = localize(spec.actionData.empty() ? spec.displayName : spec.actionData, context.language),
            .result = CommandActionResult::Implicit };
    }

    /// A failed command's result, carried out of its rolled-back transaction.
    struct CommandFailed {
        CommandResult result;
    };

    CommandResult execute(const CallerContext& context, std::string_view name, CommandActionResult answer,
        const std::function<std::optional<User>(store::Session&, const Principal&)>& target)
    {
        refusePartnerApps(context);
        const CustomCommandHandle command = commandNamed(name);
        try {
            return store_->write([&](store::Session& s) {
                const Principal caller = principal(s, context);
                std::optional<User> user = target(s, caller);
                if (!user)
                    throw Exception(Error(
                        ErrorKind::NotFound, "User with given id does not exist in the db.", {}, "User.AssociateId"));
                const UserRights granted = rights(caller, user->associateId ? &*user : nullptr, context);
                if (auto why = inapplicable(command, context, granted, *user))
                    throw Exception(std::move(*why));
                CommandResult result;
                if (auto early = answerFirst(command.spec(), answer, context)) {
                    result = std::move(*early);
                } else {
                    UserService service(shared_from_this()); // the command's handle on this service
                    plugin::CommandCall call { context, *user, answer, &service };
                    auto ran = command.run(call);
                    if (!ran)
                        failPlugin(PluginException(ran.error())); // nothing it changed is kept
                    result = std::move(*ran);
                    if (result.message)
                        result.message = localize(*result.message, context.language);
                    if (!result.success)
                        throw CommandFailed { std::move(result) }; // nothing it changed is kept
                }
                result.tableRight = granted.user.table;
                result.fieldProperties = commandResultFields();
                return result;
            });
        } catch (CommandFailed& failed) {
            return std::move(failed.result);
        }
    }

    /// FieldProperties of a CommandResult: every field read-only.
    static const FieldProperties& commandResultFields()
    {
        static const FieldProperties fields {
            { "Success", { FieldRight { EFieldRight::Read, {} }, "System.Boolean", 0 } },
            { "Message", { FieldRight { EFieldRight::Read, {} }, "System.String", 0 } },
            { "Result", { FieldRight { EFieldRight::Read, {} }, "CommandActionResult", 0 } },
        };
        return fields;
    }

    static bool has(const TableRight& table, ETableRight right)
    {
        return (static_cast<std::uint32_t>(table.mask) & static_cast<std::uint32_t>(right)) != 0;
    }

    [[noreturn]] static void deny(const std::string& what, const TableRight& table, const CallerContext& context)
    {
        throw Exception(Error(ErrorKind::Forbidden,
            detail::localize("[SR_RIGHTS_DENIED]", "en") + ": " + what + ": " +
                detail::localize(table.reason, context.language.empty() ? "en" : context.language),
            {}, "User"));
    }

    /// Whether any rights modifier (the options' or a plugin's) narrows the policy.
    bool hasRightsModifiers() const
    {
        return options_.plugins ? !pluginLists()->modifiers.empty() : !options_.rightsModifiers.empty();
    }

    /// Whether the caller may see the user with this id. Without rights modifiers the
    /// policy needs only the id, so the user is not loaded.
    bool canSee(store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id) const
    {
        if (hasRightsModifiers())
            return visibleUser(s, caller, context, id).has_value();
        if (!s.stamps(id))
            return false;
        User target;
        target.associateId = id;
        return has(computeRights(caller, &target).user.table, ETableRight::Select);
    }

    /// The stored user as this caller may see it; nullopt when there is none or the
    /// caller may not see it (existence is not leaked).
    std::optional<User> visibleUser(
        store::Session& s, const Principal& caller, const CallerContext& context, std::int32_t id) const
    {
        auto user = load(s, id);
        if (!user)
            return std::nullopt;
        const UserRights granted = rights(caller, &*user, context);
        if (!has(granted.user.table, ETableRight::Select))
            return std::nullopt;
        // The policy lets a system caller read everything; a rights plugin may not.
        detail::applyRights(*user, granted, caller.isSystem() && !hasRightsModifiers());
        localizeLists(*user, context.language);
        detail::toCallerZone(*user, context);
        return user;
    }

    // ---- list items in the caller's language (their names may be multi-language values)

    template <class T> void localizeTexts(T& item, std::string_view language) const
    {
        const auto text = [&](std::optional<std::string>& value) {
            if (value)
                value = localize(*value, language);
        };
        if constexpr (std::is_same_v<T, Role>) {
            text(item.name), text(item.toolTip);
        } else if constexpr (std::is_same_v<T, UserGroup>) {
            text(item.value), text(item.tooltip);
        } else if constexpr (std::is_same_v<T, MDOListItem>) {
            text(item.name), text(item.toolTip), text(item.fullName);
            if (item.childItems)
                for (auto& child : *item.childItems)
                    localizeTexts(child, language);
        } else if constexpr (std::is_same_v<T, CredentialType>) {
            text(item.displayType);
        } else if constexpr (std::is_same_v<T, ModuleLicenseLink>) {
            text(item.name), text(item.description), text(item.tooltip);
        } else if constexpr (std::is_same_v<T, LicenseOwner>) {
            text(item.name), text(item.description);
            detail::forEachOwnedModuleLicense(
                item, [&](ModuleLicenseLink& link, auto&&...) { localizeTexts(link, language); });
        }
    }

    template <class T> void localizeTexts(std::vector<T>& items, std::string_view language) const
    {
        if (detail::translates(language))
            for (auto& item : items)
                localizeTexts(item, language);
    }

    void localizeLists(User& user, std::string_view language) const
    {
        if (!detail::translates(language))
            return;
        if (user.role)
            localizeTexts(*user.role, language);
        if (user.userGroup)
            localizeTexts(*user.userGroup, language);
        if (user.otherGroups)
            localizeTexts(*user.otherGroups, language);
        if (user.ticketCategories)
            localizeTexts(*user.ticketCategories, language);
        if (user.licenseOwners)
            localizeTexts(*user.licenseOwners, language);
        if (user.credentials)
            for (auto& credential : *user.credentials)
                if (credential.type)
                    localizeTexts(*credential.type, language);
    }

    // ---- saving

    struct Saved {
        std::int32_t id = 0;
        std::vector<FieldError> stripped;
        std::optional<User> before; ///< as stored before, derived (absent: created)
        std::optional<User> after; ///< as stored by the save (loaded for post-save commands)
        std::vector<CustomCommand> clientCommands; ///< what post-save commands ask the client to run
    };

    /// Plugin code failed inside a save or a command: the host's Internal error.
    [[noreturn]] static void failPlugin(const PluginException& e)
    {
        throw Exception(Error(ErrorKind::Internal, e.what(), {}, e.error().plugin));
    }

    /// The built-in rules' problems with `user`, then the validators' (plugin order,
    /// then registration order): all of them, so they are reported together.
    std::vector<FieldError> problems(store::Session& s, const CallerContext& context, const User& user) const
    {
        std::vector<FieldError> problems = detail::validate(s, user);
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

    /// Runs the post-save commands of a save inside its transaction.
    void runPostSave(store::Session& s, const CallerContext& context, Saved& saved)
    {
        if (!options_.plugins)
            return;
        const auto lists = pluginLists();
        const auto& commands = lists->postSave;
        if (commands.empty())
            return;
        saved.after = load(s, saved.id);
        UserService service(shared_from_this());
        for (const auto& command : commands) {
            plugin::PostSaveCall call { context, saved.before, *saved.after, saved.clientCommands, &service };
            try {
                command.call(call);
            } catch (const PluginException& e) {
                failPlugin(e); // the whole save is rolled back
            }
        }
    }

    /// Runs the after-commit commands; their failures become warnings.
    std::vector<std::string> runAfterCommit(const CallerContext& context, Saved& saved)
    {
        std::vector<std::string> warnings;
        if (!options_.plugins)
            return warnings;
        const auto lists = pluginLists();
        const auto& commands = lists->afterCommit;
        if (commands.empty())
            return warnings;
        if (!saved.after) // no post-save command loaded it
            saved.after = store_->read([&](store::Session& s) { return load(s, saved.id); });
        const auto& after = saved.after;
        if (!after)
            return warnings;
        UserService service(shared_from_this());
        for (const auto& command : commands) {
            plugin::PostSaveCall call { context, saved.before, *after, saved.clientCommands, &service };
            try {
                command.call(call);
            } catch (const std::exception& e) {
                warnings.push_back(std::string("after-commit command ") + command.name + " failed: " + e.what());
                log(LogLevel::Warning, "user " + std::to_string(saved.id) + ": " + warnings.back());
            }
        }
        return warnings;
    }

    /// The client commands for the returned user, their texts in the caller's language.
    void attachClientCommands(User& user, const Saved& saved, const CallerContext& context) const
    {
        if (saved.clientCommands.empty())
            return;
        user.postSaveCommands = saved.clientCommands;
        for (auto& command : *user.postSaveCommands)
            localizeCommand(command, context.language);
    }

    void localizeCommand(CustomCommand& command, std::string_view language) const
    {
        for (auto* text : { &command.displayName, &command.description, &command.toolTip, &command.actionData })
            if (*text)
                **text = localize(**text, language);
    }

    /// Saves one user inside a write transaction.
    Saved save(store::Session& s, const CallerContext& context, const Principal& caller, const User& sent,
        const PreparedSecrets& secrets, const SaveOptions& options)
    {
        const auto zoned = detail::fromCallerZone(sent, context); // date-times as the caller's SO-TimeZone meant them
        const User& user = zoned ? *zoned : sent;
        std::optional<User> stored;
        if (user.associateId != 0) {
            const auto stamps = s.stamps(user.associateId);
            stored = stamps ? load(s, user.associateId) : std::nullopt;
            const UserRights onStored = stored ? rights(caller, &*stored, context) : UserRights {};
            if (!stored || !has(onStored.user.table, ETableRight::Select))
                throw Exception(
                    Error(ErrorKind::NotFound, "there is no user with AssociateId " + std::to_string(user.associateId),
                        { { "User.AssociateId", "does not exist" } }, "User.AssociateId"));
            if (options.ifUnmodifiedSince &&
                stamps->updated.ticks > options.ifUnmodifiedSince->utc().time_since_epoch().count())
                throw Exception(Error(ErrorKind::PreconditionFailed,
                    "user " + std::to_string(user.associateId) + " was changed at " +
                        stampTime(stamps->updated).toString() + ", after " + options.ifUnmodifiedSince->toString(),
                    {}, "User.AssociateId"));
        }
        const User* target = stored ? &*stored : nullptr;
        const UserRights granted = rights(caller, target, context);
        if (!stored && !has(granted.user.table, ETableRight::Insert))
            deny("creating a user", granted.user.table, context);
        if (stored && !has(granted.user.table, ETableRight::Update) &&
            !has(granted.user.table, ETableRight::RestrictedUpdate))
            deny("changing user " + std::to_string(stored->associateId), granted.user.table, context);

        Saved saved;
        auto forbidden = detail::forbiddenChanges(user, target, granted);
        if (!forbidden.empty()) {
            if (options.forbiddenChanges.value_or(options_.forbiddenChanges) == ForbiddenChanges::Refuse) {
                std::string message = detail::localize("[SR_RIGHTS_DENIED]", "en") + ":";
                for (std::size_t i = 0; i < forbidden.size(); ++i)
                    message += (i ? "; " : " ") + forbidden[i].field + " (" +
                        detail::localize(forbidden[i].message, "en") + ")";
                std::string source = forbidden.front().field;
                throw Exception(
                    Error(ErrorKind::Forbidden, std::move(message), std::move(forbidden), std::move(source)));
            }
            saved.stripped = std::move(forbidden);
        }
        User permitted = user;
        detail::keepUnwritable(permitted, target, granted);

        detail::throwIfInvalid(problems(s, context, permitted));
        detail::throwIfConflicting(detail::uniquenessConflicts(s, permitted));
        saved.before = stored;

        const auto rows = credentialRows(s, permitted, secrets);
        const store::Stamp stamp { options_.clock().time_since_epoch().count(), context.associateId };
        const std::string by = elevatedBy(context);
        if (!stored) {
            saved.id = s.insertUser(permitted, rows, stamp);
            log(LogLevel::Info, "created user " + std::to_string(saved.id) + by);
        } else {
            s.updateUser(permitted, *stored, rows, stamp);
            saved.id = stored->associateId;
            log(LogLevel::Info, "updated user " + std::to_string(saved.id) + by);
        }
        if (!saved.stripped.empty()) {
            std::string fields;
            for (const auto& change : saved.stripped)
                fields += (fields.empty() ? "" : ", ") + change.field;
            log(LogLevel::Warning,
                "user " + std::to_string(saved.id) + ": stripped changes the caller may not make: " + fields);
        }
        runPostSave(s, context, saved);
        return saved;
    }

    SaveReport saveUser(const CallerContext& context, const User& user, const SaveOptions& options)
    {
        refusePartnerApps(context);
        const auto secrets = prepareSecrets(user);
        Saved saved;
        SaveReport report = store_->write([&](store::Session& s) {
            const Principal caller = principal(s, context);
            saved = save(s, context, caller, user, secrets, options);
            return SaveReport { visibleUser(s, caller, context, saved.id).value_or(User {}), saved.stripped, {} };
        });
        report.warnings = runAfterCommit(context, saved);
        attachClientCommands(report.user, saved, context);
        return report;
    }

    User saveUserFromName(
        const CallerContext& context, std::string_view userName, const User& user, const Select& select)
    {
        refusePartnerApps(context);
        if (userName.empty())
            throw Exception(Error(ErrorKind::BadRequest, "the user name to look up is empty", {}, "UserName"));
        if (user.userName && !user.userName->empty() && !iequals(*user.userName, userName))
            throw Exception(
                Error(ErrorKind::BadRequest, "the carrier's UserName differs from the user name to save under",
                    { { "User.UserName", "must be empty or the user name looked up" } }, "User.UserName"));
        const auto secrets = prepareSecrets(user);
        Saved done;
        User saved = store_->write([&](store::Session& s) {
            const Principal caller = principal(s, context);
            User target = user;
            target.userName = std::string(userName);
            const auto existing = s.userIdBy(store::UniqueName::UserName, userName);
            const auto visible = existing ? visibleUser(s, caller, context, *existing) : std::nullopt;
            if (visible) {
                if (user.associateId != 0 && user.associateId != *existing)
                    throw Exception(Error(ErrorKind::BadRequest,
                        "the user name belongs to user " + std::to_string(*existing) +
                            ", but the carrier has AssociateId " + std::to_string(user.associateId),
                        { { "User.AssociateId", "must be 0 or " + std::to_string(*existing) } }, "User.AssociateId"));
                target.associateId = *existing;
                target.userName = visible->userName; // keeps its stored spelling
            } else if (user.associateId != 0) {
                throw Exception(Error(ErrorKind::NotFound,
                    "there is no user with this user name to update as AssociateId " + std::to_string(user.associateId),
                    { { "User.AssociateId", "must be 0 to create the user" } }, "User.AssociateId"));
            }
            // A user the caller may not see is "created": the unique name then
            // conflicts, which tells no more than the name itself.
            done = save(s, context, caller, target, secrets, {});
            return visibleUser(s, caller, context, done.id).value_or(User {});
        });
        runAfterCommit(context, done); // failures are logged: this call returns a bare User
        attachClientCommands(saved, done, context);
        select.apply(saved);
        return saved;
    }

    std::vector<std::int32_t> saveUsers(const CallerContext& context, std::span<const User> users)
    {
        refusePartnerApps(context);
        std::vector<PreparedSecrets> secrets;
        secrets.reserve(users.size());
        for (const auto& user : users)
            secrets.push_back(prepareSecrets(user));
        std::vector<Saved> done;
        auto ids = store_->write([&](store::Session& s) {
            const Principal caller = principal(s, context);
            std::vector<std::int32_t> ids;
            ids.reserve(users.size());
            for (std::size_t i = 0; i < users.size(); ++i) {
                try {
                    done.push_back(save(s, context, caller, users[i], secrets[i], {}));
                    ids.push_back(done.back().id);
                } catch (const Exception& e) {
                    const std::string item = "users[" + std::to_string(i) + "]";
                    const Error& error = e.error();
                    throw Exception(Error(error.kind(), item + ": " + error.message(),
                        { error.fields().begin(), error.fields().end() }, item));
                }
            }
            return ids;
        });
        for (auto& saved : done) // failures are logged
            runAfterCommit(context, saved);
        return ids;
    }

    // ---- reading

    /// The stored user with its derived fields, before rights.
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

    /// A read by an active caller: `read(session, principal)`, the caller looked up once.
    template <class F> auto readAs(const CallerContext& context, F&& read)
    {
        refusePartnerApps(context);
        return store_->read([&](store::Session& s) { return read(s, principal(s, context)); });
    }

    std::optional<User> getUser(const CallerContext& context, std::int32_t id, const Select& select)
    {
        auto user = readAs(
            context, [&](store::Session& s, const Principal& caller) { return visibleUser(s, caller, context, id); });
        if (user)
            select.apply(*user);
        return user;
    }

    /// getUser() for a page of ids, in one read transaction.
    std::vector<User> listUsers(
        const CallerContext& context, std::int32_t afterId, std::size_t limit, const Select& select)
    {
        std::vector<User> page;
        readAs(context, [&](store::Session& s, const Principal& caller) {
            // Users the caller may not see are skipped: ids are read until the page is full.
            const std::size_t chunk = std::clamp<std::size_t>(limit, 64, 1000);
            for (std::int32_t after = afterId; page.size() < limit;) {
                const auto ids = s.userIdsAfter(after, chunk);
                for (const std::int32_t id : ids) {
                    if (auto user = visibleUser(s, caller, context, id))
                        page.push_back(std::move(*user));
                    if (page.size() == limit)
                        break;
                }
                if (ids.size() < chunk)
                    break;
                after = ids.back();
            }
        });
        for (auto& user : page)
            select.apply(user);
        return page;
    }

    std::optional<User> getUserFromName(const CallerContext& context, std::string_view userName, const Select& select)
    {
        refusePartnerApps(context);
        auto user = store_->read([&](store::Session& s) -> std::optional<User> {
            const Principal caller = principal(s, context);
            const auto id = s.userIdBy(store::UniqueName::UserName, userName);
            return id ? visibleUser(s, caller, context, *id) : std::nullopt;
        });
        if (user)
            select.apply(*user);
        return user;
    }

    /// Adding to the reference lists: system callers and user administrators.
    Principal listAdministrator(store::Session& s, const CallerContext& context) const
    {
        refusePartnerApps(context);
        Principal caller = principal(s, context);
        if (!caller.isSystem() && !caller.roleRights.administerUsers)
            throw Exception(Error(ErrorKind::Forbidden,
                detail::localize("[SR_RIGHTS_DENIED]", "en") + ": " +
                    detail::localize("[SR_RIGHTS_NOT_USER_ADMIN]", "en"),
                {}, "caller"));
        return caller;
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

    /// A text in the caller's language: string references (built in, or shipped by
    /// plugins) and multi-language values.
    std::string localize(std::string_view text, std::string_view language) const
    {
        return detail::localize(text, language, options_.plugins ? &pluginTexts_ : nullptr);
    }

    ServiceOptions options_;
    detail::TextSource pluginTexts_ = [this](std::string_view key, std::string_view language) {
        return options_.plugins->text(key, language);
    };
    mutable std::mutex pluginListsMutex_;
    mutable std::shared_ptr<const PluginLists> pluginLists_;
    std::unique_ptr<store::Store> store_;
    detail::VerifiedPasswords verifiedPasswords_;
};

// ---------------------------------------------------------------- the public face

UserService::UserService(std::shared_ptr<Impl> impl)
    : impl_(std::move(impl))
{
}
UserService::UserService(UserService&&) noexcept = default;
UserService& UserService::operator=(UserService&&) noexcept = default;
UserService::~UserService() = default;

UserService UserService::open(ServiceOptions options)
{
    return UserService(std::make_shared<Impl>(std::move(options)));
}

Result<UserService> UserService::tryOpen(ServiceOptions options) noexcept
{
    return captureErrors([&] { return open(std::move(options)); });
}

User UserService::saveUser(const CallerContext& caller, const User& user, const SaveOptions& options)
{
    return impl_->saveUser(caller, user, options).user;
}

Result<User> UserService::trySaveUser(
    const CallerContext& caller, const User& user, const SaveOptions& options) noexcept
{
    return captureErrors([&] { return saveUser(caller, user, options); });
}

SaveReport UserService::saveUserWithReport(const CallerContext& caller, const User& user, const SaveOptions& options)
{
    return impl_->saveUser(caller, user, options);
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

std::optional<User> UserService::getUser(const CallerContext& caller, std::int32_t associateId, const Select& select)
{
    return impl_->getUser(caller, associateId, select);
}

Result<std::optional<User>> UserService::tryGetUser(
    const CallerContext& caller, std::int32_t associateId, const Select& select) noexcept
{
    return captureErrors([&] { return getUser(caller, associateId, select); });
}

std::vector<User> UserService::listUsers(
    const CallerContext& caller, std::int32_t afterId, std::size_t limit, const Select& select)
{
    return impl_->listUsers(caller, afterId, limit, select);
}

Result<std::vector<User>> UserService::tryListUsers(
    const CallerContext& caller, std::int32_t afterId, std::size_t limit, const Select& select) noexcept
{
    return captureErrors([&] { return listUsers(caller, afterId, limit, select); });
}

std::optional<User> UserService::getUserFromName(
    const CallerContext& caller, std::string_view userName, const Select& select)
{
    return impl_->getUserFromName(caller, userName, select);
}

Result<std::optional<User>> UserService::tryGetUserFromName(
    const CallerContext& caller, std::string_view userName, const Select& select) noexcept
{
    return captureErrors([&] { return getUserFromName(caller, userName, select); });
}

User UserService::createDefaultUser(const CallerContext& caller)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal& principal) {
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
        detail::applyRights(user, impl_->rights(principal, nullptr, caller));
        return user;
    });
}

std::vector<FieldError> UserService::validateUser(const CallerContext& caller, const User& sent)
{
    const auto zoned = detail::fromCallerZone(sent, caller); // date-times as the caller's SO-TimeZone meant them
    const User& user = zoned ? *zoned : sent;
    return impl_->readAs(caller, [&](store::Session& s, const Principal& principal) {
        std::optional<User> stored;
        if (user.associateId != 0) {
            stored = Impl::load(s, user.associateId);
            if (!stored || !Impl::has(impl_->rights(principal, &*stored, caller).user.table, ETableRight::Select))
                return std::vector<FieldError> { { "User.AssociateId",
                    "there is no user with AssociateId " + std::to_string(user.associateId) } };
        }
        const User* target = stored ? &*stored : nullptr;
        const UserRights granted = impl_->rights(principal, target, caller);
        auto problems = detail::forbiddenChanges(user, target, granted);
        User permitted = user;
        detail::keepUnwritable(permitted, target, granted);
        for (auto& problem : impl_->problems(s, caller, permitted))
            problems.push_back(std::move(problem));
        for (auto& conflict : detail::uniquenessConflicts(s, permitted))
            problems.push_back(std::move(conflict));
        return problems;
    });
}

void UserService::deleteUser(const CallerContext& caller, std::int32_t associateId)
{
    impl_->refusePartnerApps(caller);
    impl_->store_->write([&](store::Session& s) {
        const Principal principal = Impl::principal(s, caller);
        const auto stored = Impl::load(s, associateId);
        const UserRights granted = stored ? impl_->rights(principal, &*stored, caller) : UserRights {};
        if (!stored || !Impl::has(granted.user.table, ETableRight::Select))
            throw Exception(Error(ErrorKind::NotFound,
                "there is no user with AssociateId " + std::to_string(associateId), {}, "AssociateId"));
        if (!Impl::has(granted.user.table, ETableRight::Delete))
            Impl::deny("deleting user " + std::to_string(associateId), granted.user.table, caller);
        s.deleteUser(associateId);
    });
    impl_->log(LogLevel::Info, "deleted user " + std::to_string(associateId) + elevatedBy(caller));
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

std::vector<CustomCommand> UserService::getUserCommands(const CallerContext& caller, const User& user)
{
    std::vector<CustomCommand> offered;
    if (!impl_->options_.plugins)
        return offered;
    const auto commands = impl_->options_.plugins->customCommands();
    impl_->readAs(caller, [&](store::Session& s, const Principal& principal) {
        const auto stored = user.associateId ? Impl::load(s, user.associateId) : std::nullopt;
        const UserRights granted = impl_->rights(principal, stored ? &*stored : nullptr, caller);
        for (const auto& command : commands)
            if (!impl_->inapplicable(command, caller, granted, user))
                offered.push_back(impl_->offered(command, caller));
        return 0;
    });
    return offered;
}

CommandResult UserService::executeUserCommand(
    const CallerContext& caller, std::string_view commandName, CommandActionResult answer, const User& sent)
{
    const auto zoned = detail::fromCallerZone(sent, caller); // date-times as the caller's SO-TimeZone meant them
    const User& user = zoned ? *zoned : sent;
    return impl_->execute(caller, commandName, answer, [&](store::Session& s, const Principal& principal) {
        // A carrier of a stored user must be one the caller may see; a new one is as sent.
        if (user.associateId && !impl_->visibleUser(s, principal, caller, user.associateId))
            return std::optional<User>();
        return std::optional<User>(user);
    });
}

CommandResult UserService::executeUserCommand(
    const CallerContext& caller, std::int32_t associateId, std::string_view commandName, CommandActionResult answer)
{
    return impl_->execute(caller, commandName, answer, [&](store::Session& s, const Principal& principal) {
        return impl_->visibleUser(s, principal, caller, associateId);
    });
}

Result<CommandResult> UserService::tryExecuteUserCommand(const CallerContext& caller, std::int32_t associateId,
    std::string_view commandName, CommandActionResult answer) noexcept
{
    return captureErrors([&] { return executeUserCommand(caller, associateId, commandName, answer); });
}

UserRights UserService::rightsFor(const CallerContext& caller, const User& user)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal& principal) {
        const auto stored = user.associateId ? Impl::load(s, user.associateId) : std::nullopt;
        if (user.associateId && stored) {
            UserRights granted = impl_->rights(principal, &*stored, caller);
            if (Impl::has(granted.user.table, ETableRight::Select))
                return granted;
        }
        if (user.associateId)
            throw Exception(Error(ErrorKind::NotFound,
                "there is no user with AssociateId " + std::to_string(user.associateId), {}, "User.AssociateId"));
        return impl_->rights(principal, nullptr, caller);
    });
}

UserRecord UserService::appendRecord(
    const CallerContext& caller, std::string_view stream, std::int32_t associateId, std::string body)
{
    impl_->refusePartnerApps(caller);
    return impl_->store_->write([&](store::Session& s) {
        if (!impl_->canSee(s, Impl::principal(s, caller), caller, associateId))
            throw Exception(Error(ErrorKind::NotFound,
                "there is no user with AssociateId " + std::to_string(associateId), {}, "AssociateId"));
        UserRecord record { 0, std::string(stream), associateId,
            DateTime::fromUtc(impl_->options_.clock(), {}, DateTime::OffsetStyle::Zulu), caller.associateId,
            std::move(body) };
        record.id = s.appendRecord(record);
        return record;
    });
}

std::vector<UserRecord> UserService::records(
    const CallerContext& caller, std::string_view stream, std::int32_t associateId)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal& principal) {
        if (!impl_->canSee(s, principal, caller, associateId))
            throw Exception(Error(ErrorKind::NotFound,
                "there is no user with AssociateId " + std::to_string(associateId), {}, "AssociateId"));
        return s.records(stream, associateId);
    });
}

std::optional<ChangeStamps> UserService::changeStamps(const CallerContext& caller, std::int32_t associateId)
{
    const auto stamps =
        impl_->readAs(caller, [&](store::Session& s, const Principal& principal) -> std::optional<store::Stamps> {
            if (!impl_->canSee(s, principal, caller, associateId))
                return std::nullopt;
            return s.stamps(associateId);
        });
    if (!stamps)
        return std::nullopt;
    return ChangeStamps { Impl::stampTime(stamps->created), stamps->created.by, Impl::stampTime(stamps->updated),
        stamps->updated.by };
}

// ---- authentication

std::optional<std::int32_t> UserService::authenticatePassword(std::string_view userName, std::string_view password)
{
    // Read every time (one indexed read): a retired user or a new hash is seen at once.
    const auto login = impl_->store_->read([&](store::Session& s) { return s.login(userName); });
    if (!login || login->retired || login->secretHashes.empty()) {
        detail::verifyNothing(password, impl_->options_.passwordHashing);
        return std::nullopt;
    }
    auto& verified = impl_->verifiedPasswords_;
    for (const auto& hash : login->secretHashes)
        if (verified.find(userName, password, hash) == login->associateId)
            return login->associateId;
    for (const auto& hash : login->secretHashes)
        if (detail::verifyPassword(password, hash)) {
            verified.remember(userName, password, hash, login->associateId);
            return login->associateId;
        }
    return std::nullopt;
}

bool UserService::verifyPassword(std::string_view userName, std::string_view password)
{
    return authenticatePassword(userName, password).has_value();
}

namespace {

constexpr std::size_t apiTokenLabelLength = 255;

void checkLabel(std::string_view label)
{
    const auto length = detail::utf8Length(label);
    if (length && *length <= apiTokenLabelLength)
        return;
    const std::string problem = !length ? std::string("is not valid UTF-8")
                                        : "is " + std::to_string(*length) + " characters long; at most " +
            std::to_string(apiTokenLabelLength) + " are allowed";
    throw Exception(
        Error(ErrorKind::Validation, "ApiToken.Label " + problem, { { "ApiToken.Label", problem } }, "ApiToken.Label"));
}

[[noreturn]] void noSuchUser(std::int32_t associateId)
{
    throw Exception(Error(
        ErrorKind::NotFound, "there is no user with AssociateId " + std::to_string(associateId), {}, "AssociateId"));
}

} // namespace

IssuedApiToken UserService::issueApiToken(const CallerContext& caller, std::int32_t associateId, std::string label)
{
    checkLabel(label);
    IssuedApiToken issued;
    issued.secret = detail::newApiTokenSecret();
    const detail::TokenHash hash = detail::apiTokenHash(issued.secret);
    issued.token = impl_->store_->write([&](store::Session& s) {
        const Principal principal = impl_->listAdministrator(s, caller);
        if (!impl_->canSee(s, principal, caller, associateId))
            noSuchUser(associateId);
        ApiToken token { 0, associateId, std::move(label),
            DateTime::fromUtc(impl_->options_.clock(), {}, DateTime::OffsetStyle::Zulu) };
        token.id = s.insertApiToken(token, hash);
        return token;
    });
    impl_->log(LogLevel::Info,
        "issued API token " + std::to_string(issued.token.id) + " for user " + std::to_string(associateId) +
            elevatedBy(caller));
    return issued;
}

Result<IssuedApiToken> UserService::tryIssueApiToken(
    const CallerContext& caller, std::int32_t associateId, std::string label) noexcept
{
    return captureErrors([&] { return issueApiToken(caller, associateId, std::move(label)); });
}

std::vector<ApiToken> UserService::apiTokens(const CallerContext& caller, std::int32_t associateId)
{
    return impl_->store_->read([&](store::Session& s) {
        const Principal principal = impl_->listAdministrator(s, caller);
        if (associateId != 0 && !impl_->canSee(s, principal, caller, associateId))
            noSuchUser(associateId);
        auto tokens = s.apiTokens(associateId);
        if (associateId == 0) { // only the tokens of users the caller may see
            std::map<std::int32_t, bool> visible;
            std::erase_if(tokens, [&](const ApiToken& token) {
                auto [at, added] = visible.try_emplace(token.associateId);
                if (added)
                    at->second = impl_->canSee(s, principal, caller, token.associateId);
                return !at->second;
            });
        }
        return tokens;
    });
}

Result<std::vector<ApiToken>> UserService::tryApiTokens(const CallerContext& caller, std::int32_t associateId) noexcept
{
    return captureErrors([&] { return apiTokens(caller, associateId); });
}

void UserService::revokeApiToken(const CallerContext& caller, std::int64_t tokenId)
{
    impl_->store_->write([&](store::Session& s) {
        const Principal principal = impl_->listAdministrator(s, caller);
        const auto token = s.apiToken(tokenId);
        if (!token || !impl_->canSee(s, principal, caller, token->associateId))
            throw Exception(
                Error(ErrorKind::NotFound, "there is no API token " + std::to_string(tokenId), {}, "ApiToken.Id"));
        s.deleteApiToken(tokenId);
    });
    impl_->log(LogLevel::Info, "revoked API token " + std::to_string(tokenId) + elevatedBy(caller));
}

Result<void> UserService::tryRevokeApiToken(const CallerContext& caller, std::int64_t tokenId) noexcept
{
    return captureErrors([&] { revokeApiToken(caller, tokenId); });
}

std::optional<std::int32_t> UserService::authenticateToken(std::string_view secret)
{
    if (!detail::looksLikeApiTokenSecret(secret))
        return std::nullopt; // not one of ours: no read needed
    const detail::TokenHash hash = detail::apiTokenHash(secret);
    return impl_->store_->read([&](store::Session& s) { return s.apiTokenUser(hash); });
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

Role UserService::addRole(const CallerContext& caller, const Role& role, const RoleRights& rights)
{
    requireName(role.name, "Role.Name");
    return impl_->store_->write([&](store::Session& s) {
        impl_->listAdministrator(s, caller);
        return s.insertRole(role, rights);
    });
}

std::optional<RoleRights> UserService::roleRights(const CallerContext& caller, std::int32_t roleId)
{
    return impl_->readAs(caller, [&](store::Session& s, const Principal&) { return s.roleRights(roleId); });
}

std::vector<Role> UserService::roles(const CallerContext& caller)
{
    auto roles = impl_->readAs(caller, [](store::Session& s, const Principal&) { return s.roles(); });
    impl_->localizeTexts(roles, caller.language);
    return roles;
}

UserGroup UserService::addUserGroup(const CallerContext& caller, const UserGroup& group)
{
    requireName(group.value, "UserGroup.Value");
    return impl_->store_->write([&](store::Session& s) {
        impl_->listAdministrator(s, caller);
        return s.insertUserGroup(group);
    });
}

std::vector<UserGroup> UserService::userGroups(const CallerContext& caller)
{
    auto groups = impl_->readAs(caller, [](store::Session& s, const Principal&) { return s.userGroups(); });
    impl_->localizeTexts(groups, caller.language);
    return groups;
}

MDOListItem UserService::addTicketCategory(const CallerContext& caller, const MDOListItem& category)
{
    requireNames(category, "MDOListItem");
    return impl_->store_->write([&](store::Session& s) {
        impl_->listAdministrator(s, caller);
        return s.insertTicketCategory(category, 0);
    });
}

std::vector<MDOListItem> UserService::ticketCategories(const CallerContext& caller)
{
    auto categories = impl_->readAs(caller, [](store::Session& s, const Principal&) { return s.ticketCategories(); });
    impl_->localizeTexts(categories, caller.language);
    return categories;
}

CredentialType UserService::addCredentialType(const CallerContext& caller, const CredentialType& type)
{
    requireName(type.type, "CredentialType.Type");
    return impl_->store_->write([&](store::Session& s) {
        impl_->listAdministrator(s, caller);
        if (s.credentialType(*type.type))
            throw Exception(Error(ErrorKind::Conflict, "credential type " + *type.type + " exists already",
                { { "CredentialType.Type", "exists already" } }, "CredentialType.Type"));
        return s.insertCredentialType(type);
    });
}

std::vector<CredentialType> UserService::credentialTypes(const CallerContext& caller)
{
    auto types = impl_->readAs(caller, [](store::Session& s, const Principal&) { return s.credentialTypes(); });
    impl_->localizeTexts(types, caller.language);
    return types;
}

LicenseOwner UserService::addLicenseOwner(const CallerContext& caller, const LicenseOwner& owner)
{
    requireName(owner.name, "LicenseOwner.Name");
    detail::forEachOwnedModuleLicense(
        owner, [](const ModuleLicenseLink& link, auto&&...) { requireName(link.name, "ModuleLicenseLink.Name"); });
    return impl_->store_->write([&](store::Session& s) {
        impl_->listAdministrator(s, caller);
        return s.insertLicenseOwner(owner);
    });
}

std::vector<LicenseOwner> UserService::licenseOwners(const CallerContext& caller)
{
    auto owners = impl_->readAs(caller, [](store::Session& s, const Principal&) { return s.licenseOwners(0); });
    User holder; // derive() fills the counts
    holder.licenseOwners = std::move(owners);
    Impl::derive(holder);
    impl_->localizeTexts(*holder.licenseOwners, caller.language);
    return std::move(*holder.licenseOwners);
}

} // namespace userservice
