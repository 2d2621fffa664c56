#include <userservice/plugin_registry.hpp>

#include "plugin_test_support.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

using namespace userservice;
using namespace plugintest;

// --- a statically linked plugin, and the host's own names -----------------------------

TEST(PluginStatic, RegistersWhatTheSharedBuildRegisters)
{
    PluginRegistry staticRegistry;
    const PluginManifest linked = staticRegistry.addStatic(userservice_plugin_good_greeter);
    PluginRegistry sharedRegistry;
    const PluginManifest loaded = sharedRegistry.load(fixture("good_greeter"));

    EXPECT_TRUE(linked.path.empty());
    PluginManifest withoutPath = loaded;
    withoutPath.path.clear();
    EXPECT_EQ(linked, withoutPath);

    EXPECT_EQ(commandNames(staticRegistry), commandNames(sharedRegistry));
    EXPECT_EQ(registeredNames(staticRegistry.postSaveCommands()), registeredNames(sharedRegistry.postSaveCommands()));
    EXPECT_EQ(registeredNames(staticRegistry.validators()), registeredNames(sharedRegistry.validators()));
    EXPECT_EQ(registeredNames(staticRegistry.rightsModifiers()), registeredNames(sharedRegistry.rightsModifiers()));
    EXPECT_EQ(pluginNames(staticRegistry), std::vector<std::string> { "good_greeter" });

    Call call("ADA");
    const auto result = runCommand(staticRegistry, "greet", call);
    ASSERT_TRUE(result.has_value());
    EXPECT_TRUE(result->success);
    EXPECT_EQ(result->message, "hello ADA");

    // The same rules: the name is taken.
    try {
        staticRegistry.addStatic(userservice_plugin_good_greeter);
        ADD_FAILURE() << "adding the same static plugin twice did not throw";
    } catch (const PluginException& exception) {
        EXPECT_EQ(exception.kind(), PluginErrorKind::AlreadyLoaded);
    }
}

TEST(PluginHost, AHostNameCannotBeTakenByAPlugin)
{
    PluginRegistry registry;
    registry.registerHost([](plugin::Registrar& registrar) {
        registrar.customCommand({ .name = "greet", .displayName = "Host greeting" }, [](plugin::CommandCall&) {
            CommandResult result;
            result.success = true;
            result.message = "the host says hello";
            return result;
        });
    });
    const auto greet = registry.customCommand("greet");
    ASSERT_TRUE(greet.has_value());
    EXPECT_EQ(greet->owner(), "host");

    const auto file = fixture("good_greeter");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::DuplicateName);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "good_greeter");
    EXPECT_TRUE(mentions(error.message, { "greet", "host", "good_greeter" }));

    EXPECT_TRUE(registry.plugins().empty());
    EXPECT_EQ(commandNames(registry), std::vector<std::string> { "greet@host" });
    EXPECT_TRUE(registry.validators().empty());
    Call call("ADA");
    const auto result = runCommand(registry, "greet", call);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->message, "the host says hello");
}

// --- names: what the registrar allows, a manifest can declare -------------------------

namespace {

void registerSmithGroup(plugin::Registrar& registrar)
{
    registrar.customCommand({ .name = "Smith Group", .displayName = "Smith group" }, [](plugin::CommandCall& call) {
        CommandResult result;
        result.success = true;
        result.message = "grouped " + call.user.name.value_or("");
        return result;
    });
    registrar.postSaveCommand("after a save", [](plugin::PostSaveCall&) {});
}

/// A static plugin whose manifest text the test writes, and that registers `names`.
std::vector<std::string> badNames;
void registerBadNames(plugin::Registrar& registrar)
{
    for (const auto& name : badNames)
        registrar.customCommand({ .name = name }, [](plugin::CommandCall&) { return CommandResult {}; });
}

} // namespace

TEST(PluginNames, ACommandNameWithSpacesIsDeclaredInTheManifestAndRuns)
{
    const plugin::Descriptor smith { USERSERVICE_PLUGIN_MANIFEST_TEXT("smith", "1.0.0", USERSERVICE_PLUGIN_API_STRING,
                                         USERSERVICE_PLUGIN_FINGERPRINT, "command:Smith Group; post-save:after a save"),
        &registerSmithGroup };
    PluginRegistry registry;
    const PluginManifest manifest = registry.addStatic(smith);
    EXPECT_EQ(manifest.customCommands, std::vector<std::string> { "Smith Group" });
    EXPECT_EQ(manifest.postSaveCommands, std::vector<std::string> { "after a save" });
    EXPECT_EQ(commandNames(registry), std::vector<std::string> { "Smith Group@smith" });

    Call call("ADA");
    const auto result = runCommand(registry, "Smith Group", call);
    ASSERT_TRUE(result.has_value()) << ::testing::PrintToString(result.error());
    EXPECT_EQ(result->message, "grouped ADA");
}

TEST(PluginNames, TheRegistrarRefusesANameThatNoManifestCanExpress)
{
    for (const std::string name : { "a;b", "", "tab\there", "line\nbreak", " padded", "padded " }) {
        SCOPED_TRACE(::testing::PrintToString(name));
        badNames = { name };
        const plugin::Descriptor bad { USERSERVICE_PLUGIN_MANIFEST_TEXT("bad_names", "1.0.0",
                                           USERSERVICE_PLUGIN_API_STRING, USERSERVICE_PLUGIN_FINGERPRINT, "command:x"),
            &registerBadNames };
        PluginRegistry registry;
        try {
            registry.addStatic(bad);
            ADD_FAILURE() << "the name was accepted";
        } catch (const PluginException& exception) {
            EXPECT_EQ(exception.kind(), PluginErrorKind::InvalidName);
            EXPECT_EQ(exception.error().plugin, "bad_names");
            EXPECT_TRUE(mentions(exception.error().message, { "bad_names", "custom command" }));
        }
        EXPECT_TRUE(registry.plugins().empty());

        // The host's names follow the same rule: a plugin could not declare it either.
        try {
            registry.registerHost(registerBadNames);
            ADD_FAILURE() << "the host's name was accepted";
        } catch (const PluginException& exception) {
            EXPECT_EQ(exception.kind(), PluginErrorKind::InvalidName);
            EXPECT_TRUE(mentions(exception.error().message, { "host" }));
        }
        EXPECT_TRUE(registry.customCommands().empty());
    }
}

TEST(PluginNames, TheSeparatorInAPostSaveCommandOrValidatorNameIsRefusedToo)
{
    PluginRegistry registry;
    const auto kindOf = [&](const std::function<void(plugin::Registrar&)>& registration) {
        try {
            registry.registerHost(registration);
        } catch (const PluginException& exception) {
            EXPECT_TRUE(mentions(exception.error().message, { "a;b", ";" }));
            return exception.kind();
        }
        return PluginErrorKind::CallFailed; // not refused
    };
    EXPECT_EQ(kindOf([](plugin::Registrar& r) { r.postSaveCommand("a;b", [](plugin::PostSaveCall&) {}); }),
        PluginErrorKind::InvalidName);
    EXPECT_EQ(kindOf([](plugin::Registrar& r) { r.afterCommitCommand("a;b", [](plugin::PostSaveCall&) {}); }),
        PluginErrorKind::InvalidName);
    EXPECT_EQ(kindOf([](plugin::Registrar& r) { r.validator("a;b", {}); }), PluginErrorKind::InvalidName);
    EXPECT_EQ(kindOf([](plugin::Registrar& r) { r.rightsModifier("a;b", {}); }), PluginErrorKind::InvalidName);
}
