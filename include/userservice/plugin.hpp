// The plugin SDK: the only header a plugin author needs (C++20).
//
//   #include <userservice/plugin.hpp>
//
//   namespace {
//
//   void registerAudit(userservice::plugin::Registrar& registrar)
//   {
//       using namespace userservice;
//       plugin::CustomCommandSpec reset;
//       reset.name = "Reset password";
//       reset.displayName = "Reset password";
//       reset.actions = CommandAction::YesNo; // ask first
//       reset.requiredRight = ETableRight::Update;
//       registrar.customCommand(std::move(reset), [](plugin::CommandCall& call) {
//           CommandResult result;
//           result.success = call.answer == CommandActionResult::Yes;
//           return result;
//       });
//       registrar.postSaveCommand("audit-log", [](plugin::PostSaveCall& call) {
//           if (call.before) // changed, not created: nothing to offer
//               return;
//           CustomCommand next;
//           next.name = "Reset password";
//           call.clientCommands.push_back(std::move(next));
//       });
//   }
//
//   } // namespace
//
//   USERSERVICE_PLUGIN(audit, "audit", "1.2.0", "command:Reset password; post-save:audit-log", registerAudit)
//
// The plugin is built with userservice_add_plugin() (CMake) or the Meson
// equivalent, which set hidden visibility and -fno-gnu-unique. The manifest
// (name, version, API version, build fingerprint, and what the plugin provides)
// lives in a section of its own, so a host can inspect a plugin file without
// running any of its code; at load time the registration must provide exactly
// what the manifest says.
//
// Built with USERSERVICE_PLUGIN_STATIC defined, the same source registers nothing
// global and no symbol is exported: it defines a Descriptor that a test links and
// hands to the registry (see PluginRegistry::addStatic), through the same registrar.
#pragma once

#if __cplusplus < 202002L
#error                                                                                                                 \
    "userservice plugins need C++20 (compile with -std=c++20 or later): <userservice/plugin.hpp> uses designated initializers, concepts and std::span"
#else

#include <userservice/caller.hpp>
#include <userservice/carriers.hpp>
#include <userservice/error.hpp>
#include <userservice/rights.hpp>
#include <userservice/user_records.hpp>

#include <boost/version.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

/// The plugin API this header describes. A host loads plugins of the same major
/// version and a minor version not newer than its own.
/// (2.0: provides entries are separated by ';', and commands get a narrow facade.
/// 2.1: PostSaveCall::change tells a delete from a save; a 2.0 plugin sees a delete as
/// a save that changed nothing, since `before` and `after` are then the same user.
/// 2.2: PostSaveCall::secrets names the secrets a save set or removed, and how; a 2.1
/// plugin does not see them, as stored secrets read blank in `before` and `after`.
/// 2.3: Registrar::functionalRight adds a functional right to the catalogue.)
#define USERSERVICE_PLUGIN_API_MAJOR 2
#define USERSERVICE_PLUGIN_API_MINOR 3

#define USERSERVICE_PLUGIN_STRINGIFY_(x) #x
#define USERSERVICE_PLUGIN_STRINGIFY(x) USERSERVICE_PLUGIN_STRINGIFY_(x)
#define USERSERVICE_PLUGIN_API_STRING                                                                                  \
    USERSERVICE_PLUGIN_STRINGIFY(USERSERVICE_PLUGIN_API_MAJOR)                                                         \
    "." USERSERVICE_PLUGIN_STRINGIFY(USERSERVICE_PLUGIN_API_MINOR)

// clang-format off
#if defined(_GLIBCXX_DEBUG)
#define USERSERVICE_PLUGIN_STDLIB_MODE "glibcxx-debug" // debug-mode containers: another layout
#else
#define USERSERVICE_PLUGIN_STDLIB_MODE "glibcxx"
#endif

/// What must match between a plugin and the library for C++ types to cross between
/// them: compiler, standard library ABI and mode, and Boost. (NDEBUG is not part of
/// it: a debug host may load a release plugin.)
#define USERSERVICE_PLUGIN_FINGERPRINT                                                           \
    "gcc-" USERSERVICE_PLUGIN_STRINGIFY(__GNUC__) "." USERSERVICE_PLUGIN_STRINGIFY(__GNUC_MINOR__) \
    ";cxx11abi-" USERSERVICE_PLUGIN_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)                            \
    ";" USERSERVICE_PLUGIN_STDLIB_MODE                                                           \
    ";boost-" USERSERVICE_PLUGIN_STRINGIFY(BOOST_VERSION)
// clang-format on

