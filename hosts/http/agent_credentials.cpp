// The User agent. Credentials: the types, a user's credential saved or removed, users
// found by credential, defaults with a credential; and ResolveUserFromInfo.
//
// A credential travels as a carrier ({"Type": {"Type": "ad"}, "Value": …}); a
// password's value is write-only and never echoed, in an answer or an error.
#include "call.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <limits>

namespace userservice::http {
namespace {

[[noreturn]] void required(std::string_view name)
{
    throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
}

UserType requiredUserType(const Call& call)
{
    const auto type = call.enumParam<UserType>("userType");
    if (!type)
        required("userType");
    return *type;
}

/// contactId: absent is 0; any other value (out of range too) stays non-zero for the service to refuse.
std::int32_t contactId(const Call& call)
{
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(call.integerParam("contactId").value_or(0),
        std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

/// A list of texts: a JSON array of strings, or one string (a query parameter).
std::vector<std::string> texts(const Call& call, std::string_view name)
{
    const auto value = call.param(name);
    if (!value)
        return {};
    if (const auto* one = value->if_string())
        return { std::string(*one) };
    const auto* array = value->if_array();
    std::vector<std::string> out;
    for (std::size_t i = 0; array && i < array->size(); ++i) {
        const auto* text = (*array)[i].if_string();
        if (!text)
            throw Exception(Error(ErrorKind::BadRequest,
                std::string(name) + "[" + std::to_string(i) + "]: expected a string", {}, std::string(name)));
        out.emplace_back(*text);
    }
    if (!array)
        throw Exception(
            Error(ErrorKind::BadRequest, std::string(name) + ": expected an array of strings", {}, std::string(name)));
    return out;
}

Response yes(const Call& call, bool value)
{
    return call.ok(value ? "true" : "false");
}

Response getCredentialTypes(const Call& call)
{
    return call.ok(toJson(call.service.credentialTypes(call.caller)));
}

Response getCredentialTypesForUserType(const Call& call)
{
    return call.ok(toJson(call.service.credentialTypesForUserType(call.caller, requiredUserType(call))));
}

Response saveCredential(const Call& call)
{
    const auto id = call.idParam("userId");
    const auto credential = call.carrierParam<Credential>("credential");
    if (!credential)
        required("credential");
    return yes(call, call.service.saveCredential(call.caller, id, *credential));
}

Response deleteCredential(const Call& call)
{
    const auto id = call.idParam("userId");
    return yes(call, call.service.deleteCredential(call.caller, id, call.requiredText("credentialType")));
}

Response findCredentialUsers(const Call& call)
{
    const auto type = call.requiredText("type");
    return call.ok(
        toJson(call.service.findCredentialUsers(call.caller, type, call.textParam("searchString").value_or(""))));
}

Response findCredentialsGroups(const Call& call)
{
    const auto type = call.requiredText("type");
    return call.ok(
        toJson(call.service.findCredentialsGroups(call.caller, type, call.textParam("searchString").value_or(""))));
}

Response createDefaultUserFromUserTypeAndCredential(const Call& call)
{
    const auto type = requiredUserType(call);
    const auto credentialType = call.requiredText("credentialType");
    return call.ok(toJson(
        call.service.createDefaultUserFromUserTypeAndCredential(call.caller, type, contactId(call), credentialType,
            call.textParam("credentialValue").value_or(""), call.textParam("credentialDisplayValue").value_or(""))));
}

Response resolveUserFromInfo(const Call& call)
{
    ResolveUserInfo info;
    info.contactId = contactId(call);
    info.personName = call.textParam("personName").value_or("");
    info.phoneNumbers = texts(call, "phoneNumbers");
    info.emails = texts(call, "emails");
    info.userType = call.enumParam<UserType>("userType").value_or(UserType::InternalAssociate);
    info.credential = call.carrierParam<Credential>("credential");
    return call.ok(toJson(call.service.resolveUserFromInfo(call.caller, info)));
}

constexpr std::array<AgentMethod, 8> methods { {
    { "GetCredentialTypes", getCredentialTypes },
    { "GetCredentialTypesForUserType", getCredentialTypesForUserType },
    { "SaveCredential", saveCredential },
    { "DeleteCredential", deleteCredential },
    { "FindCredentialUsers", findCredentialUsers },
    { "FindCredentialsGroups", findCredentialsGroups },
    { "CreateDefaultUserFromUserTypeAndCredential", createDefaultUserFromUserTypeAndCredential },
    { "ResolveUserFromInfo", resolveUserFromInfo },
} };

} // namespace

std::span<const AgentMethod> credentialMethods()
{
    return methods;
}

} // namespace userservice::http
