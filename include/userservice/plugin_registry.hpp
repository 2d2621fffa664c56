// The host side of plugins: inspect plugin files, load and unload them, and find
// what they registered. Boost.DLL stays inside the library.
//
//   PluginRegistry registry;
//   registry.load("plugins/libaudit.so");          // PluginException on any problem
//   if (auto command = registry.customCommand("reset-password"))
//       CommandResult result = command->run(call);  // the plugin stays loaded while `command` lives
//
// Safety: the manifest is read and checked (API version, build fingerprint) before
// any plugin code runs; a plugin's registration is all or nothing; every call into
// plugin code is an exception firewall; unloading waits for calls in progress and
// the library is unmapped only when the last handle to its code is gone. The
// registry is safe to use from many threads, also while plugins are reloaded.
#pragma once

#include <userservice/export.hpp>
#include <userservice/functional_rights.hpp>
#include <userservice/plugin.hpp>

#include <boost/system/result.hpp>

#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace userservice {

enum class PluginErrorKind {
    FileNotFound, ///< no such file
    NotASharedLibrary, ///< the file is not a shared library of this platform (a text file named x.so)
    DamagedLibrary, ///< an ELF shared library, but truncated or damaged: its headers point past its end
    NotAPlugin, ///< a shared library without a userservice manifest
    BadManifest, ///< the manifest cannot be read (a missing or malformed entry)
    ApiMajorMismatch, ///< built for another major plugin API version
    ApiMinorTooNew, ///< built for a newer minor plugin API version than this host's
    FingerprintMismatch, ///< built with another compiler, standard library ABI, Boost, or build type
    LoadFailed, ///< the dynamic loader refused it (e.g. an unresolved symbol)
    MissingEntryPoint, ///< no registration function
    RegistrationFailed, ///< its registration threw
    DuplicateName, ///< it registers a name that another plugin or the host has
    InvalidName, ///< it registers a name that no manifest can declare (empty, control characters, ';', edge spaces)
    ManifestMismatch, ///< it registers other names than its manifest declares
    AlreadyLoaded, ///< the same file or the same plugin name is loaded already
    NotLoaded, ///< unload or reload of a plugin that is not loaded
    Pinned, ///< unload of a plugin that declared it must never be unloaded
    Unloaded, ///< a call through a handle whose plugin has been unloaded
    CallFailed, ///< plugin code threw: the host caught it
};

/// "FileNotFound", …
USERSERVICE_API std::string_view toString(PluginErrorKind kind) noexcept;

struct PluginError {
    PluginErrorKind kind = PluginErrorKind::LoadFailed;
    std::string path; ///< the plugin file, when known
    std::string plugin; ///< the plugin's name, when known
    std::string message; ///< for people: what went wrong, with both values of a mismatch
    std::string loaderText; ///< the dynamic loader's or the plugin's own text, when there is one
    friend bool operator==(const PluginError&, const PluginError&) = default;
};

class USERSERVICE_API PluginException : public std::exception {
public:
    explicit PluginException(PluginError error);
    const PluginError& error() const noexcept { return error_; }
    PluginErrorKind kind() const noexcept { return error_.kind; }
    const char* what() const noexcept override { return what_.c_str(); }

private:
    PluginError error_;
    std::string what_;
};

template <class T> using PluginResult = boost::system::result<T, PluginError>;

/// Lets PluginResult<T>::value() throw PluginException (found by ADL).
[[noreturn]] USERSERVICE_API void throw_exception_from_error(
    const PluginError& error, const boost::source_location& where);

/// What a plugin file says about itself, read without running its code.
struct PluginManifest {
    std::string path; ///< empty for a statically linked plugin
    std::string name;
    std::string version;
    int apiMajor = 0;
    int apiMinor = 0;
    std::string fingerprint;
    std::vector<std::string> customCommands;
    std::vector<std::string> postSaveCommands;
    std::vector<std::string> afterCommitCommands;
    std::vector<std::string> validators;
    std::vector<std::string> rightsModifiers;
    friend bool operator==(const PluginManifest&, const PluginManifest&) = default;
};

