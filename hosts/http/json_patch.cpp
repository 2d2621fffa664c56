#include "json_patch.hpp"
#include "patch_budget.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/locale/utf.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

// nlohmann/json implements both RFCs; the host speaks Boost.JSON. Documents cross
// between the two as text: PATCH is rare and a user is a few kilobytes, so a second
// parse costs less than a converter to keep in step with both libraries.
// ordered_json keeps the wire order of the target's members.

namespace userservice::http {
namespace {

using Json = PatchJson;

/// Deeper patches are refused before nlohmann's recursive algorithms see them.
constexpr int maxPatchDepth = 64;
/// How much of a path or name an error message quotes.
constexpr std::size_t longestQuote = 100;

Error badPatch(std::string message, std::string source = "patch")
{
    return Error(ErrorKind::BadRequest, std::move(message), {}, std::move(source));
}

/// At most longestQuote bytes of `text`, cut between UTF-8 characters, with "…" when cut.
std::string shortened(std::string_view text)
{
    std::size_t length = std::min(text.size(), longestQuote);
    while (length < text.size() && length > 0 && boost::locale::utf::utf_traits<char>::is_trail(text[length]))
        --length;
    return std::string(text.substr(0, length)) + (length < text.size() ? "…" : "");
}

std::string quote(std::string_view text)
{
    return '"' + shortened(text) + '"';
}

bool asciiEquals(std::string_view a, std::string_view b) noexcept
{
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [&](char x, char y) { return lower(x) == lower(y); });
}

/// nlohmann's text without its "[json.exception.out_of_range.403] " tag.
std::string_view reasonOf(const nlohmann::json::exception& e)
{
    std::string_view what = e.what();
    if (const auto tagEnd = what.find("] "); what.starts_with("[json.exception.") && tagEnd != std::string_view::npos)
        what.remove_prefix(tagEnd + 2);
    if (what.starts_with("parse error: "))
        what.remove_prefix(13);
    return what;
}

// ---------------------------------------------------------------- parsing

/// "… at line L column C" for the character at 0-based `position`.
std::string lineAndColumn(std::string_view text, std::size_t position)
{
    position = std::min(position, text.size());
    const std::string_view before = text.substr(0, position);
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    const auto lineStart = before.rfind('\n');
    const auto column = position - (lineStart == std::string_view::npos ? 0 : lineStart + 1) + 1;
    return "line " + std::to_string(line) + " column " + std::to_string(column);
}

/// Why nlohmann could not parse, without its "last read: '…'" quote of the input
/// (which may be part of a password).
std::string parseReason(const nlohmann::json::parse_error& e)
{
    std::string_view reason = reasonOf(e);
    if (const auto at = reason.find(": "); reason.starts_with("parse error") && at != std::string_view::npos)
        reason.remove_prefix(at + 2); // "parse error at line 1, column 2: " (parsePatch recomputes it from the byte)
    const auto lastRead = reason.find("; last read: '");
    std::string text(reason.substr(0, lastRead));
    if (lastRead != std::string_view::npos) {
        const auto expected = reason.rfind("'; expected ");
        if (expected != std::string_view::npos && expected > lastRead)
            text += reason.substr(expected + 1);
    }
    return text;
}

struct TooDeep { };

Json parsePatch(std::string_view patch)
{
    try {
        return Json::parse(patch, [](int depth, Json::parse_event_t, Json&) {
            if (depth > maxPatchDepth)
                throw TooDeep {};
            return true;
        });
    } catch (const nlohmann::json::parse_error& e) {
        throw Exception(badPatch("the patch is not valid JSON: " + parseReason(e) + " at " +
            lineAndColumn(patch, e.byte == 0 ? 0 : e.byte - 1)));
    } catch (const nlohmann::json::out_of_range& e) {
        // 1e400: no double holds it ("number overflow parsing '1e400'").
        const std::string_view what = e.what();
        throw Exception(badPatch("the patch has a number out of range: " + std::string(what.substr(what.find("] ") + 2))));
    } catch (const TooDeep&) {
        throw Exception(badPatch("the patch nests deeper than " + std::to_string(maxPatchDepth) + " levels"));
    }
}

Json toNlohmann(const boost::json::value& target)
{
    return Json::parse(boost::json::serialize(target));
}

/// The patched document, within `limits` (checked), as Boost.JSON reads it.
boost::json::value toBoost(const Json& document, const DocumentLimits& limits)
{
    boost::json::parse_options options;
    options.max_depth = limits.depth;
    boost::system::error_code failed;
    auto value = boost::json::parse(document.dump(), failed, {}, options);
    if (failed)
        throw Exception(badPatch("the patched document cannot be read back: " + failed.message()));
    return value;
}

// ---------------------------------------------------------------- names as the target spells them

/// The target's spelling of `name`: itself if the target has it, else the one name
/// that matches ignoring case. nullopt when none (or several) match.
std::optional<std::string> targetName(const Json& object, std::string_view name)
{
    if (object.contains(name))
        return std::string(name);
    std::optional<std::string> match;
    for (auto it = object.begin(); it != object.end(); ++it)
        if (asciiEquals(it.key(), name)) {
            if (match)
                return std::nullopt; // ambiguous: leave it as written
            match = it.key();
        }
    return match;
}

/// String dictionaries: their keys are data, matched exactly ("team" and "Team" are two keys).
bool isDictionary(std::string_view name)
{
    return name == "CustomFields" || name == "ExtraFields";
}

/// Renames the merge patch's keys to the target's spelling, through nested objects.
void normaliseMergePatch(const Json& target, Json& patch, const std::string& where)
{
    if (!patch.is_object() || !target.is_object())
        return;
    Json renamed = Json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const std::string name = targetName(target, it.key()).value_or(it.key());
        if (renamed.contains(name))
            throw Exception(badPatch("the patch gives " + quote(where + "/" + name) + " twice, in different cases"));
        const auto child = target.find(name);
        if (child != target.end() && !isDictionary(name))
            normaliseMergePatch(*child, it.value(), where + "/" + name);
        renamed[name] = std::move(it.value());
    }
    patch = std::move(renamed);
}

