// Basic credentials over plain HTTP from another machine are refused with a 403 that
// quotes nothing of them, unchecked and uncounted; over TLS, from loopback, with a
// token, or when the administrator allows it, they are checked as before.
#include "authentication.hpp"
#include "host_fixture.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>

namespace userservice::http::test {
namespace {

using beast_http::verb;

TEST(ClearTextBasic, AcceptedOverTlsFromLoopbackOrWhenAllowed)
{
    for (const char* loopback : { "127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1" }) {
        EXPECT_TRUE(basicAccepted(ClearTextBasic::Refused, loopback, Transport::Plain)) << loopback;
    }
    for (const char* remote : { "192.0.2.10", "0.0.0.0", "2001:db8::1", "::ffff:192.0.2.10", "", "not an address" }) {
        EXPECT_FALSE(basicAccepted(ClearTextBasic::Refused, remote, Transport::Plain)) << remote;
        EXPECT_TRUE(basicAccepted(ClearTextBasic::Refused, remote, Transport::Tls)) << remote;
        EXPECT_TRUE(basicAccepted(ClearTextBasic::Checked, remote, Transport::Plain)) << remote;
    }
}

/// This machine's first IPv4 address that is not loopback; "" when it has none.
std::string nonLoopbackAddress()
{
    ifaddrs* all = nullptr;
    if (::getifaddrs(&all) != 0)
        return {};
    std::string found;
    for (auto* entry = all; entry && found.empty(); entry = entry->ifa_next)
        if (entry->ifa_addr && entry->ifa_addr->sa_family == AF_INET) {
            const auto& ip = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr)->sin_addr;
            const net::ip::address_v4 address(ntohl(ip.s_addr));
            if (!address.is_loopback())
                found = address.to_string();
        }
    ::freeifaddrs(all);
    return found;
}

/// The host on every address, plain HTTP; `remote` connects from this machine's network address.
class PlainHttpOnTheNetwork : public HttpHost {
protected:
    explicit PlainHttpOnTheNetwork(bool allowPlainHttpAuth = false)
        : HttpHost({}, { .address = "0.0.0.0", .allowPlainHttpAuth = allowPlainHttpAuth })
    {
    }

    void SetUp() override
    {
        const auto from = nonLoopbackAddress();
        if (from.empty())
            GTEST_SKIP() << "this machine has no IPv4 address but loopback";
        remote.emplace(server->port(), from);
    }

    Reply getUser(Client& on, const std::string& authorization)
    {
        return on.send(verb::post, "/api/v1/Agents/User/GetUser?userId=" + std::to_string(jdoe.associateId), {},
            { { "Authorization", authorization } });
    }

    std::optional<Client> remote;
};

TEST_F(PlainHttpOnTheNetwork, RefusesBasicFromAnotherAddressWithoutQuotingIt)
{
    const auto credentials = basic("admin", adminPassword);
    const auto refused = getUser(*remote, credentials);
    EXPECT_EQ(refused.status, 403u) << refused.body;
    EXPECT_NE(refused.body.find("refused over plain HTTP"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.json().at("ErrorSource"), "Authorization");
    EXPECT_FALSE(refused.header("X-Request-Id").empty());
    for (const auto& secret : { adminPassword, credentials.substr(6) }) {
        EXPECT_EQ(refused.body.find(secret), std::string::npos);
        for (const auto& line : accessLog.get())
            EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }
    // A wrong password is refused the same way, unchecked.
    EXPECT_EQ(getUser(*remote, basic("admin", "wrong")).status, 403u);

    EXPECT_EQ(getUser(*remote, "Bearer " + token).status, 200u); // a token is not a password
    EXPECT_EQ(getUser(*client, credentials).status, 200u); // loopback: as before
}

class PlainHttpAuthAllowed : public PlainHttpOnTheNetwork {
protected:
    PlainHttpAuthAllowed()
        : PlainHttpOnTheNetwork(true)
    {
    }
};

TEST_F(PlainHttpAuthAllowed, ChecksBasicFromAnotherAddress)
{
    EXPECT_EQ(getUser(*remote, basic("admin", adminPassword)).status, 200u);
    EXPECT_EQ(getUser(*remote, basic("admin", "wrong")).status, 401u);
}

TEST(ClearTextBasic, ApiRefusesItFromANetworkAddressUnlessOverTls)
{
    testkit::TestService t;
    const auto admin = t.addAdministrator("admin");
    Api api(t.service, {}, json::limits.bytes, ClearTextBasic::Refused);
    Request request { verb::get, "/api/v1/User/" + std::to_string(admin.associateId), 11 };
    request.set(beast_http::field::authorization, basic("admin", "anything"));
    EXPECT_EQ(api.handle(request, "192.0.2.10", Transport::Plain).response.result_int(), 403u);
    // Checked: the password is wrong, and says so.
    EXPECT_EQ(api.handle(request, "192.0.2.10", Transport::Tls).response.result_int(), 401u);
    EXPECT_EQ(api.handle(request, "127.0.0.1", Transport::Plain).response.result_int(), 401u);
}

} // namespace
} // namespace userservice::http::test
