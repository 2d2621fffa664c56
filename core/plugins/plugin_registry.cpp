#include <userservice/plugin_registry.hpp>

#include "../capture.hpp"
#include "manifest.hpp"

#include <boost/dll/shared_library.hpp>

#include <cxxabi.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

namespace userservice {

// ---------------------------------------------------------------- errors

std::string_view toString(PluginErrorKind kind) noexcept
{
    constexpr std::string_view names[] = {
        "FileNotFound",
        "NotASharedLibrary",
        "DamagedLibrary",
        "NotAPlugin",
        "BadManifest",
        "ApiMajorMismatch",
        "ApiMinorTooNew",
        "FingerprintMismatch",
        "LoadFailed",
        "MissingEntryPoint",
        "RegistrationFailed",
        "DuplicateName",
        "InvalidName",
        "ManifestMismatch",
        "AlreadyLoaded",
        "NotLoaded",
        "Pinned",
        "Unloaded",
        "CallFailed",
    };
    return names[static_cast<std::size_t>(kind)];
}

PluginException::PluginException(PluginError error)
    : error_(std::move(error))
    , what_(std::string(toString(error_.kind)) + ": " + error_.message +
          (error_.loaderText.empty() ? std::string() : " (" + error_.loaderText + ")"))
{
}

void throw_exception_from_error(const PluginError& error, const boost::source_location&)
{
    throw PluginException(error);
}

namespace {

using detail::failPlugin;

/// What every registration belongs to: a loaded plugin, a static one, or the host.
/// Calls into its code are counted, so that unloading can wait for them.
struct Owner {
    std::string name;
    std::string path;
    PluginManifest manifest;
    boost::dll::shared_library library; ///< empty for static plugins and the host
    bool pinned = false;

    /// Admits a call unless the owner is closed; every admitted call must leave().
    bool enter() const noexcept
    {
        inFlight.fetch_add(1);
        if (!closed.load()) {
            return true;
        }
        leave();
        return false;
    }
    void leave() const noexcept
    {
        if (inFlight.fetch_sub(1) == 1 && closed.load()) {
            std::lock_guard lock(drainMutex);
            drained.notify_all();
        }
    }
    /// Refuses new calls and waits for the ones in progress.
    void closeAndDrain() const
    {
        closed = true;
        std::unique_lock lock(drainMutex);
        drained.wait(lock, [&] { return inFlight.load() == 0; });
    }

