#include "tls.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace userservice::http {
namespace {

namespace ssl = boost::asio::ssl;

/// Mozilla's "intermediate" TLS 1.2 list without the DHE suites (they need parameters
/// of our own): ECDHE key exchange, AEAD only. TLS 1.3 suites are OpenSSL's defaults.
constexpr const char* tls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                     "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                     "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

[[noreturn]] void fail(const std::string& what, const std::string& file, const std::string& problem)
{
    throw std::runtime_error("the TLS " + what + " file " + file + " " + problem);
}

/// OpenSSL's reason for the last failure (cleared), for the operator.
std::string openSslReason()
{
    char text[256] = "no details";
    if (const auto code = ERR_get_error())
        ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return text;
}

std::string readPem(const std::string& what, const std::string& file)
{
    if (file.empty())
        fail(what, "name", "is empty: TLS needs both a certificate file and a key file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        fail(what, file, std::string("cannot be read: ") + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad() || text.str().find("-----BEGIN ") == std::string::npos)
        fail(what, file, "is not PEM (no -----BEGIN line)");
    return text.str();
}

/// No passphrase prompt: OpenSSL's default would wait for one on the terminal.
int noPassphrase(char*, int, int, void*)
{
    return -1;
}

void useKey(SSL_CTX* context, const std::string& keyFile, const std::string& certificateFile)
{
    const auto pem = readPem("key", keyFile);
    const std::unique_ptr<BIO, decltype(&BIO_free)> in(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(in.get(), nullptr, noPassphrase, nullptr), EVP_PKEY_free);
    if (!key)
        fail("key", keyFile,
            "holds no unencrypted PEM private key (" + openSslReason() + "); decrypt it first if it has a passphrase");
    if (SSL_CTX_use_PrivateKey(context, key.get()) != 1 || SSL_CTX_check_private_key(context) != 1) {
        ERR_clear_error();
        fail("key", keyFile, "does not match the certificate in " + certificateFile);
    }
}

} // namespace

ssl::context serverTlsContext(const std::string& certificateFile, const std::string& keyFile)
{
    if (certificateFile.empty() != keyFile.empty())
        throw std::runtime_error(std::string("TLS needs both a certificate file and a key file; only the ") +
            (keyFile.empty() ? "certificate" : "key") + " was given");
    ssl::context context(ssl::context::tls_server);
    auto* native = context.native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    if (SSL_CTX_set_cipher_list(native, tls12Ciphers) != 1)
        throw std::runtime_error("OpenSSL refused the TLS 1.2 cipher list: " + openSslReason());
    const auto certificate = readPem("certificate", certificateFile);
    boost::system::error_code error;
    context.use_certificate_chain(boost::asio::buffer(certificate), error);
    if (error) {
        ERR_clear_error();
        fail("certificate", certificateFile, "holds no PEM certificate (" + error.message() + ")");
    }
    useKey(native, keyFile, certificateFile);
    return context;
}

} // namespace userservice::http
