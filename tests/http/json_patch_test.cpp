#include "json_patch.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>

using namespace userservice;
using userservice::http::applyJsonPatch;
using userservice::http::applyMergePatch;

namespace {

boost::json::value parse(std::string_view text)
{
    return boost::json::parse(text);
}

/// The merge patch's result, which must succeed.
boost::json::value merged(std::string_view target, std::string_view patch)
{
    const auto result = applyMergePatch(parse(target), patch);
    EXPECT_FALSE(result.has_error()) << patch << ": " << (result.has_error() ? result.error().message() : "");
    return result.has_value() ? *result : boost::json::value {};
}

/// The JSON Patch's result, which must succeed.
boost::json::value patched(std::string_view target, std::string_view patch)
{
    const auto result = applyJsonPatch(parse(target), patch);
    EXPECT_FALSE(result.has_error()) << patch << ": " << (result.has_error() ? result.error().message() : "");
    return result.has_value() ? *result : boost::json::value {};
}

/// The JSON Patch's error, which must fail.
Error patchError(std::string_view target, std::string_view patch)
{
    const auto result = applyJsonPatch(parse(target), patch);
    EXPECT_TRUE(result.has_error()) << patch;
    return result.has_error() ? result.error() : Error {};
}

Error mergeError(std::string_view target, std::string_view patch)
{
    const auto result = applyMergePatch(parse(target), patch);
    EXPECT_TRUE(result.has_error()) << patch;
    return result.has_error() ? result.error() : Error {};
}

bool contains(const std::string& text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

constexpr std::string_view user = R"({"AssociateId": 7, "Name": "AL", "Tooltip": "Ada", "Role": null,
    "OtherGroups": [{"Value": "Sales", "Id": 1}, {"Value": "Support", "Id": 2}],
    "Person": {"Firstname": "Ada", "Lastname": "Lovelace", "Email": "ada@example.com"},
    "Credentials": [{"Type": {"Type": "password"}, "Value": null}],
    "CustomFields": {"Team": "North"}})";

} // namespace

// ---------------------------------------------------------------- RFC 7386 merge patch

TEST(MergePatch, TheRfcsExample)
{
    const auto result = merged(R"({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"},
            "tags": ["example", "sample"], "content": "This will be unchanged"})",
        R"({"title": "Hello!", "phoneNumber": "+01-555-1234", "author": {"familyName": null}, "tags": ["example"]})");
    EXPECT_EQ(result, parse(R"({"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
        "content": "This will be unchanged", "phoneNumber": "+01-555-1234"})"));
}

TEST(MergePatch, TheRfcsTestCases)
{
    const char* cases[][3] = {
        { R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})" }, // replace
        { R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})" }, // add
        { R"({"a":"b"})", R"({"a":null})", R"({})" }, // remove with null
        { R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})" },
        { R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})" }, { R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})" },
        { R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})" },
        { R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})" }, { R"(["a","b"])", R"(["c","d"])", R"(["c","d"])" },
        { R"({"a":"b"})", R"(["c"])", R"(["c"])" }, { R"({"a":"foo"})", R"(null)", R"(null)" },
        { R"({"a":"foo"})", R"("bar")", R"("bar")" }, { R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})" },
        { R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})" },
        { R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})" }, // add nested
    };
    for (const auto& [target, patch, expected] : cases)
        EXPECT_EQ(merged(target, patch), parse(expected)) << target << " + " << patch;
}

TEST(MergePatch, CamelCaseNamesTakeTheTargetsSpelling)
{
    const auto result = merged(
        user, R"({"tooltip": "Countess", "person": {"firstname": "Augusta Ada", "email": null, "title": "Dr"}})");
    EXPECT_EQ(result.at("Tooltip"), "Countess");
    EXPECT_EQ(result.at("Person").at("Firstname"), "Augusta Ada");
    EXPECT_EQ(result.at("Person").at("Lastname"), "Lovelace"); // untouched
    EXPECT_FALSE(result.at("Person").as_object().contains("Email")); // removed
    EXPECT_EQ(result.at("Person").at("title"), "Dr"); // no such member yet: as written
    EXPECT_FALSE(result.as_object().contains("tooltip"));
}

TEST(MergePatch, KeepsTheTargetsOrder)
{
    const auto result = merged(user, R"({"person": {"lastname": "Byron"}, "name": "AB"})");
    const std::string text = boost::json::serialize(result);
    EXPECT_LT(text.find("\"AssociateId\""), text.find("\"Name\""));
    EXPECT_LT(text.find("\"Name\""), text.find("\"Tooltip\""));
    EXPECT_LT(text.find("\"Firstname\""), text.find("\"Lastname\""));
    EXPECT_EQ(result.at("Name"), "AB");
}