namespace userservice {
namespace plugin {

/// The service as a command or a post-save command sees it: with the caller's
/// rights, inside the transaction of the save or command that called it. What is
/// done through it joins that transaction (a save here is a savepoint of it): when
/// the command fails or the outer save is rolled back, it is undone too. Calls throw
/// userservice::Exception like the service's own (NotFound, Forbidden, Validation…).
class Transaction {
public:
    /// The stored user as the caller may see it; nullopt when there is none or it is hidden.
    virtual std::optional<User> getUser(std::int32_t associateId) = 0;
    /// Saves like UserService::saveUser (creates when AssociateId is 0); returns the user as stored.
    virtual User saveUser(const User& user) = 0;
    /// The caller's rights on this user (the stored one with its AssociateId, else a new user).
    virtual UserRights rightsFor(const User& user) = 0;
    /// Appends a record about a user the caller may see to a stream ("audit", "outbox").
    virtual UserRecord appendRecord(std::string_view stream, std::int32_t associateId, std::string body) = 0;
    /// A stream's records about a user the caller may see, oldest first.
    virtual std::vector<UserRecord> records(std::string_view stream, std::int32_t associateId) = 0;
    virtual std::vector<Role> roles() = 0;
    virtual std::vector<UserGroup> userGroups() = 0;
    virtual std::vector<CredentialType> credentialTypes() = 0;

protected:
    ~Transaction() = default; ///< owned by the service, never by a plugin
};

/// A custom command's call: the user it runs on, the answer to its dialog, and the
/// transaction it runs in.
struct CommandCall {
    const CallerContext& caller;
    User& user;
    CommandActionResult answer;
    Transaction* transaction; ///< never null when the service calls (null in the loader's own tests)
};

/// What happened to the user that a post-save or after-commit command is told about (API 2.1).
enum class UserChange : std::int32_t {
    Saved = 0, ///< created (`before` absent) or updated
    Deleted = 1, ///< removed for good: `before` and `after` are both the user as it was deleted
};

/// How a save changed a secret (a password), for post-save commands (API 2.2).
enum class SecretChangeKind : std::int32_t {
    Set = 0, ///< given by the caller without the old one (SetPassword, a saved credential, external users)
    Changed = 1, ///< changed with the old one verified (ChangePassword, ChangeOwnPassword)
    Generated = 2, ///< generated by the service and returned once (SetGeneratedPassword, GenerateNewPassword…)
    Reset = 3, ///< set by redeeming a one-time reset token (ResetPassword)
    Removed = 4, ///< the credential that kept it was removed
};

/// "set", "changed", "generated", "reset", "removed".
constexpr std::string_view toString(SecretChangeKind kind) noexcept
{
    constexpr std::string_view names[] = { "set", "changed", "generated", "reset", "removed" };
    const auto index = static_cast<std::size_t>(kind);
    return index < std::size(names) ? names[index] : "unknown";
}

/// A secret that a save set or removed: the credential type that keeps it, and how.
/// Never the secret nor its hash (API 2.2).
struct SecretChange {
    std::string credentialType;
    SecretChangeKind kind = SecretChangeKind::Set;
    friend bool operator==(const SecretChange&, const SecretChange&) = default;
};

/// A post-save command's call: the user before (absent when created) and after. A
/// post-save command runs inside the save's transaction; an after-commit command
/// after it, in a transaction of its own. A command may add CustomCommand entries for
/// the client to run next (User.PostSaveCommands; a delete returns none).
/// On a delete, post-save commands run in the delete's transaction just before the user
/// is removed (so they can still read it and append records about it) and may refuse
/// the delete by throwing userservice::Exception; after-commit commands run once it is
/// gone. Validators do not run on a delete: no user is stored.
struct PostSaveCall {
    const CallerContext& caller;
    const std::optional<User>& before;
    const User& after;
    std::vector<CustomCommand>& clientCommands;
    Transaction* transaction; ///< never null when the service calls (null in the loader's own tests)
    /// Last, so that a plugin built for API 2.0 reads the members before it unchanged.
    UserChange change = UserChange::Saved;
    /// The secrets this save set or removed, by credential type (API 2.2; a delete has
    /// none). Last too, so that a plugin built for 2.0 or 2.1 reads what it knows unchanged.
    std::span<const SecretChange> secrets {};
};

/// What a custom command is, for clients (GetUserCommands).
struct CustomCommandSpec {
    std::string name;
    std::string displayName;
    std::string description;
    std::string toolTip;
    CommandAction actions = CommandAction::Implicit; ///< the dialog to show before running
    std::string actionData; ///< the dialog's question
    /// The table right the caller must hold on the user (ETableRight::Update for a
    /// command that changes it); without it the command is not offered and refused.
    ETableRight requiredRight = ETableRight::Select;
    /// Whether the command applies to this user for this caller; empty: always.
    std::function<bool(const CallerContext&, const User&)> appliesTo;
};

using CustomCommandFn = std::function<CommandResult(CommandCall&)>;
using PostSaveCommandFn = std::function<void(PostSaveCall&)>;
/// Returns the problems with the user, by field; empty when it may be saved.
using ValidatorFn = std::function<std::vector<FieldError>(const CallerContext&, const User&)>;

/// What a plugin registers itself on. Every name is unique among all plugins and
/// the host; a duplicate, or an exception, undoes the plugin's whole registration.
class Registrar {
public:
    virtual ~Registrar() = default;
    virtual void customCommand(CustomCommandSpec spec, CustomCommandFn run) = 0;
    /// Runs inside the save's transaction, after the write: throwing rolls the save back.
    virtual void postSaveCommand(std::string name, PostSaveCommandFn run) = 0;
    /// Runs after the save's commit: a failure is reported as a warning, the save stays.
    virtual void afterCommitCommand(std::string name, PostSaveCommandFn run) = 0;
    virtual void validator(std::string name, ValidatorFn check) = 0;
    virtual void rightsModifier(std::string name, RightsModifier modify) = 0;
    /// A text this plugin ships for the string reference `[key]` (key "SR_MY_TEXT") in a
    /// language ("en", "no"): its commands' texts and messages can then be references.
    virtual void text(std::string key, std::string language, std::string text) = 0;
    /// This plugin's code must stay loaded until the process ends (unload refuses).
    virtual void neverUnload() = 0;
    /// A functional right roles can be given (GetAllFunctionalRights lists it): a name
    /// (functional::nameProblem) no built-in or other plugin has, and its description.
    /// Like texts, not declared in the manifest. Since 2.3.
    virtual void functionalRight(std::string name, std::string description) = 0;
};

using RegisterFn = void (*)(Registrar&);

/// A plugin as a test links it: its manifest text and its registration function.
struct Descriptor {
    const char* manifest;
    RegisterFn registerPlugin;
};

} // namespace plugin
} // namespace userservice

