// Failed sign-ins, remembered per client address and per user name (LoginThrottling):
// past the free failures, each one locks its keys for twice as long as the one
// before, up to the longest lockout. Bounded: the keys quiet the longest are forgotten first.
#pragma once

#include <userservice/datetime.hpp>
#include <userservice/service_options.hpp>

#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace userservice::detail {

class LoginThrottle {
public:
    using Time = DateTime::UtcTime;

    explicit LoginThrottle(const LoginThrottling& options);

    /// How much longer the address or the user name is locked at `now` (the longer of the
    /// two); nullopt when neither is. An empty address is not tracked.
    std::optional<std::chrono::milliseconds> lockedFor(std::string_view address, std::string_view userName, Time now);
    /// Counts a failure against the address and the name; the lockout it starts, if any.
    std::optional<std::chrono::milliseconds> failed(std::string_view address, std::string_view userName, Time now);
    /// A success: the name's failures are forgotten (the address's are not).
    void succeeded(std::string_view userName);

private:
    struct Entry {
        unsigned failures = 0;
        Time last {};
        Time lockedUntil {};
        std::list<std::string>::iterator age;
    };
    /// One kind of key (names or addresses), at most `capacity` of them.
    struct Keys {
        unsigned freeFailures;
        std::size_t capacity;
        std::unordered_map<std::string, Entry> entries;
        std::list<std::string> byAge; ///< least recently failed first

        std::optional<std::chrono::milliseconds> lockedFor(const std::string& key, Time now) const;
        Entry& touch(const std::string& key);
        void erase(const std::string& key);
    };
    std::optional<std::chrono::milliseconds> fail(Keys& keys, const std::string& key, Time now) const;
    std::chrono::milliseconds lockout(unsigned pastFree) const;

    const LoginThrottling options_;
    std::mutex mutex_;
    Keys names_, addresses_;
};

} // namespace userservice::detail