/// An array index as RFC 6901 writes it ("0", "12"; not "01", "-", "+1").
std::optional<std::size_t> arrayIndex(std::string_view token)
{
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0') ||
        token.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    return std::stoull(std::string(token));
}

/// The reference tokens of a JSON Pointer, unescaped ("~1" is "/", "~0" is "~").
std::vector<std::string> tokensOf(Json::json_pointer pointer)
{
    std::vector<std::string> tokens;
    for (; !pointer.empty(); pointer.pop_back())
        tokens.push_back(pointer.back());
    std::reverse(tokens.begin(), tokens.end());
    return tokens;
}

/// `pointer` with each token in the document's spelling, as far as it resolves.
std::string normalisePointer(const Json& document, const std::string& pointer)
{
    std::vector<std::string> tokens;
    try {
        tokens = tokensOf(Json::json_pointer(pointer));
    } catch (const nlohmann::json::exception&) {
        return pointer; // not a JSON Pointer: the operation reports it
    }
    Json::json_pointer out;
    const Json* at = &document;
    bool exact = false; // inside a dictionary
    for (const auto& token : tokens) {
        if (at && at->is_object()) {
            const auto name =
                exact ? (at->contains(token) ? std::optional(token) : std::nullopt) : targetName(*at, token);
            at = name ? &*at->find(*name) : nullptr;
            exact = name && isDictionary(*name);
            out /= name.value_or(token);
            continue;
        }
        const auto index = at && at->is_array() ? arrayIndex(token) : std::nullopt;
        at = index && *index < at->size() ? &(*at)[*index] : nullptr;
        out /= token;
    }
    return out.to_string();
}

