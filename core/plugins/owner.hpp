// What the registry's parts share: the owner of registrations (a loaded plugin, a
// static one, or the host), whose calls are counted so that unloading can wait for
// them, and the firewall every call into plugin code goes through.
#pragma once

#include <userservice/plugin_registry.hpp>

#include "manifest.hpp"

#include <boost/dll/shared_library.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>

namespace userservice {
namespace detail {

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

/// The type of the exception being handled, demangled ("std::runtime_error").
std::string currentExceptionTypeName();

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
        return pluginError(kind, owner.path, owner.name, std::move(message), std::move(text));
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

} // namespace detail

struct CustomCommandHandle::Entry {
    std::shared_ptr<const detail::Owner> owner;
    plugin::CustomCommandSpec spec;
    plugin::CustomCommandFn run;
};

} // namespace userservice
