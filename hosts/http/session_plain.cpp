#include "session.hpp"

namespace userservice::http {

void startPlainSession(tcp::socket socket, Server::State& state, Refusal refusal)
{
    std::make_shared<session::Session<session::PlainStream>>(std::move(socket), state)->start(refusal);
}

} // namespace userservice::http
