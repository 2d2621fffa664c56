// The HTTP host's request path: any bytes are parsed as a request by Beast, then
// routed, authenticated and answered by the Api (routing, query strings, headers,
// bodies, the User agent's methods) on an in-memory service. Properties: no crash,
// no undefined behaviour, and never a 500 (an internal error is a bug). "@ADMIN@"
// and "@JDOE@" in the input stand for the Bearer tokens of an administrator and an
// employee, so that the seed corpus reaches the authenticated routes.
#include "fuzz_check.hpp"

#include "api.hpp"

#include <userservice/testing.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace userservice;

struct Host {
    testkit::TestService test;
    http::Api api { test.service };
    std::string adminToken, jdoeToken;

    Host()
    {
        const auto admin = test.addAdministrator("admin");
        const auto jdoe = test.addUser("jdoe");
        adminToken = test.service.issueApiToken(test.system(), admin.associateId, "fuzz").secret;
        jdoeToken = test.service.issueApiToken(test.system(), jdoe.associateId, "fuzz").secret;
    }
};

void replaceAll(std::string& text, std::string_view placeholder, const std::string& by)
{
    for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + by.size()))
        text.replace(at, placeholder.size(), by);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Host host;
    std::string bytes(reinterpret_cast<const char*>(data), size);
    replaceAll(bytes, "@ADMIN@", host.adminToken);
    replaceAll(bytes, "@JDOE@", host.jdoeToken);

    boost::beast::http::request_parser<boost::beast::http::string_body> parser;
    parser.eager(true);
    boost::beast::error_code error;
    parser.put(boost::asio::buffer(bytes), error);
    if (error || !parser.is_done())
        return 0;
    const auto exchange = host.api.handle(parser.get());
    FUZZ_CHECK(exchange.response.result_int() != 500);
    return 0;
}
