#include "session.hpp"

namespace userservice::http {

void startTlsSession(tcp::socket socket, Server::State& state, Refusal refusal)
{
    std::make_shared<session::Session<session::TlsStream>>(std::move(socket), state, *state.tls)->start(refusal);
}

} // namespace userservice::http
