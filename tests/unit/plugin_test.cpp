#include <userservice/plugin_registry.hpp>

#include "plugin_test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace userservice;
using namespace plugintest;
namespace fs = std::filesystem;

// --- load: every way a plugin can be refused ---------------------------------------

TEST(PluginLoad, LoadsAGoodPluginAndRegistersWhatItsManifestSays)
{
    PluginRegistry registry;
    const auto file = fixture("good_greeter");
    const PluginManifest manifest = registry.load(file);
    EXPECT_EQ(manifest, PluginRegistry::inspect(file));
    EXPECT_EQ(pluginNames(registry), std::vector<std::string> { "good_greeter" });
    EXPECT_EQ(commandNames(registry), std::vector<std::string> { "greet@good_greeter" });
    EXPECT_EQ(registeredNames(registry.postSaveCommands()), std::vector<std::string> { "greet-audit@good_greeter" });
    EXPECT_EQ(registeredNames(registry.validators()), std::vector<std::string> { "greet-check@good_greeter" });
    EXPECT_EQ(registeredNames(registry.rightsModifiers()), std::vector<std::string> { "greet-rights@good_greeter" });
    EXPECT_TRUE(isMapped(file));
}

TEST(PluginLoad, RefusesAMissingFile)
{
    PluginRegistry registry;
    const fs::path file = fs::path(USERSERVICE_PLUGIN_DIR) / "libno_such_plugin.so";
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::FileNotFound);
    EXPECT_TRUE(mentions(error.message, { "libno_such_plugin.so" }));
}

TEST(PluginLoad, RefusesAFileThatIsNotASharedLibrary)
{
    PluginRegistry registry;
    const auto file = fixtureFile("not_a_library.so");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::NotASharedLibrary);
    expectNamesFile(error, file);
}

TEST(PluginLoad, RefusesASharedLibraryWithoutManifest)
{
    PluginRegistry registry;
    const auto file = fixture("no_manifest");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::NotAPlugin);
    expectNamesFile(error, file);
    EXPECT_FALSE(isMapped(file)) << "refused from its file, it should never have been loaded";
}

TEST(PluginLoad, RefusesAMalformedManifest)
{
    PluginRegistry registry;
    const auto file = fixture("bad_manifest");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::BadManifest);
    expectNamesFile(error, file);
    EXPECT_FALSE(isMapped(file));
}

TEST(PluginLoad, RefusesAnotherApiMajorVersionNamingBothVersions)
{
    PluginRegistry registry;
    const auto file = fixture("wrong_api_major");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::ApiMajorMismatch);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "wrong_api_major");
    EXPECT_TRUE(mentions(error.message, { "99.0", "2.3" }));
    EXPECT_FALSE(isMapped(file)) << "refused from its manifest, it should never have been loaded";
    expectNothingRegistered(registry, { "x" });
}

TEST(PluginLoad, RefusesANewerApiMinorVersionNamingBothVersions)
{
    PluginRegistry registry;
    const auto file = fixture("newer_api_minor");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::ApiMinorTooNew);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "newer_api_minor");
    EXPECT_TRUE(mentions(error.message, { "2.99", "2.3" }));
    EXPECT_FALSE(isMapped(file));
}

TEST(PluginLoad, LoadsAnOlderApiMinorVersionAndCallsItAsBefore)
{
    PluginRegistry registry;
    const PluginManifest manifest = registry.load(fixture("older_api_minor"));
    EXPECT_EQ(manifest.apiMinor, 0);
    const auto postSave = registry.postSaveCommands();
    ASSERT_EQ(postSave.size(), 1u);
    User after;
    after.name = "ADA";
    const std::optional<User> before = after;
    std::vector<CustomCommand> next;
    const std::vector<plugin::SecretChange> secrets { { "password", plugin::SecretChangeKind::Generated } };
    plugin::PostSaveCall call { CallerContext::system(), before, after, next, nullptr, plugin::UserChange::Deleted,
        secrets }; // what 2.1 and 2.2 added: a 2.0 plugin reads the members before them
    postSave[0].call(call);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].name, "older saw ADA");
}

TEST(PluginLoad, RefusesAnotherBuildFingerprintNamingBoth)
{
    PluginRegistry registry;
    const auto file = fixture("wrong_fingerprint");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::FingerprintMismatch);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "wrong_fingerprint");
    EXPECT_TRUE(mentions(
        error.message, { "gcc-1.0;cxx11abi-0;boost-100000;release", std::string(PluginRegistry::fingerprint()) }));
    EXPECT_FALSE(isMapped(file));
}

