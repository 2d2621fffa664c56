// Connections per client address, so that one address (a slow client opening many
// connections) cannot take every slot of the host.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace userservice::http {

class AddressSlots {
public:
    /// `perAddress`: connections one address may hold at once; 0: no limit.
    explicit AddressSlots(std::size_t perAddress)
        : perAddress_(perAddress)
    {
    }

    /// Takes a slot for `address`; false, and nothing taken, when it holds its share.
    bool take(const std::string& address)
    {
        std::lock_guard lock(mutex_);
        auto& held = held_[address];
        if (perAddress_ != 0 && held >= perAddress_)
            return false;
        ++held;
        return true;
    }

    /// Gives back a slot that take() gave.
    void give(const std::string& address)
    {
        std::lock_guard lock(mutex_);
        const auto it = held_.find(address);
        if (it != held_.end() && --it->second == 0)
            held_.erase(it); // the table holds only addresses with connections
    }

private:
    const std::size_t perAddress_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> held_;
};

} // namespace userservice::http
