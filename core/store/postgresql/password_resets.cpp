// Password reset tokens: a token is known only by its hash, and redeemed once.
#include "session.hpp"

namespace userservice::store::postgresql {

void PostgresSession::insertPasswordReset(
    std::span<const unsigned char> tokenHash, std::int32_t associateId, std::int64_t expiresAt)
{
    execute(c_, "INSERT INTO password_resets (token_hash, associate_id, expires_at) VALUES (?, ?, ?)",
        Blob { tokenHash }, associateId, expiresAt);
}

std::optional<std::int32_t> PostgresSession::passwordResetUser(std::span<const unsigned char> tokenHash, std::int64_t now)
{
    Query q(c_, "SELECT associate_id FROM password_resets WHERE token_hash = ? AND expires_at > ?", Blob { tokenHash },
        now);
    if (!q.step())
        return std::nullopt;
    return q.column(0).getInt();
}

bool PostgresSession::takePasswordReset(std::span<const unsigned char> tokenHash, std::int64_t now)
{
    const bool taken =
        execute(c_, "DELETE FROM password_resets WHERE token_hash = ? AND expires_at > ?", Blob { tokenHash }, now) > 0;
    execute(c_, "DELETE FROM password_resets WHERE expires_at <= ?", now); // no expired token lingers
    return taken;
}

} // namespace userservice::store::postgresql