/// The manifest text: one `key=value` per line after a first line that marks it.
#define USERSERVICE_PLUGIN_MANIFEST_TEXT(name, version, api, fingerprint, provides)                                    \
    "userservice-plugin-manifest\n"                                                                                    \
    "name=" name "\n"                                                                                                  \
    "version=" version "\n"                                                                                            \
    "api=" api "\n"                                                                                                    \
    "fingerprint=" fingerprint "\n"                                                                                    \
    "provides=" provides "\n"

#if defined(USERSERVICE_PLUGIN_STATIC)

#define USERSERVICE_PLUGIN_WITH_MANIFEST(id, manifestText, registerFunction)                                           \
    extern const ::userservice::plugin::Descriptor userservice_plugin_##id;                                            \
    const ::userservice::plugin::Descriptor userservice_plugin_##id { manifestText, &registerFunction };

#else

/// The section the manifest lives in, and the entry point's name.
#define USERSERVICE_PLUGIN_SECTION "userservice_plugin"
#define USERSERVICE_PLUGIN_ENTRY userservice_plugin_register

#define USERSERVICE_PLUGIN_WITH_MANIFEST(id, manifestText, registerFunction)                                           \
    extern "C" __attribute__((section(USERSERVICE_PLUGIN_SECTION), used, visibility("default")))                       \
    const char userservice_plugin_manifest[] = manifestText;                                                           \
    extern "C" __attribute__((visibility("default"))) void USERSERVICE_PLUGIN_ENTRY(                                   \
        ::userservice::plugin::Registrar& registrar)                                                                   \
    {                                                                                                                  \
        registerFunction(registrar);                                                                                   \
    }

#endif

/// Declares a plugin: `id` an identifier (for static builds), then its name and
/// version (string literals), what it provides ("command:Smith Group; post-save:b;
/// after-commit:c; validator:d; rights:e": kind:name entries separated by ';', spaces
/// around an entry ignored), and the function that registers it. A name may hold any
/// character but ';' and control characters, and neither starts nor ends with a space:
/// the registrar refuses (PluginErrorKind::InvalidName) a name a manifest cannot declare.
#define USERSERVICE_PLUGIN(id, name, version, provides, registerFunction)                                              \
    USERSERVICE_PLUGIN_WITH_MANIFEST(id,                                                                               \
        USERSERVICE_PLUGIN_MANIFEST_TEXT(                                                                              \
            name, version, USERSERVICE_PLUGIN_API_STRING, USERSERVICE_PLUGIN_FINGERPRINT, provides),                   \
        registerFunction)

#endif // __cplusplus >= 202002L
