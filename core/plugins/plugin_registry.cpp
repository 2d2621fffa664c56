// The registry: loading and unloading plugin libraries, publishing what they
// registered (registrations.cpp) and handing it out behind the firewall (owner.hpp).
#include <userservice/plugin_registry.hpp>

#include "../capture.hpp"
#include "manifest.hpp"
#include "registrations.hpp"

#include <algorithm>

namespace userservice {

using detail::failPlugin;
using detail::Loaded;
using detail::Owner;
using detail::Registrations;
using detail::State;

class PluginRegistry::Impl {
public:
    /// Every owner's registrations of one kind, in load order, each behind the plugin firewall.
    template <class Fn>
    std::vector<Registered<Fn>> registered(
        std::vector<std::shared_ptr<const detail::Entry<Fn>>> Registrations::*list, std::string_view kind) const
    {
        const auto state = current();
        std::vector<Registered<Fn>> out;
        for (const auto& loaded : state->owners)
            for (const auto& entry : loaded.registrations.*list)
                out.push_back({ entry->name, entry->owner->name, detail::guarded(entry, kind) });
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

    /// Runs a registration and commits it, or rolls it all back. `changes_` is held.
    PluginManifest registerOwner(
        std::shared_ptr<Owner> owner, const std::function<void(plugin::Registrar&)>& run, bool checkManifest)
    {
        const auto registered = current();
        detail::Staging staging(*registered, owner);
        try {
            run(staging);
        } catch (const PluginException&) {
            throw; // a duplicate or undeclarable name: the registrar's own error
        } catch (const std::exception& e) {
            failPlugin(PluginErrorKind::RegistrationFailed, owner->path, owner->name,
                "the registration of plugin " + owner->name + " threw " + detail::currentExceptionTypeName(), e.what());
        } catch (...) {
            failPlugin(PluginErrorKind::RegistrationFailed, owner->path, owner->name,
                "the registration of plugin " + owner->name + " threw an exception of type " +
                    detail::currentExceptionTypeName());
        }
        if (checkManifest)
            detail::checkProvides(*owner, staging.out);
        auto next = std::make_shared<State>(*registered);
        next->add(owner, std::move(staging.out));
        publish(std::move(next));
        return owner->manifest;
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

    static std::shared_ptr<Owner> ownerOf(const PluginManifest& manifest)
    {
        auto owner = std::make_shared<Owner>();
        owner->name = manifest.name;
        owner->path = manifest.path;
        owner->manifest = manifest;
        return owner;
    }

    PluginManifest load(const std::filesystem::path& file)
    {
        PluginManifest manifest = PluginRegistry::inspect(file);
        detail::checkCompatible(manifest);
        std::lock_guard changes(changes_);
        refuseLoaded(manifest);

        auto owner = ownerOf(manifest);
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
        const Loaded* loaded = registered->find(name);
        if (!loaded || name == "host")
            failPlugin(PluginErrorKind::NotLoaded, {}, name, "no plugin named " + name + " is loaded");
        if (loaded->owner->pinned)
            failPlugin(PluginErrorKind::Pinned, loaded->owner->path, name,
                "plugin " + name + " declared that it must never be unloaded");
        const std::shared_ptr<Owner> owner = loaded->owner;
        auto next = std::make_shared<State>(*registered);
        next->remove(*next->find(name));
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

namespace {
/// The directory's regular files named *.so, in name order; a directory that cannot
/// be listed is reported in `failed`.
std::vector<std::filesystem::path> sharedLibraryFiles(
    const std::filesystem::path& directory, std::vector<PluginError>& failed)
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code ignored;
        if (it->path().extension() == ".so" && it->is_regular_file(ignored))
            files.push_back(it->path());
    }
    if (ec)
        failed.push_back(detail::pluginError(
            PluginErrorKind::FileNotFound, directory.string(), {}, "cannot list the plugin directory", ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}
} // namespace

PluginRegistry::DirectoryLoad PluginRegistry::loadDirectory(const std::filesystem::path& directory)
{
    DirectoryLoad result;
    for (const auto& file : sharedLibraryFiles(directory, result.failed)) {
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
    return impl_->registerOwner(Impl::ownerOf(manifest), descriptor.registerPlugin, true);
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
        if (const auto* loaded = registered->find(pluginName))
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
        if (const auto* loaded = registered->find("host"))
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
    return impl_->registered(&Registrations::postSave, "post-save command");
}

std::vector<Registered<plugin::PostSaveCommandFn>> PluginRegistry::afterCommitCommands() const
{
    return impl_->registered(&Registrations::afterCommit, "after-commit command");
}

std::vector<Registered<plugin::ValidatorFn>> PluginRegistry::validators() const
{
    return impl_->registered(&Registrations::validators, "validator");
}

std::vector<Registered<RightsModifier>> PluginRegistry::rightsModifiers() const
{
    return impl_->registered(&Registrations::modifiers, "rights modifier");
}

std::vector<functional::Right> PluginRegistry::functionalRights() const
{
    const auto registered = impl_->current();
    std::vector<functional::Right> out;
    for (const auto& loaded : registered->owners)
        for (const auto& [name, description] : loaded.registrations.functionalRights)
            out.push_back({ 0, name, description, loaded.owner->name });
    return out;
}

} // namespace userservice
