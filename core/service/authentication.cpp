// Authentication for hosts: passwords against their Argon2id hashes (successes
// remembered, see detail::VerifiedPasswords) and API tokens (only hashes stored).
#include "service_impl.hpp"

#include "../validation.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace userservice {

void UserService::Impl::lockedOut(std::chrono::milliseconds wait, std::string source)
{
    Error error(ErrorKind::TooManyRequests,
        "too many failed sign-ins from this address or for this user name; try again in " +
            std::to_string(std::chrono::ceil<std::chrono::seconds>(wait).count()) + " s",
        {}, std::move(source));
    throw Exception(std::move(error.retryAfter(wait)));
}

namespace {

/// A name as the client sent it, made safe for a log line: short, no control characters.
std::string loggable(std::string_view text)
{
    std::string out(text.substr(0, 64));
    std::replace_if(
        out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, '?');
    return out;
}

} // namespace

std::optional<std::int32_t> UserService::Impl::authenticatePassword(
    std::string_view userName, std::string_view password, std::string_view clientAddress)
{
    // Before any read or Argon2id: a locked-out guesser costs nothing, right password or not.
    if (const auto wait = loginThrottle_.lockedFor(clientAddress, userName, options_.clock()))
        lockedOut(*wait, "UserName");
    if (const auto id = checkPassword(userName, password)) {
        loginThrottle_.succeeded(userName);
        return id;
    }
    // An unknown name counts as a wrong password: the same answer, the same time, the same lockout.
    if (const auto wait = loginThrottle_.failed(clientAddress, userName, options_.clock()))
        log(LogLevel::Warning,
            "sign-ins locked for " + std::to_string(wait->count()) + " ms after repeated failures (user name \"" +
                loggable(userName) + "\", address " + (clientAddress.empty() ? "unknown" : loggable(clientAddress)) +
                ")");
    return std::nullopt;
}

std::optional<std::int32_t> UserService::Impl::checkPassword(std::string_view userName, std::string_view password)
{
    // Read every time (one indexed read): a retired user or a new hash is seen at once.
    const auto login = store_->read([&](store::Session& s) { return s.login(userName); });
    if (!login || login->retired || login->secretHashes.empty()) {
        passwordSlots_.verifyNothing(password, options_.passwordHashing);
        return std::nullopt;
    }
    for (const auto& hash : login->secretHashes)
        if (verifiedPasswords_.find(userName, password, hash) == login->associateId)
            return login->associateId;
    for (const auto& hash : login->secretHashes)
        if (passwordSlots_.verify(password, hash)) {
            verifiedPasswords_.remember(userName, password, hash, login->associateId);
            return login->associateId;
        }
    return std::nullopt;
}

namespace {

constexpr std::size_t apiTokenLabelLength = 255;

void checkLabel(std::string_view label)
{
    const auto length = detail::utf8Length(label);
    if (length && *length <= apiTokenLabelLength)
        return;
    const std::string problem = !length ? std::string("is not valid UTF-8")
                                        : "is " + std::to_string(*length) + " characters long; at most " +
            std::to_string(apiTokenLabelLength) + " are allowed";
    throw Exception(
        Error(ErrorKind::Validation, "ApiToken.Label " + problem, { { "ApiToken.Label", problem } }, "ApiToken.Label"));
}

} // namespace

IssuedApiToken UserService::Impl::issueApiToken(
    const CallerContext& caller, std::int32_t associateId, std::string label)
{
    checkLabel(label);
    IssuedApiToken issued;
    issued.secret = detail::newApiTokenSecret();
    const detail::TokenHash hash = detail::apiTokenHash(issued.secret);
    issued.token = store_->write([&](store::Session& s) {
        const Principal principal = rightHolder(s, caller, functional::issueTokens);
        if (!canSee(s, principal, caller, associateId))
            noSuchUser(associateId);
        ApiToken token { 0, associateId, std::move(label), now() };
        token.id = s.insertApiToken(token, hash);
        return token;
    });
    log(LogLevel::Info,
        "issued API token " + std::to_string(issued.token.id) + " for user " + std::to_string(associateId) +
            elevatedBy(caller));
    return issued;
}

std::vector<ApiToken> UserService::Impl::apiTokens(const CallerContext& caller, std::int32_t associateId)
{
    return store_->read([&](store::Session& s) {
        const Principal principal = rightHolder(s, caller, functional::issueTokens);
        if (associateId != 0 && !canSee(s, principal, caller, associateId))
            noSuchUser(associateId);
        auto tokens = s.apiTokens(associateId);
        if (associateId == 0) { // only the tokens of users the caller may see
            std::map<std::int32_t, bool> visible;
            std::erase_if(tokens, [&](const ApiToken& token) {
                auto [at, added] = visible.try_emplace(token.associateId);
                if (added)
                    at->second = canSee(s, principal, caller, token.associateId);
                return !at->second;
            });
        }
        return tokens;
    });
}

void UserService::Impl::revokeApiToken(const CallerContext& caller, std::int64_t tokenId)
{
    store_->write([&](store::Session& s) {
        const Principal principal = rightHolder(s, caller, functional::issueTokens);
        const auto token = s.apiToken(tokenId);
        if (!token || !canSee(s, principal, caller, token->associateId))
            throw Exception(
                Error(ErrorKind::NotFound, "there is no API token " + std::to_string(tokenId), {}, "ApiToken.Id"));
        s.deleteApiToken(tokenId);
    });
    log(LogLevel::Info, "revoked API token " + std::to_string(tokenId) + elevatedBy(caller));
}

std::optional<std::int32_t> UserService::Impl::authenticateToken(std::string_view secret)
{
    if (!detail::looksLikeApiTokenSecret(secret))
        return std::nullopt; // not one of ours: no read needed
    const detail::TokenHash hash = detail::apiTokenHash(secret);
    return store_->read([&](store::Session& s) { return s.apiTokenUser(hash); });
}

std::optional<SignInStamp> UserService::Impl::signInStamp(std::int32_t associateId)
{
    return store_->read([&](store::Session& s) -> std::optional<SignInStamp> {
        const auto principal = s.principal(associateId);
        if (!principal || principal->second)
            return std::nullopt; // unknown or retired: no sign-in of it stands
        crypto_generichash_state state;
        crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
        for (const auto& row : s.credentialRows(associateId)) {
            if (!row.secretHash)
                continue;
            for (const std::string_view part : { std::string_view(row.type), std::string_view(*row.secretHash) }) {
                crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
                crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(""), 1); // a separator
            }
        }
        SignInStamp stamp;
        stamp.secrets.resize(crypto_generichash_BYTES);
        crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(stamp.secrets.data()), stamp.secrets.size());
        for (const auto& token : s.apiTokens(associateId))
            stamp.apiTokens.push_back(token.id);
        std::sort(stamp.apiTokens.begin(), stamp.apiTokens.end());
        return stamp;
    });
}

} // namespace userservice
