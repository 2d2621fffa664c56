// What the plugin registry's tests share: the fixture plugins' paths (handed over
// by the build), readable failures, and checks of errors and registrations.
#pragma once

#include <userservice/plugin_registry.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

// good_greeter.cpp compiled with USERSERVICE_PLUGIN_STATIC (the build links it).
extern const userservice::plugin::Descriptor userservice_plugin_good_greeter;

namespace userservice {
// Readable failures.
inline void PrintTo(PluginErrorKind kind, std::ostream* out)
{
    *out << toString(kind);
}
inline void PrintTo(const PluginError& error, std::ostream* out)
{
    *out << "{" << toString(error.kind) << ", path \"" << error.path << "\", plugin \"" << error.plugin
         << "\", message \"" << error.message << "\", loaderText \"" << error.loaderText << "\"}";
}
} // namespace userservice

namespace plugintest {

using namespace userservice;
namespace fs = std::filesystem;

/// A fixture plugin as the build left it (CMake's MODULE and Meson's shared_module:
/// lib<name>.so), or a data file of that directory.
inline fs::path fixture(const std::string& name)
{
    return fs::path(USERSERVICE_PLUGIN_DIR) / ("lib" + name + ".so");
}
inline fs::path fixtureFile(const std::string& fileName)
{
    return fs::path(USERSERVICE_PLUGIN_DIR) / fileName;
}

/// Whether the file is mapped into this process (a loaded library is).
inline bool isMapped(const fs::path& file)
{
    const std::string maps = readFile("/proc/self/maps");
    return maps.find(fs::canonical(file).string()) != std::string::npos;
}

inline ::testing::AssertionResult mentions(const std::string& text, std::initializer_list<std::string> parts)
{
    for (const auto& part : parts)
        if (text.find(part) == std::string::npos)
            return ::testing::AssertionFailure() << "\"" << text << "\" does not mention \"" << part << "\"";
    return ::testing::AssertionSuccess();
}

/// The error names the file (its path field; the message may name it too).
inline void expectNamesFile(const PluginError& error, const fs::path& file)
{
    EXPECT_EQ(fs::path(error.path).filename(), file.filename()) << "path field: \"" << error.path << "\"";
}

/// The error that load() throws, checked against tryLoad()'s on the same registry
/// (a failed load leaves the registry as it was, so the second try fails alike).
inline PluginError loadError(PluginRegistry& registry, const fs::path& file)
{
    PluginError thrown;
    bool threw = false;
    try {
        registry.load(file);
    } catch (const PluginException& exception) {
        threw = true;
        thrown = exception.error();
        EXPECT_EQ(exception.kind(), thrown.kind);
        EXPECT_TRUE(mentions(exception.what(), { thrown.message }));
    }
    if (!threw) {
        ADD_FAILURE() << "loading " << file << " did not throw";
        return thrown;
    }
    const auto tried = registry.tryLoad(file);
    EXPECT_FALSE(tried.has_value()) << "tryLoad of " << file << " succeeded where load threw";
    if (!tried.has_value()) {
        EXPECT_EQ(tried.error(), thrown) << "tryLoad and load disagree";
    }
    return thrown;
}

inline PluginError inspectError(const fs::path& file)
{
    const auto inspected = PluginRegistry::tryInspect(file);
    EXPECT_FALSE(inspected.has_value()) << "inspect of " << file << " succeeded";
    if (inspected.has_value())
        return {};
    try {
        PluginRegistry::inspect(file);
        ADD_FAILURE() << "inspect of " << file << " did not throw";
    } catch (const PluginException& exception) {
        EXPECT_EQ(exception.error(), inspected.error()) << "inspect and tryInspect disagree";
    }
    return inspected.error();
}

/// A custom command's call on a user named `name`.
struct Call {
    CallerContext caller = CallerContext::system();
    User user;
    plugin::CommandCall call { caller, user, CommandActionResult::Implicit, nullptr };
    explicit Call(std::string name) { user.name = std::move(name); }
};

/// Runs a registered command; a missing one is a failure of the test.
inline PluginResult<CommandResult> runCommand(const PluginRegistry& registry, std::string_view name, Call& call)
{
    const auto command = registry.customCommand(name);
    if (!command) {
        ADD_FAILURE() << "no command " << name;
        return PluginError { .kind = PluginErrorKind::NotLoaded, .message = "the test found no such command" };
    }
    return command->run(call.call);
}

inline std::vector<std::string> commandNames(const PluginRegistry& registry)
{
    std::vector<std::string> names;
    for (const auto& command : registry.customCommands())
        names.push_back(command.spec().name + "@" + command.owner());
    return names;
}

template <class Fn> inline std::vector<std::string> registeredNames(const std::vector<Registered<Fn>>& registered)
{
    std::vector<std::string> names;
    for (const auto& each : registered)
        names.push_back(each.name + "@" + each.owner);
    return names;
}

inline std::vector<std::string> pluginNames(const PluginRegistry& registry)
{
    std::vector<std::string> names;
    for (const auto& manifest : registry.plugins())
        names.push_back(manifest.name);
    return names;
}

/// After a failed load: nothing of the plugin is registered.
inline void expectNothingRegistered(const PluginRegistry& registry, std::initializer_list<const char*> commands)
{
    for (const char* command : commands)
        EXPECT_FALSE(registry.customCommand(command).has_value()) << command << " stayed registered";
    EXPECT_TRUE(registry.plugins().empty());
    EXPECT_TRUE(registry.customCommands().empty());
    EXPECT_TRUE(registry.postSaveCommands().empty());
    EXPECT_TRUE(registry.validators().empty());
    EXPECT_TRUE(registry.rightsModifiers().empty());
}

/// The registry still works after a failure: a good plugin loads.
inline void expectStillLoadsGoodPlugins(PluginRegistry& registry)
{
    registry.load(fixture("good_other"));
    auto command = registry.customCommand("other");
    ASSERT_TRUE(command.has_value());
    Call call("ADA");
    const auto result = command->run(call.call);
    ASSERT_TRUE(result.has_value()) << ::testing::PrintToString(result.error());
    EXPECT_TRUE(result->success);
}

} // namespace plugintest
