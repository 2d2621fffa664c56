// HTTPS: the host with a certificate made at test time answers over TLS, refuses
// plain HTTP on its port without losing its stride, cuts a handshake that does not
// finish by the head deadline, and will not start with a certificate or key it
// cannot use (the message names the file and what is wrong).
#include "host_fixture.hpp"
#include "http_exchange.hpp"
#include "test_certificate.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <chrono>

namespace userservice::http::test {
namespace {

using namespace std::chrono_literals;
using beast_http::verb;
namespace ssl = net::ssl;

/// One keep-alive HTTPS connection that trusts only `caFile` and checks the name 127.0.0.1.
class TlsClient {
public:
    TlsClient(unsigned short port, const std::filesystem::path& caFile)
        : context_(ssl::context::tls_client)
        , stream_(io_, context_)
    {
        context_.load_verify_file(caFile.string());
        stream_.set_verify_mode(ssl::verify_peer);
        stream_.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
        stream_.next_layer().connect({ net::ip::make_address("127.0.0.1"), port });
        stream_.handshake(ssl::stream_base::client);
    }

    Reply send(verb method, std::string_view target, std::string body = {},
        const std::map<std::string, std::string>& headers = {})
    {
        return exchange(stream_, buffer_, method, target, std::move(body), headers);
    }

private:
    net::io_context io_;
    ssl::context context_;
    ssl::stream<tcp::socket> stream_;
    beast::flat_buffer buffer_;
};

ServerOptions withTls(ServerOptions options = {})
{
    options.tlsCertificate = testCertificates().certificate.string();
    options.tlsKey = testCertificates().key.string();
    return options;
}

class HttpsHost : public HttpHost {
protected:
    explicit HttpsHost(ServerOptions options = withTls())
        : HttpHost({}, std::move(options))
    {
    }

    Reply getJdoeAsAdmin(TlsClient& on)
    {
        auto [target, body] = agentRequest("GetUser", { { "userId", jdoe.associateId } }, Way::CamelBody);
        return on.send(verb::post, target, std::move(body), { { "Authorization", basic("admin", adminPassword) } });
    }
};

TEST_F(HttpsHost, AnswersGetUserOverHttps)
{
    ASSERT_TRUE(server->tls());
    TlsClient https(server->port(), testCertificates().certificate);
    const auto reply = getJdoeAsAdmin(https);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json().at("UserName"), "jdoe");
    EXPECT_EQ(getJdoeAsAdmin(https).status, 200u); // the connection is kept alive
}

// Under TLS the console's session cookie is Secure without --secure-cookie: a browser
// never sends it over plain HTTP.
TEST_F(HttpsHost, SignInSessionCookieIsSecure)
{
    TlsClient https(server->port(), testCertificates().certificate);
    const auto reply = https.send(verb::post, "/api/v1/Session",
        boost::json::serialize(boost::json::object { { "userName", "admin" }, { "password", adminPassword } }),
        { { "Content-Type", "application/json" } });
    ASSERT_EQ(reply.status, 200u) << reply.body;
    const std::string cookie = reply.header("Set-Cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
}

TEST_F(HttpsHost, RefusesPlainHttpOnItsPortAtOnceAndKeepsServing)
{
    Client plain(server->port());
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(plain.send(verb::get, "/api/v1/User/1", {}, { { "Authorization", basic("admin", adminPassword) } }),
        boost::system::system_error);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s); // not left to the head deadline

    TlsClient https(server->port(), testCertificates().certificate);
    EXPECT_EQ(getJdoeAsAdmin(https).status, 200u);
}

class SlowHandshake : public HttpsHost {
protected:
    SlowHandshake()
        : HttpsHost(withTls({ .headTimeout = 300ms, .maxConnectionsPerAddress = 1 }))
    {
    }
};

TEST_F(SlowHandshake, IsCutAtTheHeadDeadlineAndItsSlotFreed)
{
    // Connects and never says hello: it holds 127.0.0.1's only slot, until its deadline.
    net::io_context io;
    tcp::socket silent(io);
    silent.connect({ net::ip::make_address("127.0.0.1"), server->port() });
    const auto started = std::chrono::steady_clock::now();
    char byte;
    beast::error_code closed;
    silent.read_some(net::buffer(&byte, 1), closed); // blocks until the host closes it
    EXPECT_TRUE(closed == net::error::eof || closed == net::error::connection_reset) << closed.message();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);

    TlsClient https(server->port(), testCertificates().certificate);
    EXPECT_EQ(getJdoeAsAdmin(https).status, 200u);
}

/// The message of the error that making a Server with these TLS files throws; "" when none.
std::string startupError(const std::filesystem::path& certificate, const std::filesystem::path& key)
{
    testkit::TestService t;
    try {
        Server server(t.service, { .port = 0, .tlsCertificate = certificate.string(), .tlsKey = key.string() });
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

TEST(TlsFiles, EveryUnusableFileIsNamedWithWhatIsWrongBeforeListening)
{
    const auto& files = testCertificates();
    const auto missing = files.folder / "missing.pem";
    const auto garbled = files.write(
        "garbled.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    const struct {
        std::filesystem::path certificate, key;
        std::string expected;
    } cases[] = {
        { missing, files.key, "the TLS certificate file " + missing.string() + " cannot be read: No such file" },
        { files.certificate, missing, "the TLS key file " + missing.string() + " cannot be read: No such file" },
        { files.notPem, files.key, "the TLS certificate file " + files.notPem.string() + " is not PEM" },
        { files.certificate, files.notPem, "the TLS key file " + files.notPem.string() + " is not PEM" },
        { garbled, files.key, "the TLS certificate file " + garbled.string() + " holds no PEM certificate" },
        { files.certificate, files.certificate, "the TLS key file " + files.certificate.string() + " holds no" },
        { files.certificate, files.otherKey,
            "the TLS key file " + files.otherKey.string() + " does not match the certificate in " +
                files.certificate.string() },
        { files.certificate, "", "only the certificate was given" },
    };
    for (const auto& c : cases) {
        const auto message = startupError(c.certificate, c.key);
        EXPECT_NE(message.find(c.expected), std::string::npos) << "expected: " << c.expected << "\ngot: " << message;
    }
    EXPECT_EQ(startupError(files.certificate, files.key), "");
}

} // namespace
} // namespace userservice::http::test
