#include "http_exchange.hpp"

#include <sodium.h>

namespace userservice::http::test {

std::string basic(std::string_view user, std::string_view password)
{
    const std::string plain = std::string(user) + ":" + std::string(password);
    std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
        sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return "Basic " + out;
}

Client::Client(unsigned short port, const std::string& from)
    : socket_(io_)
{
    socket_.open(tcp::v4());
    socket_.bind({ net::ip::make_address(from), 0 });
    socket_.connect({ net::ip::make_address("127.0.0.1"), port });
}

Reply Client::send(beast_http::verb method, std::string_view target, std::string body,
    std::map<std::string, std::string> headers)
{
    return exchange(socket_, buffer_, method, target, std::move(body), headers);
}

} // namespace userservice::http::test
