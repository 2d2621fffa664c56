#include "patch_budget.hpp"

#include <algorithm>

namespace userservice::http {
namespace {

using Json = PatchJson;
using Size = PatchBudget::Size;

/// The bytes of a string as nlohmann serializes it: quoted, escapes, UTF-8 as it is.
std::size_t quotedBytes(std::string_view text)
{
    std::size_t bytes = 2;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '"' || u == '\\' || u == '\n' || u == '\r' || u == '\t' || u == '\b' || u == '\f')
            bytes += 2;
        else
            bytes += u < 0x20 ? 6 : 1; // \u00XX
    }
    return bytes;
}

/// A value at `path`: its own size and its member name (or the comma between items).
Size placed(const Json& document, const Json::json_pointer& path, const Json& value)
{
    Size size = PatchBudget::sizeOf(value);
    if (!path.empty())
        size.bytes += document.at(path.parent_pointer()).is_object() ? quotedBytes(path.back()) + 2 : 1;
    return size;
}

std::string limitText(std::size_t limit)
{
    return "; at most " + std::to_string(limit) + " are allowed";
}

[[noreturn]] void refuse(const std::string& source, const std::string& what)
{
    throw Exception(Error(ErrorKind::BadRequest, source + ": " + what + "; nothing was changed", {}, source));
}

/// The problem with a document of `size` (`what` names it), or "" when it is within `limits`.
std::string problem(const std::string& what, const Size& size, const DocumentLimits& limits)
{
    if (size.depth > limits.depth)
        return what + " nest deeper than " + std::to_string(limits.depth) + " levels";
    if (size.values > limits.values)
        return what + " hold " + std::to_string(size.values) + " values" + limitText(limits.values);
    if (size.bytes > limits.bytes)
        return what + " be " + std::to_string(size.bytes) + " bytes long" + limitText(limits.bytes) +
            " (the host's body limit)";
    return {};
}

} // namespace

Size PatchBudget::sizeOf(const Json& value)
{
    Size size { 1, 0, 0 };
    switch (value.type()) {
    case Json::value_t::object:
    case Json::value_t::array: {
        const bool object = value.is_object();
        size.bytes = 2;
        for (auto it = value.begin(); it != value.end(); ++it) {
            const Size item = sizeOf(it.value());
            size.values += item.values;
            size.bytes += item.bytes + 1 + (object ? quotedBytes(it.key()) + 1 : 0); // comma, name and colon
            size.depth = std::max(size.depth, item.depth);
        }
        ++size.depth;
        break;
    }
    case Json::value_t::string:
        size.bytes = quotedBytes(value.get_ref<const std::string&>());
        break;
    case Json::value_t::boolean:
        size.bytes = value.get<bool>() ? 4 : 5;
        break;
    case Json::value_t::null:
        size.bytes = 4;
        break;
    default: // numbers
        size.bytes = value.dump().size();
    }
    return size;
}

PatchBudget::PatchBudget(const Json& document, const DocumentLimits& limits)
    : limits_(limits)
    , total_(sizeOf(document))
{
    limits_.bytes = std::max(limits_.bytes, total_.bytes);
    limits_.values = std::max(limits_.values, total_.values);
    limits_.depth = std::max(limits_.depth, total_.depth);
}

void PatchBudget::charge(const Json& document, const Json& operation, std::string_view op, const std::string& source)
{
    if (op == "test")
        return;
    const std::string pathText = operation.at("path").get<std::string>();
    const Json::json_pointer path(pathText);
    Size added, removed;
    if (op == "remove") {
        removed = placed(document, path, document.at(path));
    } else {
        const bool fromTo = op == "move" || op == "copy";
        const std::string fromText = fromTo ? operation.at("from").get<std::string>() : std::string();
        if (op == "move" && fromText == pathText)
            return; // stays where it is
        const Json::json_pointer from(fromText);
        const Json& value = fromTo ? document.at(from) : operation.at("value");
        added = placed(document, path, value);
        // What the value replaces: the whole document, a member of that name, the item replaced.
        if (path.empty())
            removed = total_;
        else if (op == "replace" || (document.at(path.parent_pointer()).is_object() && document.contains(path)))
            removed = placed(document, path, document.at(path));
        if (op == "move" && !fromText.starts_with(pathText + "/")) { // (else it went with what was replaced)
            const Size moved = placed(document, from, value);
            removed.values += moved.values;
            removed.bytes += moved.bytes;
        }
        const auto above = static_cast<std::size_t>(std::count(pathText.begin(), pathText.end(), '/'));
        added.depth += above; // the arrays and objects it goes into
    }
    Size next;
    next.values = total_.values + added.values - std::min(removed.values, total_.values + added.values);
    next.bytes = total_.bytes + added.bytes - std::min(removed.bytes, total_.bytes + added.bytes);
    next.depth = added.depth; // only what is added can be too deep
    if (auto text = problem(std::string(op) + " would make the document", next, limits_); !text.empty())
        refuse(source, text);
    total_ = next;
}

void PatchBudget::check(const Json& document, const DocumentLimits& limits)
{
    if (auto text = problem("the patched document would", sizeOf(document), limits); !text.empty())
        throw Exception(Error(ErrorKind::BadRequest, text + "; nothing was changed", {}, "patch"));
}

} // namespace userservice::http
