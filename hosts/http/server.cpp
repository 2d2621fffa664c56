#include "server.hpp"

#include "server_state.hpp"
#include "tls.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>

namespace userservice::http {

namespace beast = boost::beast;

namespace {

/// Whether a query parameter may carry a secret (password, newPassword, token, …).
bool isSecretName(std::string_view key)
{
    std::string lower(key.substr(0, 64));
    for (auto& c : lower)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return !key.starts_with('$') && // $skiptoken is a cursor
        (lower.find("password") != std::string::npos || lower.find("secret") != std::string::npos ||
            lower.find("token") != std::string::npos);
}

} // namespace

std::string loggedTarget(std::string_view target)
{
    const auto query = target.find('?');
    if (query == std::string_view::npos)
        return std::string(target);
    std::string out(target.substr(0, query + 1));
    for (std::string_view rest = target.substr(query + 1);;) {
        const auto end = rest.find('&');
        const auto part = rest.substr(0, end);
        const auto equals = part.find('=');
        if (equals != std::string_view::npos && isSecretName(part.substr(0, equals)))
            out.append(part.substr(0, equals)).append("=***");
        else
            out.append(part);
        if (end == std::string_view::npos)
            return out;
        out += '&';
        rest.remove_prefix(end + 1);
    }
}

namespace {

/// The workers asked for, or (0) enough that every password slot and waiting place can
/// be taken by sign-ins and four are still free for everyone else.
unsigned workerCount(const UserService& service, unsigned asked)
{
    const auto hashing = service.passwordWorkLoad();
    return asked != 0 ? asked : hashing.slots + hashing.queue + 4;
}

/// The console's options; under TLS its session cookie is always Secure, so that a
/// browser never sends it over plain HTTP.
ConsoleOptions consoleOf(const ServerOptions& options)
{
    ConsoleOptions console = options.console;
    console.secureCookie = console.secureCookie || !options.tlsCertificate.empty();
    return console;
}

} // namespace

Server::State::State(UserService& service, ServerOptions options)
    // the parameters, before they are moved from
    : api(service, options.log, options.bodyLimit,
          options.allowPlainHttpAuth ? ClearTextBasic::Checked : ClearTextBasic::Refused, consoleOf(options))
    , options(std::move(options))
    , workers(workerCount(service, this->options.workerThreads))
    , io(std::in_place)
    , acceptor(std::in_place, *io)
    , keepRunning(std::in_place, io->get_executor())
{
}

void Server::State::accept()
{
    acceptor->async_accept(net::make_strand(*io), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || stopping)
            return; // closed by stop()
        if (!ec) {
            const auto refusal = connections >= options.maxConnections ? Refusal::HostFull : Refusal::None;
            if (tls)
                startTlsSession(std::move(socket), *this, refusal);
            else
                startPlainSession(std::move(socket), *this, refusal);
        } else {
            log("accept failed: " + ec.message());
        }
        accept();
    });
}

Server::Server(UserService& service, ServerOptions options)
    : state_(std::make_unique<State>(service, std::move(options)))
{
    const auto& chosen = state_->options;
    if (!chosen.tlsCertificate.empty() || !chosen.tlsKey.empty())
        state_->tls.emplace(serverTlsContext(chosen.tlsCertificate, chosen.tlsKey));
    const tcp::endpoint endpoint { net::ip::make_address(state_->options.address), state_->options.port };
    auto& acceptor = *state_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
}

Server::~Server()
{
    stop();
}

bool Server::tls() const noexcept
{
    return state_->tls.has_value();
}

unsigned short Server::port() const noexcept
{
    beast::error_code ignored;
    return state_->acceptor ? state_->acceptor->local_endpoint(ignored).port() : 0;
}

void Server::start()
{
    if (state_->started)
        return;
    state_->started = true;
    state_->accept();
    for (unsigned i = 0; i < std::max(1u, state_->options.ioThreads); ++i)
        state_->ioThreads.emplace_back([state = state_.get()] { state->io->run(); });
}

void Server::stop()
{
    if (!state_->started || state_->stopped)
        return;
    state_->stopped = true;
    state_->stopping = true;
    net::post(state_->acceptor->get_executor(), [state = state_.get()] {
        beast::error_code ignored;
        state->acceptor->close(ignored);
    });
    // Requests already read get their answers; a save that was answered is committed.
    const auto deadline = SteadyClock::now() + state_->options.shutdownGrace;
    while (state_->inFlight > 0 && SteadyClock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (state_->inFlight > 0)
        state_->log("stopping with " + std::to_string(state_->inFlight.load()) + " requests unanswered after " +
            std::to_string(state_->options.shutdownGrace.count()) + " ms");
    state_->keepRunning.reset();
    state_->io->stop();
    for (auto& thread : state_->ioThreads)
        thread.join();
    state_->workers.join();
    // Destroying the io_context destroys the sessions waiting in it, which closes
    // their connections: their clients see the end instead of waiting forever.
    state_->acceptor.reset();
    state_->io.reset();
}

} // namespace userservice::http
