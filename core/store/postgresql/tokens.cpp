// API tokens: a secret is known only by its hash.
#include "session.hpp"

namespace userservice::store::postgresql {
namespace {

ApiToken readApiToken(Query& q)
{
    ApiToken token;
    std::int64_t created = 0;
    q.readColumns(0, token.id, token.associateId, token.label, created);
    token.created = fromTicks(created);
    return token;
}

} // namespace

std::int64_t PostgresSession::insertApiToken(const ApiToken& token, std::span<const unsigned char> secretHash)
{
    return insertRow(c_, "INSERT INTO api_tokens (associate_id, secret_hash, label, created_at) VALUES (?, ?, ?, ?)"
                         " RETURNING id",
        token.associateId, Blob { secretHash }, token.label, ticks(token.created));
}

std::optional<ApiToken> PostgresSession::apiToken(std::int64_t id)
{
    Query q(c_, "SELECT id, associate_id, label, created_at FROM api_tokens WHERE id = ?", id);
    if (!q.step())
        return std::nullopt;
    return readApiToken(q);
}

std::vector<ApiToken> PostgresSession::apiTokens(std::int32_t associateId)
{
    Query q(c_,
        "SELECT id, associate_id, label, created_at FROM api_tokens"
        " WHERE ?1 = 0 OR associate_id = ?1 ORDER BY id",
        associateId);
    std::vector<ApiToken> tokens;
    while (q.step())
        tokens.push_back(readApiToken(q));
    return tokens;
}

bool PostgresSession::deleteApiToken(std::int64_t id)
{
    return execute(c_, "DELETE FROM api_tokens WHERE id = ?", id) > 0;
}

std::optional<std::int32_t> PostgresSession::apiTokenUser(std::span<const unsigned char> secretHash)
{
    Query q(c_,
        "SELECT t.associate_id FROM api_tokens t JOIN users u ON u.id = t.associate_id"
        " WHERE t.secret_hash = ? AND u.deleted = 0",
        Blob { secretHash });
    if (!q.step())
        return std::nullopt;
    return q.column(0).getInt();
}

} // namespace userservice::store::postgresql