    mutable std::atomic<int> inFlight { 0 };
    mutable std::atomic<bool> closed { false };
    mutable std::mutex drainMutex;
    mutable std::condition_variable drained;
};

std::string currentExceptionTypeName()
{
    const std::type_info* type = abi::__cxa_current_exception_type();
    if (!type)
        return "an unknown type";
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> name(
        abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), &std::free);
    return status == 0 && name ? name.get() : type->name();
}

/// Runs plugin code: refused once its owner is unloaded, and whatever it throws
/// comes back as a host-owned CallFailed error naming the plugin and the entry
/// (`kind` and `name`; texts are built only for an error, a call allocates nothing).
/// The host's own errors that plugin code raises by calling the host (a command
/// saving a user through the service) pass through unchanged.
template <class F>
auto firewall(const Owner& owner, std::string_view kind, std::string_view name, F&& call)
    -> PluginResult<std::invoke_result_t<F>>
{
    using R = std::invoke_result_t<F>;
    const auto failed = [&](PluginErrorKind kind, std::string message, std::string text = {}) {
        return detail::pluginError(kind, owner.path, owner.name, std::move(message), std::move(text));
    };
    const auto entry = [&] { return std::string(kind) + " " + std::string(name); };
    if (!owner.enter())
        return failed(PluginErrorKind::Unloaded,
            "plugin " + owner.name + " has been unloaded: " + entry() + " can no longer be called");
    struct Leave {
        const Owner& owner;
        ~Leave() { owner.leave(); }
    } leave { owner };
    const auto where = [&] { return "plugin " + owner.name + ", " + entry() + " threw "; };
    try {
        if constexpr (std::is_void_v<R>) {
            call();
            return {};
        } else {
            return call();
        }
    } catch (const PluginException& e) {
        return e.error(); // already the host's own error (a plugin calling back into the host)
    } catch (const Exception&) {
        throw; // the service's own error, raised through the plugin: for the service to report
    } catch (const std::exception& e) {
        return failed(PluginErrorKind::CallFailed, where() + currentExceptionTypeName(), e.what());
    } catch (int value) {
        return failed(PluginErrorKind::CallFailed, where() + "the int " + std::to_string(value));
    } catch (...) {
        return failed(PluginErrorKind::CallFailed, where() + "an exception of type " + currentExceptionTypeName());
    }
}

/// A registration: its owner (declared first, so destroyed last: the callable's code
/// stays mapped until the callable itself is gone), its name and its callable.
template <class Fn> struct Entry {
    std::shared_ptr<const Owner> owner;
    std::string name;
    Fn call;
};

/// The callable that the registry hands out: it keeps the entry (and so the
/// library) alive, and turns plugin failures into PluginException.
template <class R, class... Args>
std::function<R(Args...)> guarded(std::shared_ptr<const Entry<std::function<R(Args...)>>> entry, std::string_view kind)
{
    return [entry, kind](Args... args) -> R {
        auto result = firewall(*entry->owner, kind, entry->name, [&]() -> R { return entry->call(args...); });
        if (!result)
            throw PluginException(result.error());
        if constexpr (!std::is_void_v<R>)
            return std::move(*result);
    };
}

} // namespace

struct CustomCommandHandle::Entry {
    std::shared_ptr<const Owner> owner;
    plugin::CustomCommandSpec spec;
    plugin::CustomCommandFn run;
};

CustomCommandHandle::CustomCommandHandle(std::shared_ptr<const Entry> entry)
    : entry_(std::move(entry))
{
}

const plugin::CustomCommandSpec& CustomCommandHandle::spec() const noexcept
{
    return entry_->spec;
}
const std::string& CustomCommandHandle::owner() const noexcept
{
    return entry_->owner->name;
}

PluginResult<bool> CustomCommandHandle::appliesTo(const CallerContext& caller, const User& user) const
{
    if (!entry_->spec.appliesTo)
        return true;
    return firewall(*entry_->owner, "the applicability check of custom command", entry_->spec.name,
        [&] { return entry_->spec.appliesTo(caller, user); });
}

PluginResult<CommandResult> CustomCommandHandle::run(plugin::CommandCall& call) const
{
    return firewall(*entry_->owner, "custom command", entry_->spec.name, [&] { return entry_->run(call); });
}

// ---------------------------------------------------------------- the registry

class PluginRegistry::Impl {
public:
    using PostSave = Entry<plugin::PostSaveCommandFn>;
    using Validator = Entry<plugin::ValidatorFn>;
    using Modifier = Entry<RightsModifier>;

    /// What one owner registers, collected before it is committed all at once.
    struct Registrations {
        std::vector<std::shared_ptr<const CustomCommandHandle::Entry>> commands;
        std::vector<std::shared_ptr<const PostSave>> postSave;
        std::vector<std::shared_ptr<const PostSave>> afterCommit;
        std::map<std::pair<std::string, std::string>, std::string> texts; ///< (key, language) -> text
        std::vector<std::shared_ptr<const Validator>> validators;
        std::vector<std::shared_ptr<const Modifier>> modifiers;
    };

    struct Loaded {
        std::shared_ptr<Owner> owner;
        Registrations registrations;
    };

    /// What is registered, published whole: readers copy the current snapshot's pointer
    /// and work on it, so a lookup never waits for (or holds up) a load or an unload.
    struct State {
        std::vector<Loaded> owners; ///< in load order; the host's first
        std::map<std::string, std::string> commandOwners, postSaveOwners, afterCommitOwners, validatorOwners,
            modifierOwners, textOwners;
        std::map<std::pair<std::string, std::string>, std::string, std::less<>> texts;
    };