// ---------------------------------------------------------------- operations

constexpr std::array<std::string_view, 6> operationNames { "add", "remove", "replace", "move", "copy", "test" };

/// One operation of a JSON Patch, checked and applied with clear messages.
class Operation {
public:
    Operation(Json& operation, std::size_t index)
        : operation_(operation)
        , source_("operations[" + std::to_string(index) + "]")
    {
    }

    void applyTo(Json& document, PatchBudget& budget)
    {
        try {
            check(document);
            budget.charge(document, operation_, op_, source_); // before it runs: it may grow the document
            document.patch_inplace(Json::array({ operation_ }));
        } catch (const nlohmann::json::other_error&) {
            fail("test failed at " + shown(path_)); // nlohmann's message quotes the value
        } catch (const nlohmann::json::exception& e) {
            fail("cannot " + op_ + " at " + shown(path_) + ": " + std::string(reasonOf(e)));
        }
    }

private:
    /// Checks the operation and rewrites it for nlohmann: names in the document's
    /// spelling, and what nlohmann would report unclearly (or assert on) refused here.
    void check(const Json& document)
    {
        if (!operation_.is_object())
            fail("an operation is an object such as {\"op\": \"replace\", \"path\": \"/Tooltip\", \"value\": \"…\"}");
        normaliseMemberNames();
        op_ = opName();
        path_ = normalisePointer(document, stringMember("path"));
        operation_["path"] = path_;
        const bool fromTo = op_ == "move" || op_ == "copy";
        if (fromTo)
            operation_["from"] = normalisePointer(document, stringMember("from"));
        if ((op_ == "add" || op_ == "replace" || op_ == "test") && !operation_.contains("value"))
            fail(op_ + " needs a \"value\"");

        if (op_ == "add" || fromTo)
            requireParent(document);
        if (op_ == "test" && !exists(document, path_))
            fail("test failed at " + shown(path_) + ": there is no such member");
        if (op_ == "remove" && path_.empty())
            fail("cannot remove the whole document");
        if ((op_ == "remove" || op_ == "replace") && !exists(document, path_))
            fail("there is nothing at " + shown(path_) + " to " + op_);
        if (fromTo) {
            const std::string from = operation_["from"].get<std::string>();
            if (!exists(document, from))
                fail("there is nothing at " + shown(from) + " to " + op_);
            if (op_ == "move" && path_.starts_with(from + "/"))
                fail("cannot move " + shown(from) + " into itself, to " + shown(path_));
        }
    }

    /// Whether `pointer` names a value; a pointer that is not one is reported as such.
    bool exists(const Json& document, const std::string& pointer) const
    {
        const auto parsed = jsonPointer(pointer);
        try {
            return document.contains(parsed);
        } catch (const nlohmann::json::exception&) {
            return false; // nlohmann throws for some tokens it cannot resolve ("" in an array)
        }
    }

    [[noreturn]] void fail(const std::string& message) const
    {
        throw Exception(badPatch(source_ + ": " + message, source_));
    }

    static std::string shown(const std::string& pointer)
    {
        if (pointer.empty())
            return "the root";
        return shortened(pointer);
    }

    /// "Op", "PATH" -> "op", "path": the members are bound ignoring case.
    void normaliseMemberNames()
    {
        for (const std::string_view member : { "op", "path", "from", "value" }) {
            if (operation_.contains(member))
                continue;
            for (auto it = operation_.begin(); it != operation_.end(); ++it)
                if (asciiEquals(it.key(), member)) {
                    Json value = std::move(it.value());
                    operation_.erase(it);
                    operation_[std::string(member)] = std::move(value);
                    break;
                }
        }
    }

    std::string stringMember(const char* member) const
    {
        const auto it = operation_.find(member);
        if (it == operation_.end())
            fail(std::string("the operation has no \"") + member + "\"");
        if (!it->is_string())
            fail(std::string("\"") + member + "\" must be a string: a JSON Pointer such as /Person/Firstname");
        return it->get<std::string>();
    }