TEST(MergePatch, NamesThatDifferOnlyInCaseInTheTargetAreResolvedOnlyExactly)
{
    const std::string_view target = R"({"CustomFields": {"Team": "North", "team": "south"}})";
    EXPECT_EQ(merged(target, R"({"customFields": {"team": "west"}})").at("CustomFields"),
        parse(R"({"Team": "North", "team": "west"})"));
    EXPECT_EQ(merged(target, R"({"customFields": {"TEAM": "east"}})").at("CustomFields"),
        parse(R"({"Team": "North", "team": "south", "TEAM": "east"})"));
}

TEST(MergePatch, DictionaryKeysAreDataAndMatchedExactly)
{
    // CustomFields' keys are the user's data: "team" is a new key beside "Team".
    EXPECT_EQ(merged(user, R"({"customFields": {"team": "South"}})").at("CustomFields"),
        parse(R"({"Team": "North", "team": "South"})"));
    EXPECT_EQ(merged(user, R"({"customFields": {"Team": null}})").at("CustomFields"), parse("{}"));
}

TEST(JsonPatch, DictionaryKeysAreDataAndMatchedExactly)
{
    const auto result = patched(user, R"([{"op": "add", "path": "/customFields/team", "value": "South"}])");
    EXPECT_EQ(result.at("CustomFields"), parse(R"({"Team": "North", "team": "South"})"));
    EXPECT_EQ(patchError(user, R"([{"op": "remove", "path": "/customFields/TEAM"}])").kind(), ErrorKind::BadRequest);
}

TEST(MergePatch, OneNameTwiceInDifferentCasesIsABadRequest)
{
    const Error error = mergeError(user, R"({"tooltip": "a", "Tooltip": "b"})");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.source(), "patch");
    EXPECT_TRUE(contains(error.message(), "/Tooltip")) << error.message();
}

TEST(MergePatch, MalformedJsonNamesTheLineAndColumn)
{
    const Error error = mergeError(user, "{\n  \"tooltip\": \"x\",\n  \"name\" \"AB\"\n}");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.source(), "patch");
    EXPECT_TRUE(error.message().starts_with("the patch is not valid JSON: ")) << error.message();
    EXPECT_TRUE(error.message().ends_with(" at line 3 column 13")) << error.message(); // the end of "AB"
}

// ---------------------------------------------------------------- RFC 6902 JSON Patch

TEST(JsonPatch, AddRemoveReplace)
{
    EXPECT_EQ(patched(R"({"foo": "bar"})", R"([{"op": "add", "path": "/baz", "value": "qux"}])"),
        parse(R"({"baz": "qux", "foo": "bar"})"));
    EXPECT_EQ(patched(R"({"foo": ["bar", "baz"]})", R"([{"op": "add", "path": "/foo/1", "value": "qux"}])"),
        parse(R"({"foo": ["bar", "qux", "baz"]})"));
    EXPECT_EQ(patched(R"({"foo": ["bar"]})", R"([{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}])"),
        parse(R"({"foo": ["bar", ["abc", "def"]]})"));
    EXPECT_EQ(patched(R"({"foo": "bar"})", R"([{"op": "add", "path": "/child", "value": {"grandchild": {}}}])"),
        parse(R"({"foo": "bar", "child": {"grandchild": {}}})"));
    EXPECT_EQ(patched(R"({"baz": "qux", "foo": "bar"})", R"([{"op": "remove", "path": "/baz"}])"),
        parse(R"({"foo": "bar"})"));
    EXPECT_EQ(patched(R"({"foo": ["bar", "qux", "baz"]})", R"([{"op": "remove", "path": "/foo/1"}])"),
        parse(R"({"foo": ["bar", "baz"]})"));
    EXPECT_EQ(patched(R"({"baz": "qux", "foo": "bar"})", R"([{"op": "replace", "path": "/baz", "value": "boo"}])"),
        parse(R"({"baz": "boo", "foo": "bar"})"));
    // Unknown members of an operation are ignored (RFC 6902 A.11).
    EXPECT_EQ(patched(R"({"foo": "bar"})", R"([{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}])"),
        parse(R"({"foo": "bar", "baz": "qux"})"));
}

TEST(JsonPatch, MoveAndCopy)
{
    EXPECT_EQ(patched(R"({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}})",
                  R"([{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}])"),
        parse(R"({"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}})"));
    EXPECT_EQ(patched(R"({"foo": ["all", "grass", "cows", "eat"]})",
                  R"([{"op": "move", "from": "/foo/1", "path": "/foo/3"}])"),
        parse(R"({"foo": ["all", "cows", "eat", "grass"]})"));
    EXPECT_EQ(patched(R"({"a": {"b": 1}})", R"([{"op": "copy", "from": "/a/b", "path": "/c"}])"),
        parse(R"({"a": {"b": 1}, "c": 1})"));
}

