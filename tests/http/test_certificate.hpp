// Self-signed certificates for the HTTPS tests, made with OpenSSL at test time into a
// temporary folder (removed at exit): a P-256 key and a certificate for 127.0.0.1.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace userservice::http::test {

/// A certificate and its key, as PEM text.
struct PemPair {
    std::string certificate, key;
};

inline std::string pemOf(int (*write)(BIO*, void*), void* object)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
    if (write(out.get(), object) != 1)
        throw std::runtime_error("cannot write PEM");
    char* data = nullptr;
    const auto length = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

/// A self-signed certificate (CA:TRUE, as `openssl req -x509` makes) for IP 127.0.0.1, valid for a day.
inline PemPair selfSigned()
{
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    const std::unique_ptr<X509, decltype(&X509_free)> certificate(X509_new(), X509_free);
    auto* x509 = certificate.get();
    X509_set_version(x509, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
    X509_gmtime_adj(X509_getm_notBefore(x509), -60);
    X509_gmtime_adj(X509_getm_notAfter(x509), 24 * 3600);
    X509_set_pubkey(x509, key.get());
    auto* name = X509_get_subject_name(x509);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(x509, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, x509, x509, nullptr, nullptr, 0);
    for (const auto& [nid, value] : { std::pair { NID_subject_alt_name, "IP:127.0.0.1" },
             std::pair { NID_basic_constraints, "critical,CA:TRUE" } }) {
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        X509_add_ext(x509, extension, -1);
        X509_EXTENSION_free(extension);
    }
    if (X509_sign(x509, key.get(), EVP_sha256()) == 0)
        throw std::runtime_error("cannot sign the test certificate");
    return { pemOf([](BIO* out, void* x) { return PEM_write_bio_X509(out, static_cast<X509*>(x)); }, x509),
        pemOf(
            [](BIO* out, void* k) {
                return PEM_write_bio_PrivateKey(out, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr);
            },
            key.get()) };
}

/// The test process's files: a certificate and its key, another key, text that is not PEM.
struct TestCertificates {
    std::filesystem::path folder, certificate, key, otherKey, notPem;

    TestCertificates()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "userservice-tls-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot make a temporary folder");
        folder = pattern;
        const auto pair = selfSigned();
        certificate = write("cert.pem", pair.certificate);
        key = write("key.pem", pair.key);
        otherKey = write("other-key.pem", selfSigned().key);
        notPem = write("not-pem.txt", "this is not a certificate\n");
    }
    ~TestCertificates()
    {
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }

    std::filesystem::path write(const std::string& name, const std::string& text) const
    {
        std::ofstream(folder / name, std::ios::binary) << text;
        return folder / name;
    }
};

/// Made on first use, for the whole test run.
inline const TestCertificates& testCertificates()
{
    static const TestCertificates certificates;
    return certificates;
}

} // namespace userservice::http::test