    /// Every owner's registrations of one kind, in load order, each behind the plugin firewall.
    template <class Fn>
    std::vector<Registered<Fn>> registered(
        std::vector<std::shared_ptr<const Entry<Fn>>> Registrations::*list, std::string_view kind) const
    {
        const auto state = current();
        std::vector<Registered<Fn>> out;
        for (const auto& loaded : state->owners)
            for (const auto& entry : loaded.registrations.*list)
                out.push_back({ entry->name, entry->owner->name, guarded(entry, kind) });
        return out;
    }

    std::shared_ptr<const State> current() const
    {
        std::lock_guard lock(stateMutex_);
        return state_;
    }
    void publish(std::shared_ptr<const State> next)
    {
        std::lock_guard lock(stateMutex_);
        state_.swap(next);
        generation_.fetch_add(1);
        // the previous state is released here, outside any lock a reader waits on long
    }

    /// The registrar a plugin registers on: checks names as they come.
    class Staging final : public plugin::Registrar {
    public:
        Staging(const State& registered, std::shared_ptr<Owner> owner)
            : registered_(registered)
            , owner_(std::move(owner))
        {
        }

        void customCommand(plugin::CustomCommandSpec spec, plugin::CustomCommandFn run) override
        {
            claim("custom command", spec.name, registered_.commandOwners);
            out.commands.push_back(std::make_shared<CustomCommandHandle::Entry>(
                CustomCommandHandle::Entry { owner_, std::move(spec), std::move(run) }));
        }
        void postSaveCommand(std::string name, plugin::PostSaveCommandFn run) override
        {
            claim("post-save command", name, registered_.postSaveOwners);
            out.postSave.push_back(std::make_shared<PostSave>(PostSave { owner_, std::move(name), std::move(run) }));
        }
        void afterCommitCommand(std::string name, plugin::PostSaveCommandFn run) override
        {
            claim("after-commit command", name, registered_.afterCommitOwners);
            out.afterCommit.push_back(std::make_shared<PostSave>(PostSave { owner_, std::move(name), std::move(run) }));
        }
        void validator(std::string name, plugin::ValidatorFn check) override
        {
            claim("validator", name, registered_.validatorOwners);
            out.validators.push_back(
                std::make_shared<Validator>(Validator { owner_, std::move(name), std::move(check) }));
        }
        void rightsModifier(std::string name, RightsModifier modify) override
        {
            claim("rights modifier", name, registered_.modifierOwners);
            out.modifiers.push_back(
                std::make_shared<Modifier>(Modifier { owner_, std::move(name), std::move(modify) }));
        }
        void text(std::string key, std::string language, std::string text) override
        {
            claim("text", key + " (" + language + ")", registered_.textOwners);
            out.texts[{ std::move(key), std::move(language) }] = std::move(text);
        }
        void neverUnload() override { owner_->pinned = true; }

        Registrations out;

    private:
        /// A name is the registry's or this owner's already: the whole registration fails.
        void claim(const char* kind, const std::string& name, const std::map<std::string, std::string>& taken)
        {
            std::string other;
            if (const auto found = taken.find(name); found != taken.end())
                other = found->second;
            else if (!claimed_.insert(std::string(kind) + ":" + name).second)
                other = owner_->name;
            if (!other.empty())
                failPlugin(PluginErrorKind::DuplicateName, owner_->path, owner_->name,
                    "the " + std::string(kind) + " \"" + name + "\" of " + owner_->name + " is registered already by " +
                        other);
        }

        const State& registered_;
        std::shared_ptr<Owner> owner_;
        std::set<std::string> claimed_;
    };

