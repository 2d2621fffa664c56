// The User agent's methods this host does not serve, each with the reason a client reads in
// the 501: the product has no such service or table (the README's "Not served yet").
#include "call.hpp"

#include <array>

namespace userservice::http {
namespace {

constexpr std::string_view accessGateway = "SuperOffice Online's AccessGateway is not a service of this product";
constexpr std::string_view externalTokens =
    "the external token store belongs to SuperOffice Online's AccessGateway, not a service of this product";
constexpr std::string_view serviceAuth = "this product keeps no ServiceAuth (mail server logins)";
constexpr std::string_view untrusted = "this product keeps no untrusted credentials of other systems";
constexpr std::string_view contacts = "this product has no contact table";

constexpr std::array<NotServedMethod, 22> methods { {
    { "CheckAccessGatewayRegistration", accessGateway },
    { "ExchangeCodeAndSaveTokens", accessGateway },
    { "GetAccessGatewayInfo", accessGateway },
    { "GetAccessToken", accessGateway },
    { "GetOrRegisterAccessGatewayInfo", accessGateway },
    { "RegisterWithAccessGateway", accessGateway },
    { "DecryptAndSaveExternalTokens", externalTokens },
    { "GetExternalTokens", externalTokens },
    { "SaveExternalTokens", externalTokens },
    { "CreateDefaultServiceAuth", serviceAuth },
    { "DeleteServiceAuth", serviceAuth },
    { "GetServiceAuth", serviceAuth },
    { "SaveServiceAuth", serviceAuth },
    { "CreateDefaultUntrustedCredentials", untrusted },
    { "GetUntrustedCredentials", untrusted },
    { "GetUntrustedCredentialsForAssociate", untrusted },
    { "RemoveUntrustedCredentials", untrusted },
    { "RemoveUntrustedCredentialsForAssociate", untrusted },
    { "SaveUntrustedCredentials", untrusted },
    { "SaveUntrustedCredentialsForAssociate", untrusted },
    { "AddOwnerContact", contacts },
    { "RemoveOwnerContact", contacts },
} };

} // namespace

std::span<const NotServedMethod> notServedMethods() { return methods; }

} // namespace userservice::http
