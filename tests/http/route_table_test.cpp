// The README's route table is the host's documentation: every agent method served is
// listed in it, and every method of the User agent that is not served yet is named
// in its "Not served yet" paragraph with the reason, so that neither can drift.
#include "call.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>

namespace userservice::http {
namespace {

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The README's section on the HTTP host, split at its "Not served yet" paragraph.
std::pair<std::string, std::string> hostSection()
{
    const auto readme = readFile(std::string(USERSERVICE_TEST_DATA) + "/../../README.md");
    const auto begin = readme.find("\n## The HTTP host");
    const auto end = readme.find("\n## ", begin + 1);
    const auto section = readme.substr(begin, end - begin);
    const auto split = section.find("Not served yet");
    if (begin == std::string::npos || split == std::string::npos)
        return {};
    return { section.substr(0, split), section.substr(split, section.find("\n\n", split) - split) };
}

std::set<std::string, std::less<>> servedMethods()
{
    std::set<std::string, std::less<>> served;
    for (const auto family : { userMethods(), userAdminMethods(), userNameMethods(), passwordMethods(),
             credentialMethods(), userGroupMethods(), rightsMethods(), roleMethods() })
        for (const auto& method : family)
            served.emplace(method.name);
    return served;
}

TEST(RouteTable, EveryServedMethodIsInTheReadme)
{
    const auto [served, notServed] = hostSection();
    ASSERT_FALSE(served.empty()) << "README.md has no HTTP host section with a \"Not served yet\" paragraph";
    for (const auto& method : servedMethods()) {
        EXPECT_NE(served.find("`" + method + "`"), std::string::npos) << method << " is served but not in the table";
        EXPECT_EQ(notServed.find("`" + method + "`"), std::string::npos) << method << " is served, not \"not served\"";
    }
}

TEST(RouteTable, EveryMethodOfTheAgentIsServedOrSaidNotToBe)
{
    const auto notServed = hostSection().second;
    const auto served = servedMethods();
    std::istringstream list(readFile(std::string(USERSERVICE_TEST_DATA) + "/user-agent-methods.txt"));
    int methods = 0;
    for (std::string family, name; list >> family;) {
        if (family.starts_with('#')) {
            std::getline(list, name);
            continue;
        }
        list >> name;
        ++methods;
        EXPECT_TRUE(served.contains(name) || notServed.find("`" + name + "`") != std::string::npos)
            << name << " (" << family << ") is neither served nor named in the README's \"Not served yet\"";
        const auto answered501 = std::ranges::count(notServedMethods(), name, &NotServedMethod::name);
        EXPECT_EQ(answered501, served.contains(name) ? 0 : 1) << name << ": served, or answered 501 with a reason";
    }
    EXPECT_EQ(methods, 97);
}

TEST(RouteTable, EveryMethodAnswered501IsOfTheAgentAndInTheReadme)
{
    const auto notServed = hostSection().second;
    const auto agent = readFile(std::string(USERSERVICE_TEST_DATA) + "/user-agent-methods.txt");
    for (const auto& method : notServedMethods()) {
        EXPECT_NE(agent.find(" " + std::string(method.name) + "\n"), std::string::npos) << method.name;
        EXPECT_NE(notServed.find("`" + std::string(method.name) + "`"), std::string::npos) << method.name;
    }
}

} // namespace
} // namespace userservice::http