TEST(PluginLoad, RefusesAPluginWithoutEntryPoint)
{
    PluginRegistry registry;
    const auto file = fixture("missing_entry");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::MissingEntryPoint);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "missing_entry");
    EXPECT_TRUE(mentions(error.message, { "userservice_plugin_register" }));
    expectNothingRegistered(registry, { "x" });
    EXPECT_FALSE(isMapped(file)) << "a refused plugin's library is released";
}

TEST(PluginLoad, ReportsWhatTheDynamicLoaderRefused)
{
    PluginRegistry registry;
    const auto file = fixture("unresolved_symbol");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::LoadFailed);
    expectNamesFile(error, file);
    EXPECT_TRUE(mentions(error.message + " " + error.loaderText, { "userservice_fixture_missing_function" }));
    expectNothingRegistered(registry, { "x" });
}

TEST(PluginLoad, UndoesARegistrationThatThrows)
{
    PluginRegistry registry;
    const auto file = fixture("throws_in_registration");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::RegistrationFailed);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "throws_in_registration");
    EXPECT_TRUE(mentions(error.loaderText, { "registration exploded" }));
    expectNothingRegistered(registry, { "half-registered" });
    EXPECT_FALSE(isMapped(file)) << "a refused plugin's library is released";
    expectStillLoadsGoodPlugins(registry);
}

TEST(PluginLoad, RefusesADuplicateNameNamingBothOwners)
{
    PluginRegistry registry;
    registry.load(fixture("good_greeter"));
    const auto file = fixture("duplicate_command");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::DuplicateName);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "duplicate_command");
    EXPECT_TRUE(mentions(error.message, { "greet", "good_greeter", "duplicate_command" }));

    // good_greeter keeps its command; nothing of duplicate_command stays.
    EXPECT_FALSE(registry.customCommand("duplicate-own").has_value());
    const auto greet = registry.customCommand("greet");
    ASSERT_TRUE(greet.has_value());
    EXPECT_EQ(greet->owner(), "good_greeter");
    EXPECT_EQ(pluginNames(registry), std::vector<std::string> { "good_greeter" });
    EXPECT_EQ(commandNames(registry), std::vector<std::string> { "greet@good_greeter" });
    EXPECT_FALSE(isMapped(file));
}

TEST(PluginLoad, RefusesARegistrationThatDiffersFromTheManifest)
{
    PluginRegistry registry;
    const auto file = fixture("manifest_mismatch");
    const auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::ManifestMismatch);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "manifest_mismatch");
    EXPECT_TRUE(mentions(error.message, { "promised", "delivered" }));
    expectNothingRegistered(registry, { "promised", "delivered" });
    expectStillLoadsGoodPlugins(registry);
}

TEST(PluginLoad, RefusesTheSameFileOrTheSamePluginNameTwice)
{
    PluginRegistry registry;
    const auto file = fixture("good_greeter");
    registry.load(file);
    auto error = loadError(registry, file);
    EXPECT_EQ(error.kind, PluginErrorKind::AlreadyLoaded);
    expectNamesFile(error, file);
    EXPECT_EQ(error.plugin, "good_greeter");

    // Another file with the same plugin in it.
    TempDir dir;
    const auto copy = dir.path / "libgreeter_copy.so";
    fs::copy_file(file, copy);
    error = loadError(registry, copy);
    EXPECT_EQ(error.kind, PluginErrorKind::AlreadyLoaded);
    expectNamesFile(error, copy);
    EXPECT_TRUE(mentions(error.message, { "good_greeter" }));
    EXPECT_FALSE(isMapped(copy));

    EXPECT_EQ(pluginNames(registry), std::vector<std::string> { "good_greeter" });
}

