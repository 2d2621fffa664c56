#include <userservice/plugin_registry.hpp>

#include "plugin_test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace userservice;
using namespace plugintest;
namespace fs = std::filesystem;

namespace {

/// A copy of a fixture plugin cut short after `bytes` (as an interrupted copy or
/// download leaves it): still an ELF shared object by its header.
fs::path truncatedCopy(const fs::path& directory, const std::string& name, std::size_t bytes)
{
    const std::string whole = readFile(fixture(name).string());
    EXPECT_GT(whole.size(), bytes) << "the fixture is too small to be cut";
    const fs::path copy = directory / ("lib" + name + "_truncated.so");
    std::ofstream(copy, std::ios::binary).write(whole.data(), static_cast<std::streamsize>(bytes));
    return copy;
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
    EXPECT_EQ(manifest.apiMajor, 2);
    EXPECT_EQ(manifest.apiMinor, 3);
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

TEST(PluginInspect, CallsATruncatedLibraryDamagedNotALibraryWithoutManifest)
{
    TempDir dir;
    for (const std::size_t bytes : { std::size_t { 4096 }, std::size_t { 64 } }) {
        SCOPED_TRACE(bytes);
        const auto file = truncatedCopy(dir.path, "good_greeter", bytes);
        const auto error = inspectError(file);
        EXPECT_EQ(error.kind, PluginErrorKind::DamagedLibrary);
        expectNamesFile(error, file);
        EXPECT_TRUE(mentions(error.message, { "truncated" }));
        EXPECT_EQ(error.message.find("manifest"), std::string::npos) << error.message;

        PluginRegistry registry;
        EXPECT_EQ(loadError(registry, file).kind, PluginErrorKind::DamagedLibrary);
        EXPECT_FALSE(isMapped(file));
        fs::remove(file);
    }
}

TEST(PluginInspect, CallsATextFileWithALibraryNameNotASharedLibrary)
{
    const auto file = fixtureFile("not_a_library.so");
    const auto error = inspectError(file);
    EXPECT_EQ(error.kind, PluginErrorKind::NotASharedLibrary);
    expectNamesFile(error, file);
    EXPECT_TRUE(mentions(error.message, { "not an ELF file" }));
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
    EXPECT_EQ(failedKind("not_a_library.so"), PluginErrorKind::NotASharedLibrary);

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

TEST(PluginDirectory, ReportsEverySharedLibraryItCouldNotLoadWithItsKindInNameOrder)
{
    TempDir dir;
    for (const char* name : { "good_greeter", "wrong_api_major", "no_manifest", "bad_manifest" })
        fs::copy_file(fixture(name), dir.path / fixture(name).filename());
    fs::copy_file(fixtureFile("not_a_library.so"), dir.path / "a_text_file.so");
    truncatedCopy(dir.path, "good_other", 4096);
    std::ofstream(dir.path / "README.txt") << "not a plugin, and not named like one\n";
    fs::create_directory(dir.path / "libdirectory.so");

    PluginRegistry registry;
    const auto result = registry.loadDirectory(dir.path);

    ASSERT_EQ(result.loaded.size(), 1u);
    EXPECT_EQ(result.loaded[0].name, "good_greeter");
    std::vector<std::string> failed;
    for (const auto& error : result.failed) {
        failed.push_back(fs::path(error.path).filename().string() + " " + std::string(toString(error.kind)));
        EXPECT_TRUE(mentions(error.message, { error.path })) << "every error names its file";
    }
    EXPECT_EQ(failed,
        (std::vector<std::string> {
            "a_text_file.so NotASharedLibrary",
            "libbad_manifest.so BadManifest",
            "libgood_other_truncated.so DamagedLibrary",
            "libno_manifest.so NotAPlugin",
            "libwrong_api_major.so ApiMajorMismatch",
        }));
}