TEST(JsonPatch, TestThatHolds)
{
    const std::string_view target = R"({"baz": "qux", "foo": ["a", 2, "c"], "/": 9, "~1": 10})";
    EXPECT_EQ(patched(target,
                  R"([{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2},
                      {"op": "test", "path": "/~01", "value": 10}, {"op": "test", "path": "/~1", "value": 9}])"),
        parse(target));
}

TEST(JsonPatch, TestThatFailsNamesTheOperationAndPathButNotTheValue)
{
    const Error error = patchError(user,
        R"([{"op": "replace", "path": "/Tooltip", "value": "x"}, {"op": "test", "path": "/Name", "value": "AL"},
            {"op": "test", "path": "/person/firstname", "value": "hunter2"}])");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.message(), "operations[2]: test failed at /Person/Firstname");
    EXPECT_EQ(error.source(), "operations[2]");

    // A number is not its text (RFC 6902 A.15), and a missing member fails the test.
    EXPECT_EQ(
        patchError(R"({"~1": 10})", R"([{"op": "test", "path": "/~01", "value": "10"}])").source(), "operations[0]");
    EXPECT_TRUE(contains(patchError(user, R"([{"op": "test", "path": "/Nope", "value": 1}])").message(),
        "operations[0]: test failed at /Nope"));
}

TEST(JsonPatch, CamelCasePathsTakeTheDocumentsSpelling)
{
    const auto result = patched(user, R"([
        {"op": "test", "path": "/person/firstname", "value": "Ada"},
        {"op": "replace", "path": "/person/firstname", "value": "Grace"},
        {"op": "copy", "from": "/person/lastname", "path": "/tooltip"},
        {"op": "replace", "path": "/otherGroups/1/id", "value": 3},
        {"op": "add", "path": "/otherGroups/-", "value": {"Id": 4}},
        {"op": "remove", "path": "/credentials/0/value"},
        {"op": "add", "path": "/customFields/shoeSize", "value": "38"}])");
    EXPECT_EQ(result.at("Person").at("Firstname"), "Grace");
    EXPECT_EQ(result.at("Tooltip"), "Lovelace");
    EXPECT_EQ(result.at("OtherGroups").at(1).at("Id"), 3);
    EXPECT_EQ(result.at("OtherGroups").at(2).at("Id"), 4);
    EXPECT_FALSE(result.at("Credentials").at(0).as_object().contains("Value"));
    EXPECT_EQ(result.at("CustomFields").at("shoeSize"), "38"); // no such member: as written
    EXPECT_FALSE(result.as_object().contains("tooltip"));
}

TEST(JsonPatch, PathsAreResolvedAgainstTheDocumentAsItIsAtTheirOperation)
{
    const auto result = patched(R"({"A": 1})", R"([
        {"op": "add", "path": "/extra", "value": {"Inner": 1}},
        {"op": "replace", "path": "/EXTRA/inner", "value": 2},
        {"op": "move", "from": "/extra", "path": "/b"}])");
    EXPECT_EQ(result, parse(R"({"A": 1, "b": {"Inner": 2}})"));
}

TEST(JsonPatch, EscapedSegmentsAreResolvedToo)
{
    const auto result = patched(R"({"a/b": {"c~d": 1}})", R"([{"op": "replace", "path": "/A~1B/C~0D", "value": 2}])");
    EXPECT_EQ(result, parse(R"({"a/b": {"c~d": 2}})"));
}

TEST(JsonPatch, MemberAndOpNamesInAnyCase)
{
    EXPECT_EQ(patched(user, R"([{"Op": "Replace", "Path": "/Name", "Value": "AB"}])").at("Name"), "AB");
}

TEST(JsonPatch, AllOrNothing)
{
    const auto result = applyJsonPatch(
        parse(user), R"([{"op": "replace", "path": "/Name", "value": "AB"}, {"op": "remove", "path": "/Missing"}])");
    ASSERT_TRUE(result.has_error());
    EXPECT_EQ(result.error().message(), "operations[1]: there is nothing at /Missing to remove");
}

// ---------------------------------------------------------------- what is refused

