// The service's Argon2id slots: a cap on concurrent work, a short queue with a
// deadline, and Unavailable (503, Retry-After) past either (issue 11, item 1).
#include "../../core/password_slots.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using namespace userservice;
using namespace std::chrono_literals;
using detail::PasswordSlots;

namespace {

/// Holds a slot from another thread until released.
class Holder {
public:
    explicit Holder(PasswordSlots& slots)
        : done_(std::async(std::launch::async, [&slots, this] {
            slots.run([this] {
                started_.set_value();
                release_.get_future().wait();
                return 0;
            });
        }))
    {
        started_.get_future().wait();
    }
    ~Holder()
    {
        release_.set_value();
        done_.wait();
    }

private:
    std::promise<void> started_, release_;
    std::future<void> done_;
};

Error refusal(PasswordSlots& slots)
{
    try {
        slots.run([] { return 0; });
    } catch (const Exception& e) {
        return e.error();
    }
    return Error(ErrorKind::BadRequest, "not refused");
}

} // namespace

TEST(PasswordSlots, NoSlotsSetIsHalfTheCoresAtLeastOne)
{
    PasswordSlots slots(PasswordWork {});
    EXPECT_EQ(slots.load().slots, std::max(1u, std::thread::hardware_concurrency() / 2));
}

TEST(PasswordSlots, AFullQueueIsUnavailableAtOnceWithRetryAfter)
{
    PasswordSlots slots({ .slots = 1, .queue = 0, .wait = 3s });
    const Holder busy(slots);
    const auto started = std::chrono::steady_clock::now();
    const Error error = refusal(slots);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "refused without waiting";
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(error.httpStatus(), 503);
    EXPECT_EQ(error.retryAfter(), 3s);
    EXPECT_EQ(slots.load().refused, 1u);
}

TEST(PasswordSlots, AWaitLongerThanTheDeadlineIsUnavailable)
{
    PasswordSlots slots({ .slots = 1, .queue = 1, .wait = 50ms });
    const Holder busy(slots);
    EXPECT_EQ(refusal(slots).kind(), ErrorKind::Unavailable);
    EXPECT_EQ(slots.load().waiting, 0u);
}

TEST(PasswordSlots, AWaiterGetsTheSlotWhenItIsFreed)
{
    PasswordSlots slots({ .slots = 1, .queue = 1, .wait = 10s });
    std::future<int> waiter;
    {
        const Holder busy(slots);
        waiter = std::async(std::launch::async, [&] { return slots.run([] { return 7; }); });
        while (slots.load().waiting == 0)
            std::this_thread::yield();
        EXPECT_EQ(slots.load().busy, 1u);
    }
    EXPECT_EQ(waiter.get(), 7);
    EXPECT_EQ(slots.load().done, 2u);
    EXPECT_EQ(slots.load().busy, 0u);
}