    std::string opName()
    {
        const auto it = operation_.find("op");
        if (it == operation_.end())
            fail("the operation has no \"op\"");
        if (!it->is_string())
            fail("\"op\" must be a string: add, remove, replace, move, copy or test");
        const std::string written = it->get<std::string>();
        for (const std::string_view name : operationNames)
            if (asciiEquals(written, name)) {
                *it = std::string(name);
                return std::string(name);
            }
        fail("unknown op " + quote(written) + "; expected add, remove, replace, move, copy or test");
    }

    /// Adding needs an object or an array to add to (nlohmann asserts on anything else).
    void requireParent(const Json& document) const
    {
        const auto pointer = jsonPointer(path_);
        if (pointer.empty())
            return; // replaces the whole document
        const auto parent = pointer.parent_pointer();
        const std::string at = (op_ == "add" ? "cannot add at " : "cannot " + op_ + " to ") + shown(path_) + ": ";
        if (!exists(document, parent.to_string()))
            fail(at + "there is no " + shown(parent.to_string()));
        const Json& container = document.at(parent);
        if (!container.is_object() && !container.is_array())
            fail(at + shown(parent.to_string()) + " is not an object or an array");
        if (container.is_array() && pointer.back() != "-") {
            // (a move removes first, so nlohmann still checks the index against the shorter array)
            const auto index = arrayIndex(pointer.back());
            if (!index)
                fail(at + quote(pointer.back()) + " is not an array index: a number, or - for the end");
            if (*index > container.size())
                fail(at + shown(parent.to_string()) + " has " + std::to_string(container.size()) + " items");
        }
    }

    Json::json_pointer jsonPointer(const std::string& pointer) const
    {
        try {
            return Json::json_pointer(pointer);
        } catch (const nlohmann::json::exception& e) {
            fail(quote(pointer) + " is not a JSON Pointer: " + std::string(reasonOf(e)));
        }
    }

    Json& operation_;
    std::string source_;
    std::string op_; ///< "add", …, once checked
    std::string path_; ///< in the document's spelling, once checked
};

/// The library's errors as they are; anything else (out of memory) as Internal.
template <class F> Result<boost::json::value> capture(F&& apply) noexcept
{
    try {
        return apply();
    } catch (const Exception& e) {
        return e.error();
    } catch (const std::exception& e) {
        return Error(ErrorKind::Internal, std::string("applying the patch failed: ") + e.what(), {}, "patch");
    } catch (...) {
        return Error(ErrorKind::Internal, "applying the patch failed", {}, "patch");
    }
}

} // namespace

Result<boost::json::value> applyMergePatch(
    const boost::json::value& target, std::string_view patch, const DocumentLimits& limits) noexcept
{
    return capture([&] {
        Json changes = parsePatch(patch);
        Json document = toNlohmann(target);
        normaliseMergePatch(document, changes, "");
        document.merge_patch(changes); // no bigger than the target and the patch together
        PatchBudget::check(document, limits);
        return toBoost(document, limits);
    });
}

Result<boost::json::value> applyJsonPatch(
    const boost::json::value& target, std::string_view patch, const DocumentLimits& limits) noexcept
{
    return capture([&] {
        Json operations = parsePatch(patch);
        if (!operations.is_array())
            throw Exception(badPatch(std::string("a JSON Patch is an array of operations, not ") +
                (operations.is_object() ? "an object" : "a single value") +
                " (a merge patch is sent as application/merge-patch+json)"));
        Json document = toNlohmann(target);
        PatchBudget budget(document, limits);
        for (std::size_t i = 0; i < operations.size(); ++i)
            Operation(operations[i], i).applyTo(document, budget);
        return toBoost(document, limits);
    });
}

} // namespace userservice::http
