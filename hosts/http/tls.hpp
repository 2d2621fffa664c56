// The host's TLS: the server context made from PEM files, with every problem found
// at start (a file missing, unreadable, not PEM, a key that is not the certificate's)
// named with its file, before the host listens.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <string>

namespace userservice::http {

/// A TLS server context: TLS 1.2 or later, forward-secret AEAD ciphers for TLS 1.2
/// (OpenSSL's defaults for 1.3), no renegotiation or compression; `certificateFile`
/// holds the certificate (and any intermediates after it), `keyFile` its unencrypted
/// private key, both PEM. @throws std::runtime_error naming the file and what is wrong.
boost::asio::ssl::context serverTlsContext(const std::string& certificateFile, const std::string& keyFile);

} // namespace userservice::http