TEST(JsonPatch, MalformedJsonNamesTheLineAndColumnButNotTheInput)
{
    const Error error =
        patchError(user, "[\n  {\"op\": \"add\", \"path\": \"/Credentials/0/Value\", \"value\": hunter2}\n]");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.source(), "patch");
    EXPECT_TRUE(error.message().starts_with("the patch is not valid JSON: ")) << error.message();
    EXPECT_TRUE(contains(error.message(), " at line 2 column ")) << error.message();
    EXPECT_FALSE(contains(error.message(), "hunter")) << error.message();

    EXPECT_TRUE(contains(patchError(user, "").message(), "at line 1 column 1"));
    EXPECT_TRUE(contains(patchError(user, "[\"\xff\"]").message(), "not valid JSON"));
}

TEST(JsonPatch, NotAnArray)
{
    const Error error = patchError(user, R"({"op": "replace", "path": "/Name", "value": "AB"})");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.source(), "patch");
    EXPECT_TRUE(contains(error.message(), "array of operations")) << error.message();
}

TEST(JsonPatch, BadOperationsNameTheirIndex)
{
    const std::pair<const char*, const char*> cases[] = {
        { R"([1])", "operations[0]: an operation is an object" },
        { R"([{"path": "/Name"}])", "operations[0]: the operation has no \"op\"" },
        { R"([{"op": 1, "path": "/Name"}])", "operations[0]: \"op\" must be a string" },
        { R"([{"op": "frobnicate", "path": "/Name"}])", "operations[0]: unknown op \"frobnicate\"" },
        { R"([{"op": "remove"}])", "operations[0]: the operation has no \"path\"" },
        { R"([{"op": "remove", "path": 3}])", "operations[0]: \"path\" must be a string" },
        { R"([{"op": "add", "path": "/Name"}])", "operations[0]: add needs a \"value\"" },
        { R"([{"op": "move", "path": "/Name"}])", "operations[0]: the operation has no \"from\"" },
        { R"([{"op": "copy", "from": "/Nope", "path": "/Name"}])", "operations[0]: there is nothing at /Nope to copy" },
        { R"([{"op": "replace", "path": "/Person/Nope", "value": 1}])",
            "operations[0]: there is nothing at /Person/Nope to replace" },
        { R"([{"op": "remove", "path": "/OtherGroups/5"}])", "operations[0]: there is nothing at /OtherGroups/5" },
        { R"([{"op": "remove", "path": ""}])", "operations[0]: cannot remove the whole document" },
        { R"([{"op": "remove", "path": "Name"}])", "operations[0]: \"Name\" is not a JSON Pointer" },
        { R"([{"op": "remove", "path": "/a~2"}])", "operations[0]: \"/a~2\" is not a JSON Pointer" },
        { R"([{"op": "add", "path": "/Nope/Deeper", "value": 1}])", "operations[0]: cannot add at /Nope/Deeper" },
        { R"([{"op": "add", "path": "/OtherGroups/9", "value": 1}])",
            "operations[0]: cannot add at /OtherGroups/9: /OtherGroups has 2 items" },
        { R"([{"op": "add", "path": "/OtherGroups/x", "value": 1}])",
            "operations[0]: cannot add at /OtherGroups/x: \"x\" is not an array index" },
        { R"([{"op": "move", "from": "/OtherGroups/0", "path": "/OtherGroups/2"}])",
            "operations[0]: cannot move at /OtherGroups/2: array index 2 is out of range" },
        { R"([{"op": "add", "path": "/Name/x", "value": 1}])",
            "operations[0]: cannot add at /Name/x: /Name is not an object or an array" },
        { R"([{"op": "copy", "from": "/Name", "path": "/Role/Name"}])",
            "operations[0]: cannot copy to /Role/Name: /Role is not an object or an array" },
        { R"([{"op": "move", "from": "/Person", "path": "/Person/Inner"}])",
            "operations[0]: cannot move /Person into itself" },
    };
    for (const auto& [patch, message] : cases) {
        const Error error = patchError(user, patch);
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest) << patch;
        EXPECT_TRUE(error.message().starts_with(message)) << patch << ": " << error.message();
        EXPECT_EQ(error.source(), "operations[0]") << patch;
    }
    EXPECT_EQ(patchError(user, R"([{"op": "test", "path": "/Name", "value": "AL"}, {"op": "remove"}])").source(),
        "operations[1]");
}

TEST(JsonPatch, DeepNestingIsRefusedNotACrash)
{
    const std::string deep = "[" + std::string(100'000, '[') + std::string(100'000, ']') + "]";
    const Error error = patchError(user, deep);
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_TRUE(contains(error.message(), "deeper than 64")) << error.message();

    std::string deepObject;
    for (int i = 0; i < 100'000; ++i)
        deepObject += R"({"a":)";
    deepObject += "1" + std::string(100'000, '}');
    EXPECT_TRUE(contains(mergeError(user, deepObject).message(), "deeper than 64"));
}
