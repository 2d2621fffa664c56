// The User agent. User names and user info: validity, uniqueness, defaults, look-ups by person and info.
#include "call.hpp"

namespace userservice::http {

std::span<const AgentMethod> userNameMethods() { return {}; }

} // namespace userservice::http
