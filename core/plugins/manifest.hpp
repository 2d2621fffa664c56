// A plugin's manifest: read from its file's ELF section without loading it
// (library_file.cpp), or from a statically linked descriptor; parsed and checked
// against this host (manifest.cpp).
#pragma once

#include <userservice/plugin_registry.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace userservice::detail {

/// What separates the entries of the manifest's provides line ("command:a; post-save:b").
inline constexpr char providesSeparator = ';';

/// Why a registered name cannot be declared in a manifest (empty, a control character,
/// the separator, a space at either end, which the parser trims), or nullopt when it can.
std::optional<std::string> undeclarableName(std::string_view name);

/// The name as an error message shows it: quoted, control characters as \xHH.
std::string quotedName(std::string_view name);

/// The manifest text of the section in a shared library file.
/// @throws PluginException: FileNotFound, NotASharedLibrary, DamagedLibrary, NotAPlugin.
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
