// The password reset e-mail: a one-time token, valid for an hour, of which only a
// BLAKE2b hash is stored; the mail itself is a record in the "outbox" stream for the
// host's mail sender (which must read the token to send it: only a system caller may
// read that stream). Redeeming the token sets the password through the save plan and
// uses the token up in the same transaction.
#include "save_plan.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>

namespace userservice {
namespace {

constexpr std::string_view resetTokenPrefix = "usr_";
constexpr auto resetTokenLifetime = std::chrono::hours(1);

/// The same words for an unknown, used and expired token: no answer tells them apart.
[[noreturn]] void badResetToken()
{
    throw Exception(
        Error(ErrorKind::BadRequest, "the reset token is not valid (unknown, used or expired)", {}, "Token"));
}

} // namespace

OperationResult UserService::Impl::sendChangePasswordEMail(const CallerContext& context, std::int32_t id)
{
    refusePartnerApps(context);
    const std::string token = detail::newRandomSecret(resetTokenPrefix);
    const detail::TokenHash hash = detail::apiTokenHash(token); // a fast hash: the token is 256 random bits
    const auto expires = options_.clock() + std::chrono::duration_cast<DateTime::Ticks>(resetTokenLifetime);
    const auto result = store_->write([&](store::Session& s) -> OperationResult {
        const Principal caller = principal(s, context);
        const User user = storedVisible(s, caller, context, id);
        const bool own = !context.elevated && context.associateId == id;
        if (!own && !caller.holds(functional::adminUsers))
            throw Exception(Error(ErrorKind::Forbidden,
                detail::localize("[SR_RIGHTS_DENIED]", "en") +
                    ": sending another user a password reset: " + detail::localize("[SR_RIGHTS_NOT_USER_ADMIN]", "en"),
                {}, "AssociateId"));
        const auto email = user.person ? user.person->email.value_or("") : std::string();
        if (email.empty())
            return { false, "user " + std::to_string(id) + " has no e-mail address" };
        s.insertPasswordReset(hash, id, expires.time_since_epoch().count());
        const boost::json::value mail { { "kind", "password-reset" }, { "to", email },
            { "userName", user.userName.value_or("") }, { "token", token },
            { "expires", DateTime::fromUtc(expires, {}, DateTime::OffsetStyle::Zulu).toString() },
            { "redeem", "POST /api/v1/User/ResetPassword {\"token\", \"newPassword\"}" } };
        appendRecord(s, caller, context, "outbox", id, boost::json::serialize(mail));
        return { true, "a password reset e-mail is queued for the user's address" };
    });
    if (result.success)
        log(LogLevel::Info, "queued a password reset e-mail for user " + std::to_string(id) + elevatedBy(context));
    return result;
}

void UserService::Impl::resetPassword(
    std::string_view token, std::string_view newPassword, const PasswordOptions& options)
{
    checkNewPassword(newPassword, "NewPassword");
    if (!detail::looksLikeRandomSecret(token, resetTokenPrefix))
        badResetToken(); // not one of ours: no read needed
    const detail::TokenHash hash = detail::apiTokenHash(token);
    const auto now = [&] { return options_.clock().time_since_epoch().count(); };
    const auto id = store_->read([&](store::Session& s) { return s.passwordResetUser(hash, now()); });
    if (!id)
        badResetToken();
    // The token is the authority: the save runs as the system on the user's behalf. It
    // is used up in the save's transaction, so a second use or a race finds it gone.
    const auto how = plugin::SecretChangeKind::Reset;
    savePassword(CallerContext::user(*id).asSystem(), *id, newPassword, how, options, [&](store::Session& s) {
        if (!s.takePasswordReset(hash, now()))
            badResetToken();
    });
}

} // namespace userservice
