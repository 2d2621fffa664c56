// usersvc plugins PATH...: a file is inspected without running its code (its
// manifest, and whether it loads into this host); a directory is loaded, with what
// each plugin registered and every plugin file that did not load, with its kind.
#include "plugin_folders.hpp"
#include "tool.hpp"

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

void printManifest(const PluginManifest& manifest)
{
    std::cout << manifest.name << " " << manifest.version << " (plugin API " << manifest.apiMajor << "."
              << manifest.apiMinor << ", built as " << manifest.fingerprint << ")\n"
              << "  file: " << manifest.path << "\n";
    const auto list = [](const char* label, const std::vector<std::string>& names) {
        if (names.empty())
            return;
        std::cout << "  " << label << ":";
        for (const auto& name : names)
            std::cout << " " << name;
        std::cout << "\n";
    };
    list("custom commands", manifest.customCommands);
    list("post-save commands", manifest.postSaveCommands);
    list("validators", manifest.validators);
    list("rights modifiers", manifest.rightsModifiers);
}

void printPluginError(const PluginError& error)
{
    std::cerr << "usersvc: " << hosts::describe(error) << "\n";
}

/// Loads a directory's plugins; returns how many plugin files did not load.
int loadDirectory(const std::string& path)
{
    PluginRegistry registry;
    const auto result = registry.loadDirectory(path);
    for (const auto& manifest : result.loaded)
        printManifest(manifest);
    int notLoaded = 0;
    for (const auto& error : result.failed)
        if (hosts::isReported(error)) { // not the other files beside the plugins
            printPluginError(error);
            ++notLoaded;
        }
    std::cout << path << ": " << result.loaded.size() << " loaded, " << notLoaded << " not\n";
    return notLoaded;
}

/// Inspects a file without loading it; returns 1 when it would not load.
int inspectFile(const std::string& path)
{
    const auto manifest = PluginRegistry::tryInspect(path);
    if (!manifest) {
        printPluginError(manifest.error());
        return 1;
    }
    printManifest(*manifest);
    const auto compatible = PluginRegistry::checkCompatible(*manifest);
    if (!compatible) {
        printPluginError(compatible.error());
        return 1;
    }
    std::cout << "  loads into this host\n";
    return 0;
}

int showPlugins(const std::vector<std::string>& paths)
{
    std::cout << "host: plugin API " << PluginRegistry::apiMajor() << "." << PluginRegistry::apiMinor() << ", built as "
              << PluginRegistry::fingerprint() << "\n";
    int failures = 0;
    for (const auto& path : paths)
        failures += std::filesystem::is_directory(path) ? loadDirectory(path) : inspectFile(path);
    return failures ? 3 : 0;
}

} // namespace

void addPluginCommands(CLI::App& app, Subcommands& subcommands)
{
    auto paths = std::make_shared<std::vector<std::string>>();
    auto* plugins = app.add_subcommand("plugins", "inspect plugin files, or load the plugins of directories");
    plugins->add_option("files", *paths)->required();
    subcommands.emplace_back(plugins, [paths](Tool&) { return showPlugins(*paths); });
}

} // namespace userservice::usersvc
