// JSON Patch (RFC 6902) and merge patch (RFC 7386) on a stored user's document: any
// patch is applied or refused with an error, never a crash, and never grows the
// document without bound (libFuzzer's -rss_limit_mb and -timeout catch that). The
// first byte picks the kind.
#include "fuzz_check.hpp"

#include "json_patch.hpp"

#include <userservice/json.hpp>
#include <userservice/testing.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

const boost::json::value& storedUser()
{
    static const boost::json::value document = [] {
        userservice::testkit::TestService test;
        return userservice::json::toValue(test.addUser("jdoe"));
    }();
    return document;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view patch(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto patched = data[0] % 2 == 0 ? userservice::http::applyJsonPatch(storedUser(), patch)
                                          : userservice::http::applyMergePatch(storedUser(), patch);
    FUZZ_CHECK(patched.has_value() || !patched.error().message().empty());
    return 0;
}
