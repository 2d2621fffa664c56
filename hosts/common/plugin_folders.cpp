#include "plugin_folders.hpp"

#include <CLI/CLI.hpp>

#include <system_error>

namespace userservice::hosts {

std::filesystem::path installedDirectory(const std::filesystem::path& installDirectory)
{
    namespace fs = std::filesystem;
    std::error_code unknown;
    const fs::path executable = fs::read_symlink("/proc/self/exe", unknown);
    if (unknown || executable.empty())
        return {};
    const fs::path bindir = USERSERVICE_INSTALL_BINDIR;
    if (installDirectory.is_absolute())
        return installDirectory;
    // The prefix is as many levels above the executable's folder as bindir has parts.
    fs::path prefix = executable.parent_path();
    if (!bindir.is_absolute())
        for ([[maybe_unused]] const auto& part : bindir)
            prefix = prefix.parent_path();
    return prefix / installDirectory;
}

std::filesystem::path bundledPluginDirectory()
{
    return installedDirectory(USERSERVICE_INSTALL_PLUGINDIR);
}

std::vector<std::filesystem::path> pluginDirectories(const std::vector<std::string>& given, bool noPlugins)
{
    if (noPlugins)
        return {};
    if (!given.empty())
        return { given.begin(), given.end() };
    std::error_code unknown;
    const auto bundled = bundledPluginDirectory();
    if (bundled.empty() || !std::filesystem::is_directory(bundled, unknown))
        return {};
    return { bundled };
}

void addPluginFlags(CLI::App& app, std::vector<std::string>& directories, bool& noPlugins)
{
    const auto bundled = bundledPluginDirectory();
    auto* given = app.add_option("--plugins", directories,
        "load the plugins in this directory (default: the bundled plugins, " +
            (bundled.empty() ? std::string("<prefix>/lib/userservice/plugins") : bundled.string()) +
            ", when that exists)");
    app.add_flag("--no-plugins", noPlugins, "load no plugins, not even the bundled ones")->excludes(given);
}

bool isReported(const PluginError& failure)
{
    if (failure.kind != PluginErrorKind::NotASharedLibrary)
        return true;
    const std::string name = std::filesystem::path(failure.path).filename().string();
    return name.ends_with(".so") || name.find(".so.") != std::string::npos;
}

std::string describe(const PluginError& failure)
{
    std::string line = std::string(toString(failure.kind)) + ": " + failure.message;
    if (failure.message.find(failure.path) == std::string::npos)
        line += " (" + failure.path + ")";
    if (!failure.loaderText.empty())
        line += " [" + failure.loaderText + "]";
    return line;
}

} // namespace userservice::hosts
