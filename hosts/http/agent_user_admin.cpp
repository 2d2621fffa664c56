// The User agent. Users changed by an administrator: delete, retire, user type, licences, external users.
#include "call.hpp"

namespace userservice::http {

std::span<const AgentMethod> userAdminMethods() { return {}; }

} // namespace userservice::http
