// The service's Argon2id slots: at most PasswordWork::slots hashes or verifications
// at a time, a short queue with a deadline, and Unavailable (503, Retry-After) past
// either. Everything that does not hash never waits here. The slots themselves are
// inline (the unit tests drive them with work of their own); the Argon2id calls are
// in password_slots.cpp.
#pragma once

#include "password.hpp"

#include <userservice/error.hpp>
#include <userservice/service_options.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace userservice::detail {

class PasswordSlots {
public:
    explicit PasswordSlots(const PasswordWork& options)
        : wait_(options.wait)
    {
        load_.slots = options.slots != 0 ? options.slots : std::max(1u, std::thread::hardware_concurrency() / 2);
        load_.queue = options.queue;
    }

    /// Runs `work` in a slot, waiting for one when all are busy.
    /// @throws Exception (Unavailable, with retryAfter) when the queue is full or the wait too long.
    template <class F> auto run(F&& work)
    {
        const Slot slot(*this);
        return work();
    }

    /// hashPassword(), in a slot.
    std::string hash(std::string_view password, PasswordHashing cost);
    /// verifyPassword(), in a slot.
    bool verify(std::string_view password, const std::string& hash);
    /// verifyNothing(), in a slot.
    void verifyNothing(std::string_view password, PasswordHashing cost);

    PasswordWorkLoad load() const
    {
        const std::lock_guard lock(mutex_);
        return load_;
    }

private:
    class Slot {
    public:
        explicit Slot(PasswordSlots& slots)
            : slots_(slots)
        {
            std::unique_lock lock(slots.mutex_);
            auto& load = slots.load_;
            if (load.busy >= load.slots) {
                if (load.waiting >= load.queue)
                    slots.refuse(lock, std::to_string(load.waiting) + " calls already wait for a slot");
                ++load.waiting;
                const bool got = slots.freed_.wait_for(lock, slots.wait_, [&] { return load.busy < load.slots; });
                --load.waiting;
                if (!got)
                    slots.refuse(lock, "no slot came free within " + std::to_string(slots.wait_.count()) + " ms");
            }
            ++load.busy;
        }
        ~Slot()
        {
            {
                const std::lock_guard lock(slots_.mutex_);
                --slots_.load_.busy;
                ++slots_.load_.done;
            }
            slots_.freed_.notify_one();
        }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

    private:
        PasswordSlots& slots_;
    };

    [[noreturn]] void refuse(std::unique_lock<std::mutex>& lock, const std::string& why)
    {
        ++load_.refused;
        lock.unlock();
        Error error(ErrorKind::Unavailable, "the service is busy checking passwords (" + why + "); try again shortly",
            {}, "PasswordWork");
        throw Exception(std::move(error.retryAfter(wait_)));
    }

    const std::chrono::milliseconds wait_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    PasswordWorkLoad load_;
};

} // namespace userservice::detail
