// Every carrier's JSON binder: any text is bound or refused with an error (never a
// crash, a hang or undefined behaviour), and what binds prints as text that binds
// to the same carrier again. The first byte picks the carrier.
#include "fuzz_check.hpp"

#include <userservice/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

template <class T> void roundTrip(std::string_view text)
{
    using namespace userservice;
    const auto carrier = json::tryParse<T>(text);
    if (!carrier)
        return;
    const std::string printed = json::serialize(*carrier);
    const auto again = json::tryParse<T>(printed);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(json::serialize(*again) == printed);
}

using Binder = void (*)(std::string_view);
#define USERSERVICE_BINDER(T) &roundTrip<userservice::T>,
constexpr Binder binders[] = { USERSERVICE_FOR_EACH_CARRIER(USERSERVICE_BINDER) };
#undef USERSERVICE_BINDER

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    binders[data[0] % std::size(binders)](text);
    return 0;
}