    /// Runs a registration and commits it, or rolls it all back. `changes_` is held.
    PluginManifest registerOwner(
        std::shared_ptr<Owner> owner, const std::function<void(plugin::Registrar&)>& run, bool checkManifest)
    {
        const auto registered = current();
        Staging staging(*registered, owner);
        try {
            run(staging);
        } catch (const PluginException&) {
            throw; // a duplicate name: the registrar's own error
        } catch (const std::exception& e) {
            failPlugin(PluginErrorKind::RegistrationFailed, owner->path, owner->name,
                "the registration of plugin " + owner->name + " threw " + currentExceptionTypeName(), e.what());
        } catch (...) {
            failPlugin(PluginErrorKind::RegistrationFailed, owner->path, owner->name,
                "the registration of plugin " + owner->name + " threw an exception of type " +
                    currentExceptionTypeName());
        }
        if (checkManifest)
            checkProvides(*owner, staging.out);
        commit(owner, std::move(staging.out));
        return owner->manifest;
    }

    static void checkProvides(const Owner& owner, const Registrations& done)
    {
        const auto names = [](const auto& entries) {
            std::vector<std::string> out;
            for (const auto& entry : entries) {
                if constexpr (requires { entry->spec; })
                    out.push_back(entry->spec.name);
                else
                    out.push_back(entry->name);
            }
            std::sort(out.begin(), out.end());
            return out;
        };
        const auto sorted = [](std::vector<std::string> list) {
            std::sort(list.begin(), list.end());
            return list;
        };
        const auto compare = [&](const char* kind, std::vector<std::string> declared, std::vector<std::string> made) {
            if (declared == made)
                return;
            const auto join = [](const std::vector<std::string>& list) {
                std::string text;
                for (const auto& name : list)
                    text += (text.empty() ? "" : ", ") + name;
                return text.empty() ? std::string("none") : text;
            };
            failPlugin(PluginErrorKind::ManifestMismatch, owner.path, owner.name,
                "plugin " + owner.name + " declares the " + kind + "s " + join(declared) +
                    " in its manifest but registered " + join(made));
        };
        compare("custom command", sorted(owner.manifest.customCommands), names(done.commands));
        compare("post-save command", sorted(owner.manifest.postSaveCommands), names(done.postSave));
        compare("after-commit command", sorted(owner.manifest.afterCommitCommands), names(done.afterCommit));
        compare("validator", sorted(owner.manifest.validators), names(done.validators));
        compare("rights modifier", sorted(owner.manifest.rightsModifiers), names(done.modifiers));
    }

    void commit(const std::shared_ptr<Owner>& owner, Registrations registrations)
    {
        auto next = std::make_shared<State>(*current());
        for (const auto& command : registrations.commands)
            next->commandOwners[command->spec.name] = owner->name;
        for (const auto& entry : registrations.postSave)
            next->postSaveOwners[entry->name] = owner->name;
        for (const auto& entry : registrations.afterCommit)
            next->afterCommitOwners[entry->name] = owner->name;
        for (const auto& [key, text] : registrations.texts) {
            next->textOwners[key.first + " (" + key.second + ")"] = owner->name;
            next->texts[key] = text;
        }
        for (const auto& entry : registrations.validators)
            next->validatorOwners[entry->name] = owner->name;
        for (const auto& entry : registrations.modifiers)
            next->modifierOwners[entry->name] = owner->name;
        bool merged = false;
        for (auto& loaded : next->owners)
            if (loaded.owner == owner) { // the host, registering more
                const auto append = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
                append(loaded.registrations.commands, registrations.commands);
                append(loaded.registrations.postSave, registrations.postSave);
                append(loaded.registrations.afterCommit, registrations.afterCommit);
                loaded.registrations.texts.insert(registrations.texts.begin(), registrations.texts.end());
                append(loaded.registrations.validators, registrations.validators);
                append(loaded.registrations.modifiers, registrations.modifiers);
                merged = true;
            }
        if (!merged && owner->name == "host")
            next->owners.insert(next->owners.begin(), { owner, std::move(registrations) });
        else if (!merged)
            next->owners.push_back({ owner, std::move(registrations) });
        publish(std::move(next));
    }

