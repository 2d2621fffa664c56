#include "login_throttle.hpp"

#include "ascii.hpp"

#include <algorithm>

namespace userservice::detail {
namespace {

using std::chrono::milliseconds;

/// User names compare ignoring case; nothing longer than a user name needs remembering whole.
std::string nameKey(std::string_view userName)
{
    std::string key(userName.substr(0, 256));
    std::transform(key.begin(), key.end(), key.begin(), asciiLower);
    return key;
}

std::optional<milliseconds> longer(std::optional<milliseconds> a, std::optional<milliseconds> b)
{
    if (!a || !b)
        return a ? a : b;
    return std::max(*a, *b);
}

} // namespace

LoginThrottle::LoginThrottle(const LoginThrottling& options)
    : options_(options)
    , names_ { options.freeFailuresPerName, std::max<std::size_t>(1, options.trackedKeys), {}, {} }
    , addresses_ { options.freeFailuresPerAddress, std::max<std::size_t>(1, options.trackedKeys), {}, {} }
{
}

std::optional<milliseconds> LoginThrottle::Keys::lockedFor(const std::string& key, Time now) const
{
    const auto found = entries.find(key);
    if (found == entries.end() || found->second.lockedUntil <= now)
        return std::nullopt;
    return std::chrono::ceil<milliseconds>(found->second.lockedUntil - now);
}

LoginThrottle::Entry& LoginThrottle::Keys::touch(const std::string& key)
{
    auto [at, added] = entries.try_emplace(key);
    if (!added) {
        byAge.splice(byAge.end(), byAge, at->second.age);
        return at->second;
    }
    at->second.age = byAge.insert(byAge.end(), key);
    if (entries.size() > capacity)
        erase(byAge.front());
    return at->second;
}

void LoginThrottle::Keys::erase(const std::string& key)
{
    const auto found = entries.find(key);
    if (found == entries.end())
        return;
    byAge.erase(found->second.age);
    entries.erase(found);
}

milliseconds LoginThrottle::lockout(unsigned pastFree) const
{
    milliseconds wait = options_.firstLockout;
    for (unsigned i = 1; i < pastFree && wait < options_.longestLockout; ++i)
        wait *= 2;
    return std::min(wait, options_.longestLockout);
}

std::optional<milliseconds> LoginThrottle::fail(Keys& keys, const std::string& key, Time now) const
{
    if (keys.freeFailures == 0 || key.empty())
        return std::nullopt;
    Entry& entry = keys.touch(key);
    if (entry.lockedUntil <= now && now - entry.last > options_.longestLockout)
        entry.failures = 0; // quiet long enough: a fresh start
    ++entry.failures;
    entry.last = now;
    if (entry.failures <= keys.freeFailures)
        return std::nullopt;
    const milliseconds wait = lockout(entry.failures - keys.freeFailures);
    entry.lockedUntil = now + wait;
    return wait;
}

std::optional<milliseconds> LoginThrottle::lockedFor(std::string_view address, std::string_view userName, Time now)
{
    const std::lock_guard lock(mutex_);
    return longer(addresses_.lockedFor(std::string(address), now), names_.lockedFor(nameKey(userName), now));
}

std::optional<milliseconds> LoginThrottle::failed(std::string_view address, std::string_view userName, Time now)
{
    const std::lock_guard lock(mutex_);
    const auto byAddress = fail(addresses_, std::string(address), now);
    return longer(byAddress, fail(names_, nameKey(userName), now));
}

void LoginThrottle::succeeded(std::string_view userName)
{
    const std::lock_guard lock(mutex_);
    names_.erase(nameKey(userName));
}

} // namespace userservice::detail