/// A registered custom command. Holding one keeps its plugin's code mapped; after
/// the plugin is unloaded, run() fails with PluginErrorKind::Unloaded.
class USERSERVICE_API CustomCommandHandle {
public:
    const plugin::CustomCommandSpec& spec() const noexcept;
    /// The owning plugin's name, or "host".
    const std::string& owner() const noexcept;
    /// Runs the command. Whatever the plugin throws comes back as a CallFailed error
    /// that names the plugin and the command; only the service's own Exception (a
    /// command's save through CommandCall::transaction refused, say) passes through.
    PluginResult<CommandResult> run(plugin::CommandCall& call) const;
    /// The spec's appliesTo (true when it has none), behind the same firewall.
    PluginResult<bool> appliesTo(const CallerContext& caller, const User& user) const;

    struct Entry;
    explicit CustomCommandHandle(std::shared_ptr<const Entry> entry);

private:
    std::shared_ptr<const Entry> entry_;
};

/// A registered post-save command, validator or rights modifier, with its owner.
template <class Fn> struct Registered {
    std::string name;
    std::string owner;
    Fn call; ///< wrapped: keeps the plugin mapped, refuses after unload, catches what it throws
};

class USERSERVICE_API PluginRegistry {
public:
    /// The host's own plugin API version and build fingerprint.
    static int apiMajor() noexcept;
    static int apiMinor() noexcept;
    static std::string_view fingerprint() noexcept;

    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    /// Reads a plugin file's manifest without loading it.
    static PluginManifest inspect(const std::filesystem::path& file);
    static PluginResult<PluginManifest> tryInspect(const std::filesystem::path& file) noexcept;
    /// The gate load() applies: the same API major, a minor not newer, the same fingerprint.
    static PluginResult<void> checkCompatible(const PluginManifest& manifest) noexcept;

    /// Checks, loads and registers a plugin file.
    PluginManifest load(const std::filesystem::path& file);
    PluginResult<PluginManifest> tryLoad(const std::filesystem::path& file) noexcept;

    /// Loads every `*.so` file in a directory (not recursively, in name order); other
    /// files are not looked at. Every `*.so` it could not load is reported with its kind.
    struct DirectoryLoad {
        std::vector<PluginManifest> loaded;
        std::vector<PluginError> failed; ///< in name order: NotASharedLibrary, DamagedLibrary, NotAPlugin, …
    };
    DirectoryLoad loadDirectory(const std::filesystem::path& directory);

    /// Registers a statically linked plugin (tests), through the same registrar.
    PluginManifest addStatic(const plugin::Descriptor& descriptor);

    /// Stops new calls into the plugin, waits for calls in progress, unregisters it and
    /// releases its library (unmapped once no handle to its code is left).
    void unload(const std::string& pluginName);
    PluginResult<void> tryUnload(const std::string& pluginName) noexcept;
    /// unload() then load() of the same file.
    PluginManifest reload(const std::string& pluginName);

    /// The host's own registrations (owner "host"), checked for duplicates like a plugin's.
    void registerHost(const std::function<void(plugin::Registrar&)>& registration);

    std::vector<PluginManifest> plugins() const;
    /// A text the plugins ship for a string reference key in a language.
    std::optional<std::string> text(std::string_view key, std::string_view language) const;
    /// Changes whenever what is registered changes: lets a user of the lists below
    /// keep copies until then.
    std::uint64_t generation() const noexcept;
    std::optional<CustomCommandHandle> customCommand(std::string_view name) const;
    std::vector<CustomCommandHandle> customCommands() const;
    /// In plugin load order, then registration order; the host's first.
    std::vector<Registered<plugin::PostSaveCommandFn>> postSaveCommands() const;
    std::vector<Registered<plugin::PostSaveCommandFn>> afterCommitCommands() const;
    std::vector<Registered<plugin::ValidatorFn>> validators() const;
    std::vector<Registered<RightsModifier>> rightsModifiers() const;
    /// The functional rights plugins added, in load order then registration order (ids 0:
    /// the service numbers its catalogue).
    std::vector<functional::Right> functionalRights() const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace userservice