    static const Loaded* find(const State& state, const std::string& name)
    {
        for (const auto& loaded : state.owners)
            if (loaded.owner->name == name)
                return &loaded;
        return nullptr;
    }

    void refuseLoaded(const PluginManifest& manifest) const
    {
        const auto registered = current();
        for (const auto& loaded : registered->owners) {
            if (loaded.owner->name == manifest.name)
                failPlugin(PluginErrorKind::AlreadyLoaded, manifest.path, manifest.name,
                    "a plugin named " + manifest.name + " is loaded already" +
                        (loaded.owner->path.empty() ? std::string() : " from " + loaded.owner->path));
            if (!manifest.path.empty() && !loaded.owner->path.empty() &&
                std::filesystem::equivalent(loaded.owner->path, manifest.path))
                failPlugin(PluginErrorKind::AlreadyLoaded, manifest.path, manifest.name,
                    "the file is loaded already (as plugin " + loaded.owner->name + ")");
        }
    }

    PluginManifest load(const std::filesystem::path& file)
    {
        PluginManifest manifest = PluginRegistry::inspect(file);
        detail::checkCompatible(manifest);
        std::lock_guard changes(changes_);
        refuseLoaded(manifest);

        auto owner = std::make_shared<Owner>();
        owner->name = manifest.name;
        owner->path = manifest.path;
        owner->manifest = manifest;
        try {
            // rtld_now: an unresolved symbol fails here, not at the first call.
            owner->library.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        } catch (const std::exception& e) {
            failPlugin(PluginErrorKind::LoadFailed, manifest.path, manifest.name,
                "the dynamic loader refused plugin " + manifest.name + loaderCause(e.what()), dlerrorText(e.what()));
        }
        if (!owner->library.has(BOOST_STRINGIZE(USERSERVICE_PLUGIN_ENTRY)))
            failPlugin(PluginErrorKind::MissingEntryPoint, manifest.path, manifest.name,
                "plugin " + manifest.name + " has no entry point " +
                    BOOST_STRINGIZE(USERSERVICE_PLUGIN_ENTRY) " (declare it with USERSERVICE_PLUGIN)");
        auto& entry = owner->library.get<void(plugin::Registrar&)>(BOOST_STRINGIZE(USERSERVICE_PLUGIN_ENTRY));
        return registerOwner(owner, entry, true);
    }

    /// dlopen's own text inside Boost.DLL's exception message (whose error code,
    /// "Bad file descriptor", says nothing).
    static std::string dlerrorText(std::string_view text)
    {
        constexpr std::string_view intro = "dlerror system message: ";
        const auto at = text.find(intro);
        if (at == std::string_view::npos)
            return std::string(text);
        text.remove_prefix(at + intro.size());
        const auto end = text.rfind(')');
        return std::string(text.substr(0, end));
    }

    /// The interesting part of a dlopen error: "undefined symbol: name".
    static std::string loaderCause(std::string_view text)
    {
        const auto at = text.find("undefined symbol: ");
        if (at == std::string_view::npos)
            return {};
        std::string_view symbol = text.substr(at + 18);
        symbol = symbol.substr(0, symbol.find_first_of(" )\n"));
        return ": undefined symbol " + std::string(symbol);
    }