TEST(PluginLoad, UnloadAndReloadOfAnUnknownPluginSayNotLoaded)
{
    PluginRegistry registry;
    const auto unloaded = registry.tryUnload("good_greeter");
    ASSERT_FALSE(unloaded.has_value());
    EXPECT_EQ(unloaded.error().kind, PluginErrorKind::NotLoaded);
    EXPECT_TRUE(mentions(unloaded.error().message, { "good_greeter" }));
    try {
        registry.unload("good_greeter");
        ADD_FAILURE() << "unload did not throw";
    } catch (const PluginException& exception) {
        EXPECT_EQ(exception.error(), unloaded.error());
    }
    try {
        registry.reload("good_greeter");
        ADD_FAILURE() << "reload did not throw";
    } catch (const PluginException& exception) {
        EXPECT_EQ(exception.kind(), PluginErrorKind::NotLoaded);
    }
}

// --- calls into plugin code ---------------------------------------------------------

TEST(PluginCall, RunsAPluginCommand)
{
    PluginRegistry registry;
    registry.load(fixture("good_greeter"));
    const auto greet = registry.customCommand("greet");
    ASSERT_TRUE(greet.has_value());
    EXPECT_EQ(greet->spec().name, "greet");
    EXPECT_EQ(greet->spec().displayName, "Greet");
    EXPECT_EQ(greet->owner(), "good_greeter");

    Call call("ADA");
    const auto result = greet->run(call.call);
    ASSERT_TRUE(result.has_value()) << ::testing::PrintToString(result.error());
    EXPECT_TRUE(result->success);
    EXPECT_EQ(result->message, "hello ADA");
    EXPECT_FALSE(registry.customCommand("no-such-command").has_value());
}

TEST(PluginCall, RunsPostSaveCommandsValidatorsAndRightsModifiers)
{
    PluginRegistry registry;
    registry.load(fixture("good_greeter"));
    const CallerContext caller = CallerContext::system();

    const auto postSave = registry.postSaveCommands();
    ASSERT_EQ(postSave.size(), 1u);
    User after;
    after.name = "ADA";
    const std::optional<User> before;
    std::vector<CustomCommand> next;
    plugin::PostSaveCall postSaveCall { caller, before, after, next, nullptr };
    postSave[0].call(postSaveCall);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].name, "greet");

    const auto validators = registry.validators();
    ASSERT_EQ(validators.size(), 1u);
    EXPECT_TRUE(validators[0].call(caller, after).empty());
    const auto problems = validators[0].call(caller, User {});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "User.Name");

    const auto modifiers = registry.rightsModifiers();
    ASSERT_EQ(modifiers.size(), 1u);
    UserRights rights;
    const UserRights unchanged = rights;
    modifiers[0].call(Principal {}, &after, rights);
    EXPECT_EQ(rights, unchanged);
}

TEST(PluginCall, WhatACommandThrowsComesBackAsCallFailed)
{
    PluginRegistry registry;
    registry.load(fixture("throwing_commands"));
    registry.load(fixture("good_greeter"));
    Call call("ADA");

    for (const char* name : { "throws-std", "throws-custom", "throws-int" }) {
        SCOPED_TRACE(name);
        const auto command = registry.customCommand(name);
        ASSERT_TRUE(command.has_value());
        const auto result = command->run(call.call);
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().kind, PluginErrorKind::CallFailed);
        EXPECT_EQ(result.error().plugin, "throwing_commands");
        EXPECT_TRUE(mentions(result.error().message, { "throwing_commands", name }));
        if (std::string(name) == "throws-std") {
            EXPECT_TRUE(mentions(result.error().message + " " + result.error().loaderText, { "std failure" }));
        }
    }

    // The host keeps running, and so do the plugins.
    const auto greet = registry.customCommand("greet");
    ASSERT_TRUE(greet.has_value());
    const auto result = greet->run(call.call);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->message, "hello ADA");
    const auto again = runCommand(registry, "throws-std", call);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().kind, PluginErrorKind::CallFailed);
}

// --- lifetime: unload, handles, pinning ---------------------------------------------

TEST(PluginLifetime, AHeldHandleKeepsTheCodeMappedButRefusesToRunAfterUnload)
{
    const auto file = fixture("good_greeter");
    ASSERT_FALSE(isMapped(file)) << "an earlier test left the library loaded";
    PluginRegistry registry;
    registry.load(file);
    ASSERT_TRUE(isMapped(file));

    std::optional<CustomCommandHandle> held;
    {
        const auto found = registry.customCommand("greet");
        ASSERT_TRUE(found.has_value());
        held = *found; // a copy
    }
    registry.unload("good_greeter");
    EXPECT_FALSE(registry.customCommand("greet").has_value());
    EXPECT_TRUE(registry.plugins().empty());
    EXPECT_TRUE(registry.customCommands().empty());

    Call call("ADA");
    const auto result = held->run(call.call);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().kind, PluginErrorKind::Unloaded);
    EXPECT_TRUE(mentions(result.error().message, { "greet" }));
    EXPECT_EQ(held->owner(), "good_greeter");
    EXPECT_EQ(held->spec().name, "greet");
    EXPECT_TRUE(isMapped(file)) << "the held handle must keep the code mapped";

    held.reset();
    EXPECT_FALSE(isMapped(file)) << "the last handle is gone: the library must be unmapped";
}

