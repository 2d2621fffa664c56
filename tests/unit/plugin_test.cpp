#include <userservice/plugin_registry.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

// good_greeter.cpp compiled with USERSERVICE_PLUGIN_STATIC (the build links it).
extern const userservice::plugin::Descriptor userservice_plugin_good_greeter;

namespace userservice {
// Readable failures.
void PrintTo(PluginErrorKind kind, std::ostream* out)
{
    *out << toString(kind);
}
void PrintTo(const PluginError& error, std::ostream* out)
{
    *out << "{" << toString(error.kind) << ", path \"" << error.path << "\", plugin \"" << error.plugin
         << "\", message \"" << error.message << "\", loaderText \"" << error.loaderText << "\"}";
}
} // namespace userservice

using namespace userservice;
namespace fs = std::filesystem;

namespace {

/// A fixture plugin as the build left it (CMake's MODULE and Meson's shared_module:
/// lib<name>.so), or a data file of that directory.
fs::path fixture(const std::string& name)
{
    return fs::path(USERSERVICE_PLUGIN_DIR) / ("lib" + name + ".so");
}
fs::path fixtureFile(const std::string& fileName)
{
    return fs::path(USERSERVICE_PLUGIN_DIR) / fileName;
}

/// Whether the file is mapped into this process (a loaded library is).
bool isMapped(const fs::path& file)
{
    const std::string maps = readFile("/proc/self/maps");
    return maps.find(fs::canonical(file).string()) != std::string::npos;
}

::testing::AssertionResult mentions(const std::string& text, std::initializer_list<std::string> parts)
{
    for (const auto& part : parts)
        if (text.find(part) == std::string::npos)
            return ::testing::AssertionFailure() << "\"" << text << "\" does not mention \"" << part << "\"";
    return ::testing::AssertionSuccess();
}

/// The error names the file (its path field; the message may name it too).
void expectNamesFile(const PluginError& error, const fs::path& file)
{
    EXPECT_EQ(fs::path(error.path).filename(), file.filename()) << "path field: \"" << error.path << "\"";
}

/// The error that load() throws, checked against tryLoad()'s on the same registry
/// (a failed load leaves the registry as it was, so the second try fails alike).
PluginError loadError(PluginRegistry& registry, const fs::path& file)
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

PluginError inspectError(const fs::path& file)
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
PluginResult<CommandResult> runCommand(const PluginRegistry& registry, std::string_view name, Call& call)
{
    const auto command = registry.customCommand(name);
    if (!command) {
        ADD_FAILURE() << "no command " << name;
        return PluginError { .kind = PluginErrorKind::NotLoaded, .message = "the test found no such command" };
    }
    return command->run(call.call);
}

std::vector<std::string> commandNames(const PluginRegistry& registry)
{
    std::vector<std::string> names;
    for (const auto& command : registry.customCommands())
        names.push_back(command.spec().name + "@" + command.owner());
    return names;
}

template <class Fn> std::vector<std::string> registeredNames(const std::vector<Registered<Fn>>& registered)
{
    std::vector<std::string> names;
    for (const auto& each : registered)
        names.push_back(each.name + "@" + each.owner);
    return names;
}

std::vector<std::string> pluginNames(const PluginRegistry& registry)
{
    std::vector<std::string> names;
    for (const auto& manifest : registry.plugins())
        names.push_back(manifest.name);
    return names;
}

/// After a failed load: nothing of the plugin is registered.
void expectNothingRegistered(const PluginRegistry& registry, std::initializer_list<const char*> commands)
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
void expectStillLoadsGoodPlugins(PluginRegistry& registry)
{
    registry.load(fixture("good_other"));
    auto command = registry.customCommand("other");
    ASSERT_TRUE(command.has_value());
    Call call("ADA");
    const auto result = command->run(call.call);
    ASSERT_TRUE(result.has_value()) << ::testing::PrintToString(result.error());
    EXPECT_TRUE(result->success);
}

} // namespace

// --- inspect: the manifest, read without running plugin code ----------------------

TEST(PluginInspect, ReadsTheManifestOfAGoodPlugin)
{
    const auto file = fixture("good_greeter");
    const PluginManifest manifest = PluginRegistry::inspect(file);
    EXPECT_TRUE(fs::equivalent(manifest.path, file)) << manifest.path;
    EXPECT_EQ(manifest.name, "good_greeter");
    EXPECT_EQ(manifest.version, "1.2.3");
    EXPECT_EQ(manifest.apiMajor, 1);
    EXPECT_EQ(manifest.apiMinor, 0);
    EXPECT_EQ(manifest.apiMajor, PluginRegistry::apiMajor());
    EXPECT_EQ(manifest.apiMinor, PluginRegistry::apiMinor());
    EXPECT_EQ(manifest.fingerprint, PluginRegistry::fingerprint());
    EXPECT_EQ(manifest.customCommands, std::vector<std::string> { "greet" });
    EXPECT_EQ(manifest.postSaveCommands, std::vector<std::string> { "greet-audit" });
    EXPECT_EQ(manifest.validators, std::vector<std::string> { "greet-check" });
    EXPECT_EQ(manifest.rightsModifiers, std::vector<std::string> { "greet-rights" });

    const auto tried = PluginRegistry::tryInspect(file);
    ASSERT_TRUE(tried.has_value()) << ::testing::PrintToString(tried.error());
    EXPECT_EQ(*tried, manifest);
}

