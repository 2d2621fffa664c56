// Dangerous on purpose: loading it kills the process. inspect() must read its
// manifest without running any of its code; the tests never load it.
#include <userservice/plugin.hpp>

#include <cstdlib>

namespace {

struct AbortOnLoad {
    AbortOnLoad() { std::abort(); }
};
const AbortOnLoad abortOnLoad;

void registerPlugin(userservice::plugin::Registrar&)
{
}

} // namespace

USERSERVICE_PLUGIN(
    aborts_in_static_constructor, "aborts_in_static_constructor", "1.0.0", "command:never", registerPlugin)
