// The plugin manifest parser (the text a plugin carries in its ELF section, read
// before the plugin is loaded): any text is parsed or refused with a PluginException
// naming the entry, never a crash.
#include "plugins/manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        (void)userservice::detail::parseManifest(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.so");
    } catch (const userservice::PluginException&) {
    }
    return 0;
}
