// What both installed programs (userservice_http and usersvc) do with plugin
// folders: find the bundled plugins of their own prefix, offer --plugins and
// --no-plugins, and report every plugin file of a folder that did not load.
#pragma once

#include <userservice/plugin_registry.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace userservice::hosts {

/// A folder installed with this program: `installDirectory` (as installed: relative to
/// the prefix, or absolute) under the prefix this program runs from, which is the
/// folder above the executable's bin/ (read from /proc/self/exe), so that a moved
/// prefix still finds it. Empty when the executable's path cannot be read.
std::filesystem::path installedDirectory(const std::filesystem::path& installDirectory);

/// The bundled plugins' folder of the prefix this program is installed in:
/// <prefix>/lib/userservice/plugins (the libdir it was installed with), where
/// <prefix> is the folder above the executable's bin/ (read from /proc/self/exe),
/// so that a moved prefix still finds its plugins. Empty when the executable's
/// path cannot be read.
std::filesystem::path bundledPluginDirectory();

/// The folders to load plugins from: the ones given (--plugins); none when
/// `noPlugins`; else the bundled folder, when it exists.
std::vector<std::filesystem::path> pluginDirectories(const std::vector<std::string>& given, bool noPlugins);

/// --plugins DIR... and --no-plugins, with the bundled folder in the help text.
void addPluginFlags(CLI::App& app, std::vector<std::string>& directories, bool& noPlugins);

/// Whether a file of a directory load that did not load is reported: every file
/// named *.so (a text file named x.so too), and every other file that is a shared
/// library. Other files beside the plugins (a README, a static library) are not.
bool isReported(const PluginError& failure);

/// "NotASharedLibrary: /plugins/x.so: not a shared library [libelf's text]"
std::string describe(const PluginError& failure);

} // namespace userservice::hosts
