// Reading a plugin's manifest: from its file's ELF section without loading it, or
// from a statically linked descriptor; then checking it against this host.
#pragma once

#include <userservice/plugin_registry.hpp>

#include <filesystem>
#include <string_view>

namespace userservice::detail {

/// The manifest text of the section in a shared library file.
/// @throws PluginException: FileNotFound, NotASharedLibrary, NotAPlugin.
std::string readManifestSection(const std::filesystem::path& file);

/// Parses manifest text. @throws PluginException (BadManifest) naming the entry.
PluginManifest parseManifest(std::string_view text, const std::string& path);

/// The compatibility gate: same API major, a minor not newer, the same fingerprint.
/// @throws PluginException with the mismatch's own kind and both values.
void checkCompatible(const PluginManifest& manifest);

/// An error; its message starts with the file's path, when there is one.
PluginError pluginError(PluginErrorKind kind, const std::string& path, const std::string& plugin, std::string message,
    std::string loaderText = {});
[[noreturn]] void failPlugin(PluginErrorKind kind, const std::string& path, const std::string& plugin,
    std::string message, std::string loaderText = {});

} // namespace userservice::detail
