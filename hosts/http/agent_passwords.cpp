// The User agent. Passwords: set, generate, change, check, and the reset e-mail; and
// POST /api/v1/User/ResetPassword, which redeems the e-mail's token.
//
// A password or token travels in the JSON body only: a query string is written to
// access logs (ours too) and proxies' logs, so one there is refused (400). Nor is a
// secret ever echoed in an error. Set*/Change* take an optional revokeApiTokens
// (boolean, our extension): also revoke the user's API tokens.
#include "call.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <array>
#include <limits>

namespace userservice::http {
namespace {

PasswordOptions passwordOptions(const Call& call)
{
    return PasswordOptions { .revokeApiTokens = call.boolParam("revokeApiTokens").value_or(false) };
}

Response yes(const Call& call, bool value)
{
    return call.ok(value ? "true" : "false");
}

Response text(const Call& call, const std::string& value)
{
    return call.ok(boost::json::serialize(boost::json::string(value)));
}

Response setPassword(const Call& call)
{
    const auto id = call.idParam("associateId");
    return yes(call, call.service.setPassword(call.caller, id, call.requiredSecret("password"), passwordOptions(call)));
}

Response setPasswordFromName(const Call& call)
{
    const auto name = call.requiredText("associateName");
    return yes(call,
        call.service.setPasswordFromName(call.caller, name, call.requiredSecret("password"), passwordOptions(call)));
}

Response setGeneratedPassword(const Call& call)
{
    return text(
        call, call.service.setGeneratedPassword(call.caller, call.idParam("associateId"), passwordOptions(call)));
}

Response setGeneratedPasswordFromName(const Call& call)
{
    return text(call,
        call.service.setGeneratedPasswordFromName(
            call.caller, call.requiredText("associateName"), passwordOptions(call)));
}

Response generateNewPasswordForExternalUser(const Call& call)
{
    return text(call, call.service.generateNewPasswordForExternalUser(call.caller, call.requiredText("associateName")));
}

Response changePassword(const Call& call)
{
    const auto id = call.idParam("associateId");
    return yes(call,
        call.service.changePassword(call.caller, id, call.requiredSecret("oldPassword"),
            call.requiredSecret("newPassword"), passwordOptions(call)));
}

Response changePasswordFromName(const Call& call)
{
    const auto name = call.requiredText("associateName");
    return yes(call,
        call.service.changePasswordFromName(call.caller, name, call.requiredSecret("oldPassword"),
            call.requiredSecret("newPassword"), passwordOptions(call)));
}

Response changeOwnPassword(const Call& call)
{
    return yes(call,
        call.service.changeOwnPassword(call.caller, call.requiredSecret("oldPassword"),
            call.requiredSecret("newPassword"), passwordOptions(call)));
}

Response canChangePassword(const Call& call)
{
    return yes(call, call.service.canChangePassword(call.caller, call.idParam("associateId")));
}

Response getSupportedChangePasswordTypes(const Call& call)
{
    boost::json::array names;
    for (const auto type : call.service.supportedChangePasswordTypes(call.caller, call.idParam("associateId")))
        names.emplace_back(toString(type));
    return call.ok(boost::json::serialize(names));
}

/// IsPasswordValid's parameters: associateId 0 (or absent) is a new user of `type` and person `personId`.
UserValidationResult isPasswordValid(const Call& call)
{
    const auto id = call.integerParam("associateId").value_or(0);
    const auto personId = call.integerParam("personId").value_or(0);
    for (const auto& [name, value] : { std::pair { "associateId", id }, std::pair { "personId", personId } })
        if (value < 0 || value > std::numeric_limits<std::int32_t>::max())
            throw Exception(Error(ErrorKind::BadRequest,
                std::string(name) + ": expected 0 or a positive integer id, got " + std::to_string(value), {}, name));
    const auto type = call.enumParam<UserType>("type").value_or(UserType::InternalAssociate);
    return call.service.isPasswordValidWithReason(call.caller, static_cast<std::int32_t>(id), type,
        static_cast<std::int32_t>(personId), call.requiredSecret("password"));
}

Response isPasswordValidBool(const Call& call)
{
    return yes(call, isPasswordValid(call).result);
}

Response isPasswordValidWithReason(const Call& call)
{
    return call.ok(toJson(isPasswordValid(call)));
}

Response sendChangePasswordEMail(const Call& call)
{
    return call.ok(toJson(call.service.sendChangePasswordEMail(call.caller, call.idParam("associateId"))));
}

constexpr std::array<AgentMethod, 13> methods { {
    { "SetPassword", setPassword },
    { "SetPasswordFromName", setPasswordFromName },
    { "SetGeneratedPassword", setGeneratedPassword },
    { "SetGeneratedPasswordFromName", setGeneratedPasswordFromName },
    { "GenerateNewPasswordForExternalUser", generateNewPasswordForExternalUser },
    { "ChangePassword", changePassword },
    { "ChangePasswordFromName", changePasswordFromName },
    { "ChangeOwnPassword", changeOwnPassword },
    { "CanChangePassword", canChangePassword },
    { "GetSupportedChangePasswordTypes", getSupportedChangePasswordTypes },
    { "IsPasswordValid", isPasswordValidBool },
    { "IsPasswordValidWithReason", isPasswordValidWithReason },
    { "SendChangePasswordEMail", sendChangePasswordEMail },
} };

} // namespace

std::span<const AgentMethod> passwordMethods()
{
    return methods;
}

Response resetPassword(const Call& call)
{
    call.service.resetPassword(call.requiredSecret("token"), call.requiredSecret("newPassword"), passwordOptions(call));
    return call.ok("true");
}

} // namespace userservice::http