    void unload(const std::string& name)
    {
        std::lock_guard changes(changes_);
        const auto registered = current();
        const Loaded* loaded = find(*registered, name);
        if (!loaded || name == "host")
            failPlugin(PluginErrorKind::NotLoaded, {}, name, "no plugin named " + name + " is loaded");
        if (loaded->owner->pinned)
            failPlugin(PluginErrorKind::Pinned, loaded->owner->path, name,
                "plugin " + name + " declared that it must never be unloaded");
        const std::shared_ptr<Owner> owner = loaded->owner;
        auto next = std::make_shared<State>(*registered);
        for (const auto& command : loaded->registrations.commands)
            next->commandOwners.erase(command->spec.name);
        for (const auto& entry : loaded->registrations.postSave)
            next->postSaveOwners.erase(entry->name);
        for (const auto& entry : loaded->registrations.afterCommit)
            next->afterCommitOwners.erase(entry->name);
        for (const auto& [key, text] : loaded->registrations.texts) {
            next->textOwners.erase(key.first + " (" + key.second + ")");
            next->texts.erase(key);
        }
        for (const auto& entry : loaded->registrations.validators)
            next->validatorOwners.erase(entry->name);
        for (const auto& entry : loaded->registrations.modifiers)
            next->modifierOwners.erase(entry->name);
        std::erase_if(next->owners, [&](const Loaded& other) { return other.owner == owner; });
        publish(std::move(next)); // no new look-ups find it
        owner->closeAndDrain(); // no new calls through held handles; the ones in progress finish
        // The library goes when the last handle to its code does.
    }

    ~Impl()
    {
        std::lock_guard changes(changes_);
        static auto* forever = new std::vector<std::shared_ptr<Owner>>; // pinned code is never unmapped
        const auto registered = current();
        for (auto it = registered->owners.rbegin(); it != registered->owners.rend(); ++it) {
            if (it->owner->pinned && !it->owner->library.is_loaded())
                continue;
            if (it->owner->pinned)
                forever->push_back(it->owner);
            else
                it->owner->closeAndDrain();
        }
        // Registrations go before their owners (members of Loaded in that order).
    }

    mutable std::mutex changes_; ///< serializes loads, unloads and host registrations
    // Held only to copy or swap the pointer (std::atomic<std::shared_ptr> in GCC 12 is
    // not understood by ThreadSanitizer).
    mutable std::mutex stateMutex_;
    std::atomic<std::uint64_t> generation_ { 0 };
    std::shared_ptr<const State> state_ { std::make_shared<const State>() };
};

int PluginRegistry::apiMajor() noexcept
{
    return USERSERVICE_PLUGIN_API_MAJOR;
}
int PluginRegistry::apiMinor() noexcept
{
    return USERSERVICE_PLUGIN_API_MINOR;
}
std::string_view PluginRegistry::fingerprint() noexcept
{
    return USERSERVICE_PLUGIN_FINGERPRINT;
}

PluginRegistry::PluginRegistry()
    : impl_(std::make_unique<Impl>())
{
}

PluginRegistry::~PluginRegistry() = default;

PluginManifest PluginRegistry::inspect(const std::filesystem::path& file)
{
    return detail::parseManifest(detail::readManifestSection(file), file.string());
}

namespace {
template <class F> auto capturePluginErrors(F&& call) noexcept -> PluginResult<std::invoke_result_t<F>>
{
    return detail::captureAs<PluginException>(std::forward<F>(call), [](const char* what) {
        return PluginError { PluginErrorKind::LoadFailed, {}, {}, what, {} };
    });
}
} // namespace

PluginResult<PluginManifest> PluginRegistry::tryInspect(const std::filesystem::path& file) noexcept
{
    return capturePluginErrors([&] { return inspect(file); });
}

PluginResult<void> PluginRegistry::checkCompatible(const PluginManifest& manifest) noexcept
{
    return capturePluginErrors([&] { detail::checkCompatible(manifest); });
}

PluginManifest PluginRegistry::load(const std::filesystem::path& file)
{
    return impl_->load(file);
}

PluginResult<PluginManifest> PluginRegistry::tryLoad(const std::filesystem::path& file) noexcept
{
    return capturePluginErrors([&] { return load(file); });
}

PluginRegistry::DirectoryLoad PluginRegistry::loadDirectory(const std::filesystem::path& directory)
{
    DirectoryLoad result;
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    if (ec)
        result.failed.push_back({ PluginErrorKind::FileNotFound, directory.string(), {},
            directory.string() + ": cannot list the plugin directory", ec.message() });
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto loaded = tryLoad(file);
        if (loaded)
            result.loaded.push_back(std::move(*loaded));
        else
            result.failed.push_back(std::move(loaded.error()));
    }
    return result;
}