TEST(PluginLifetime, APinnedPluginRefusesToUnloadAndStaysLoaded)
{
    const auto file = fixture("never_unload");
    {
        PluginRegistry registry;
        registry.load(file);
        const auto tried = registry.tryUnload("never_unload");
        ASSERT_FALSE(tried.has_value());
        EXPECT_EQ(tried.error().kind, PluginErrorKind::Pinned);
        EXPECT_TRUE(mentions(tried.error().message, { "never_unload" }));
        try {
            registry.unload("never_unload");
            ADD_FAILURE() << "unload did not throw";
        } catch (const PluginException& exception) {
            EXPECT_EQ(exception.kind(), PluginErrorKind::Pinned);
        }
        EXPECT_TRUE(registry.customCommand("pinned").has_value());
        EXPECT_EQ(pluginNames(registry), std::vector<std::string> { "never_unload" });
    }
    EXPECT_TRUE(isMapped(file)) << "a pinned plugin stays loaded until the process ends";
}

TEST(PluginLifetime, AHundredLoadUnloadCyclesLeaveNothingMapped)
{
    const auto file = fixture("good_greeter");
    PluginRegistry registry;
    Call call("ADA");
    for (int cycle = 0; cycle < 100; ++cycle) {
        registry.load(file);
        if (cycle == 0) {
            EXPECT_TRUE(isMapped(file));
        }
        const auto result = runCommand(registry, "greet", call);
        ASSERT_TRUE(result.has_value()) << "cycle " << cycle;
        EXPECT_EQ(result->message, "hello ADA");
        registry.unload("good_greeter");
    }
    EXPECT_FALSE(isMapped(file));
    EXPECT_TRUE(registry.plugins().empty());
}

// --- many threads: calls while the plugin is reloaded --------------------------------

TEST(PluginStress, CallsWhileReloadingEitherSucceedOrSayUnloaded)
{
    PluginRegistry registry;
    registry.load(fixture("good_greeter"));

    std::atomic<bool> done { false };
    std::atomic<int> succeeded { 0 }, unloaded { 0 }, notRegistered { 0 }, wrong { 0 };
    // Callers give up after this, so that a starved reloader fails the test instead of hanging it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);

    std::vector<std::thread> callers;
    for (int thread = 0; thread < 4; ++thread)
        callers.emplace_back([&] {
            Call call("ADA");
            while (!done.load() && std::chrono::steady_clock::now() < deadline) {
                const auto greet = registry.customCommand("greet");
                if (!greet) {
                    ++notRegistered; // between the unload and the load of a reload
                    continue;
                }
                const auto result = greet->run(call.call);
                if (result.has_value() && result->success && result->message == "hello ADA")
                    ++succeeded;
                else if (!result.has_value() && result.error().kind == PluginErrorKind::Unloaded)
                    ++unloaded;
                else
                    ++wrong;
            }
        });

    std::atomic<int> reloads { 0 };
    std::string reloadFailure;
    std::thread reloader([&] {
        try {
            for (int i = 0; i < 50; ++i) {
                registry.reload("good_greeter");
                ++reloads;
            }
        } catch (const std::exception& exception) {
            reloadFailure = exception.what();
        }
        done = true;
    });
    reloader.join();
    for (auto& caller : callers)
        caller.join();

    EXPECT_EQ(reloadFailure, "");
    EXPECT_EQ(reloads.load(), 50) << "the reloader was starved by the callers";
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_GT(succeeded.load(), 0);
    RecordProperty("succeeded", succeeded.load());
    RecordProperty("unloaded", unloaded.load());
    RecordProperty("notRegistered", notRegistered.load());

    // Still whole afterwards.
    Call call("ADA");
    const auto result = runCommand(registry, "greet", call);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->message, "hello ADA");
}
