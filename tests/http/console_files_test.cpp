// The web console's static files at / (issue 15): their types and security headers,
// no way out of the console's folder, and 404 for what is not there.
#include "console_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace userservice::http::test {
namespace {

using beast_http::verb;

class ConsoleFiles : public ConsoleHost {
protected:
    Reply get(const std::string& target) { return client->send(verb::get, target); }
};

std::string sourceOf(const std::string& relative)
{
    std::ifstream in(std::string(USERSERVICE_CONSOLE_DIR) + "/" + relative, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_F(ConsoleFiles, RootIsIndexHtmlWithStrictHeaders)
{
    const auto reply = get("/");
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(reply.body, sourceOf("index.html"));
    EXPECT_EQ(reply.header("Cache-Control"), "no-cache");
    EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(reply.header("X-Frame-Options"), "DENY");
    const auto policy = reply.header("Content-Security-Policy");
    EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe"), std::string::npos) << policy; // no unsafe-inline, no unsafe-eval
}

TEST_F(ConsoleFiles, EveryScriptOfTheConsoleIsAFileNeverInline)
{
    const auto html = get("/").body;
    for (auto at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1))
        EXPECT_NE(html.substr(at, html.find('>', at) - at).find("src="), std::string::npos) << html.substr(at, 80);
    EXPECT_EQ(html.find(" on"), std::string::npos) << "no inline event handlers";
}

TEST_F(ConsoleFiles, ContentTypeFollowsTheExtension)
{
    const std::pair<std::string, std::string> expected[] = {
        { "/index.html", "text/html; charset=utf-8" },
        { "/app.js", "text/javascript; charset=utf-8" },
        { "/lang/nb.js", "text/javascript; charset=utf-8" },
        { "/style.css", "text/css; charset=utf-8" },
    };
    for (const auto& [target, type] : expected) {
        const auto reply = get(target);
        EXPECT_EQ(reply.status, 200u) << target;
        EXPECT_EQ(reply.header("Content-Type"), type) << target;
        EXPECT_EQ(reply.body, sourceOf(target.substr(1))) << target;
        EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff") << target;
    }
}

TEST_F(ConsoleFiles, NoPathLeavesTheConsoleFolder)
{
    // The console's folder is hosts/http/console: its parent holds the host's sources.
    ASSERT_FALSE(sourceOf("../console_files.cpp").empty());
    for (const std::string target :
        { "/../console_files.cpp", "/%2e%2e/console_files.cpp", "/lang/../../console_files.cpp",
            "/lang/..%2f..%2fconsole_files.cpp", "/..%5cconsole_files.cpp", "/%2Fetc%2Fpasswd", "//etc/passwd",
            "/lang/%2e%2e/index.html", "/index.html%00.js", "/.%2e/console_files.cpp" }) {
        const auto reply = get(target);
        EXPECT_EQ(reply.status, 404u) << target;
        EXPECT_EQ(reply.body.find("namespace userservice"), std::string::npos) << target;
        EXPECT_EQ(reply.body.find("root:"), std::string::npos) << target;
    }
}

TEST_F(ConsoleFiles, UnknownFilesHiddenFilesFoldersAndOtherTypesAre404)
{
    for (const std::string target : { "/nothing.html", "/lang", "/lang/", "/.gitignore", "/lang/xx.js", "/app" }) {
        const auto reply = get(target);
        EXPECT_EQ(reply.status, 404u) << target;
        EXPECT_EQ(reply.json().at("ErrorType"), "ArgumentException") << target;
    }
    // The API keeps its own 404s.
    EXPECT_EQ(asAdmin(verb::get, "/api/v1/Nothing").status, 404u);
    EXPECT_EQ(asAdmin(verb::get, "/api/v1/User/" + std::to_string(jdoe.associateId)).status, 200u);
}

TEST_F(ConsoleFiles, HeadHasTheHeadersAndNoBodyOtherMethodsAre405)
{
    const auto head = client->send(verb::head, "/app.js");
    EXPECT_EQ(head.status, 200u);
    EXPECT_EQ(head.header("Content-Length"), std::to_string(sourceOf("app.js").size()));
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(client->send(verb::post, "/", "{}").status, 405u);
    EXPECT_EQ(client->send(verb::delete_, "/index.html").status, 405u);
}

/// The keys of a language file: its lines "  'key': text,".
std::set<std::string> textKeys(const std::string& file)
{
    const std::string source = sourceOf(file);
    const std::regex key(R"(\n  '([^']+)':)");
    std::set<std::string> keys;
    for (auto it = std::sregex_iterator(source.begin(), source.end(), key); it != std::sregex_iterator(); ++it)
        keys.insert((*it)[1]);
    return keys;
}

TEST(ConsoleTexts, EveryTextIsInEnglishAndNorwegian)
{
    const auto english = textKeys("lang/en.js");
    const auto norwegian = textKeys("lang/nb.js");
    ASSERT_GT(english.size(), 100u);
    for (const auto& key : english)
        EXPECT_TRUE(norwegian.contains(key)) << key << " has no Norwegian text in lang/nb.js";
    for (const auto& key : norwegian)
        EXPECT_TRUE(english.contains(key)) << key << " in lang/nb.js is not in lang/en.js";
}

TEST(ConsoleTexts, EveryTextTheModulesNameIsInEnglish)
{
    const auto english = textKeys("lang/en.js");
    const std::regex named(R"(\bt\('([^']+)')");
    std::size_t seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(USERSERVICE_CONSOLE_DIR)) {
        if (entry.path().extension() != ".js")
            continue;
        const std::string source = sourceOf(entry.path().filename().string());
        for (auto it = std::sregex_iterator(source.begin(), source.end(), named); it != std::sregex_iterator();
             ++it, ++seen)
            EXPECT_TRUE(english.contains((*it)[1]))
                << (*it)[1] << " (in " << entry.path().filename() << ") has no text";
    }
    EXPECT_GT(seen, 100u);
}

TEST_F(HttpHost, WithoutAConsoleFolderTheRootIs404)
{
    const auto reply = client->send(verb::get, "/");
    EXPECT_EQ(reply.status, 404u);
    EXPECT_NE(reply.json().at("Message").as_string().find("/api/v1/"), std::string::npos);
}

} // namespace
} // namespace userservice::http::test
