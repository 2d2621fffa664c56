// The User agent. Passwords: set, generate, change, check, and the reset e-mail.
#include "call.hpp"

namespace userservice::http {

std::span<const AgentMethod> passwordMethods() { return {}; }

} // namespace userservice::http