TEST(PluginInspect, RunsNoPluginCodeSoAnAbortingConstructorIsHarmless)
{
    const auto file = fixture("aborts_in_static_constructor");
    const PluginManifest manifest = PluginRegistry::inspect(file); // loading it would abort
    EXPECT_EQ(manifest.name, "aborts_in_static_constructor");
    EXPECT_EQ(manifest.customCommands, std::vector<std::string> { "never" });
    EXPECT_FALSE(isMapped(file));
}

TEST(PluginInspect, TellsWhyAFileIsNoPlugin)
{
    const fs::path missing = fs::path(USERSERVICE_PLUGIN_DIR) / "libno_such_plugin.so";
    auto error = inspectError(missing);
    EXPECT_EQ(error.kind, PluginErrorKind::FileNotFound);
    EXPECT_TRUE(mentions(error.message, { "libno_such_plugin.so" }));

    error = inspectError(fixtureFile("not_a_library.so"));
    EXPECT_EQ(error.kind, PluginErrorKind::NotASharedLibrary);
    expectNamesFile(error, fixtureFile("not_a_library.so"));

    error = inspectError(fixture("no_manifest"));
    EXPECT_EQ(error.kind, PluginErrorKind::NotAPlugin);
    expectNamesFile(error, fixture("no_manifest"));

    error = inspectError(fixture("bad_manifest"));
    EXPECT_EQ(error.kind, PluginErrorKind::BadManifest);
    expectNamesFile(error, fixture("bad_manifest"));
}

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
    EXPECT_TRUE(mentions(error.message, { "99.0", "1.0" }));
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
    EXPECT_TRUE(mentions(error.message, { "1.99", "1.0" }));
    EXPECT_FALSE(isMapped(file));
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

// --- loadDirectory ----------------------------------------------------------------

TEST(PluginDirectory, LoadsTheGoodAndReportsTheRestWithoutThrowing)
{
    // A selection: the fixtures' own directory also holds the plugin that aborts.
    TempDir dir;
    for (const char* name :
        { "good_greeter", "good_other", "wrong_api_major", "missing_entry", "throws_in_registration" })
        fs::copy_file(fixture(name), dir.path / fixture(name).filename());
    fs::copy_file(fixtureFile("not_a_library.so"), dir.path / "not_a_library.so");

    PluginRegistry registry;
    PluginRegistry::DirectoryLoad result;
    EXPECT_NO_THROW(result = registry.loadDirectory(dir.path));

    std::vector<std::string> loaded;
    for (const auto& manifest : result.loaded)
        loaded.push_back(manifest.name);
    EXPECT_EQ(loaded, (std::vector<std::string> { "good_greeter", "good_other" })) << "in file name order";

    auto failedKind = [&](const std::string& fileName) -> std::optional<PluginErrorKind> {
        for (const auto& error : result.failed)
            if (fs::path(error.path).filename() == fileName)
                return error.kind;
        return std::nullopt;
    };
    EXPECT_EQ(result.failed.size(), 4u);
    EXPECT_EQ(failedKind("libwrong_api_major.so"), PluginErrorKind::ApiMajorMismatch);
    EXPECT_EQ(failedKind("libmissing_entry.so"), PluginErrorKind::MissingEntryPoint);
    EXPECT_EQ(failedKind("libthrows_in_registration.so"), PluginErrorKind::RegistrationFailed);
    const auto notALibrary = failedKind("not_a_library.so");
    EXPECT_TRUE(notALibrary == PluginErrorKind::NotASharedLibrary || notALibrary == PluginErrorKind::NotAPlugin)
        << (notALibrary ? toString(*notALibrary) : "not reported");

    EXPECT_EQ(pluginNames(registry), (std::vector<std::string> { "good_greeter", "good_other" }));
    EXPECT_TRUE(registry.customCommand("greet").has_value());
    EXPECT_TRUE(registry.customCommand("other").has_value());
    EXPECT_FALSE(registry.customCommand("half-registered").has_value());
}

TEST(PluginDirectory, ReportsAMissingDirectory)
{
    PluginRegistry registry;
    const auto missing = fs::path(USERSERVICE_PLUGIN_DIR) / "no-such-directory";
    try {
        const auto result = registry.loadDirectory(missing);
        // Either way is fine, as long as the directory is named.
        ASSERT_EQ(result.failed.size(), 1u);
        EXPECT_EQ(result.failed[0].kind, PluginErrorKind::FileNotFound);
        EXPECT_TRUE(mentions(result.failed[0].message, { "no-such-directory" }));
    } catch (const PluginException& exception) {
        EXPECT_EQ(exception.kind(), PluginErrorKind::FileNotFound);
        EXPECT_TRUE(mentions(exception.what(), { "no-such-directory" }));
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