PluginManifest PluginRegistry::addStatic(const plugin::Descriptor& descriptor)
{
    PluginManifest manifest = detail::parseManifest(descriptor.manifest, {});
    detail::checkCompatible(manifest);
    std::lock_guard changes(impl_->changes_);
    impl_->refuseLoaded(manifest);
    auto owner = std::make_shared<Owner>();
    owner->name = manifest.name;
    owner->manifest = manifest;
    return impl_->registerOwner(owner, descriptor.registerPlugin, true);
}

void PluginRegistry::unload(const std::string& pluginName)
{
    impl_->unload(pluginName);
}

PluginResult<void> PluginRegistry::tryUnload(const std::string& pluginName) noexcept
{
    return capturePluginErrors([&] { unload(pluginName); });
}

PluginManifest PluginRegistry::reload(const std::string& pluginName)
{
    std::string path;
    {
        const auto registered = impl_->current();
        if (const auto* loaded = Impl::find(*registered, pluginName))
            path = loaded->owner->path;
    }
    if (path.empty())
        failPlugin(PluginErrorKind::NotLoaded, {}, pluginName, "no plugin file named " + pluginName + " is loaded");
    unload(pluginName);
    return load(path);
}

void PluginRegistry::registerHost(const std::function<void(plugin::Registrar&)>& registration)
{
    std::lock_guard changes(impl_->changes_);
    std::shared_ptr<Owner> host;
    {
        const auto registered = impl_->current();
        if (const auto* loaded = Impl::find(*registered, "host"))
            host = loaded->owner;
    }
    if (!host) {
        host = std::make_shared<Owner>();
        host->name = "host";
        host->manifest.name = "host";
        host->pinned = true;
    }
    impl_->registerOwner(host, registration, false);
}

std::optional<std::string> PluginRegistry::text(std::string_view key, std::string_view language) const
{
    const auto registered = impl_->current();
    const auto found = registered->texts.find(std::pair { std::string(key), std::string(language) });
    if (found == registered->texts.end())
        return std::nullopt;
    return found->second;
}

std::uint64_t PluginRegistry::generation() const noexcept
{
    return impl_->generation_.load();
}

std::vector<PluginManifest> PluginRegistry::plugins() const
{
    const auto registered = impl_->current();
    std::vector<PluginManifest> out;
    for (const auto& loaded : registered->owners)
        if (loaded.owner->name != "host")
            out.push_back(loaded.owner->manifest);
    return out;
}

std::optional<CustomCommandHandle> PluginRegistry::customCommand(std::string_view name) const
{
    const auto registered = impl_->current();
    for (const auto& loaded : registered->owners)
        for (const auto& command : loaded.registrations.commands)
            if (command->spec.name == name)
                return CustomCommandHandle(command);
    return std::nullopt;
}

std::vector<CustomCommandHandle> PluginRegistry::customCommands() const
{
    const auto registered = impl_->current();
    std::vector<CustomCommandHandle> out;
    for (const auto& loaded : registered->owners)
        for (const auto& command : loaded.registrations.commands)
            out.emplace_back(command);
    return out;
}

std::vector<Registered<plugin::PostSaveCommandFn>> PluginRegistry::postSaveCommands() const
{
    return impl_->registered(&Impl::Registrations::postSave, "post-save command");
}

std::vector<Registered<plugin::PostSaveCommandFn>> PluginRegistry::afterCommitCommands() const
{
    return impl_->registered(&Impl::Registrations::afterCommit, "after-commit command");
}

std::vector<Registered<plugin::ValidatorFn>> PluginRegistry::validators() const
{
    return impl_->registered(&Impl::Registrations::validators, "validator");
}

std::vector<Registered<RightsModifier>> PluginRegistry::rightsModifiers() const
{
    return impl_->registered(&Impl::Registrations::modifiers, "rights modifier");
}

} // namespace userservice
