// Compiled with -std=c++17 by check_plugin_sdk.sh: the plugin header must stop it
// with one clear error naming the requirement.
#include <userservice/plugin.hpp>
