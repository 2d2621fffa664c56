#include <userservice/json.hpp>

#include "ascii.hpp"
#include "capture.hpp"
#include "carrier_fields.hpp"
#include "field_limits.hpp"
#include "json_writer.hpp"
#include "type_traits.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

namespace userservice::json {
namespace {

using detail::Carrier;
using detail::CarrierInfo;
using detail::IsOptional;
using detail::IsOrderedMap;
using detail::IsVector;

// ---------------------------------------------------------------- reading

/// The values a read may still build (limits.values): charged for each array and
/// object before its items are built, so a wide document is refused before it costs.
struct Budget {
    std::size_t values = 0;
};

// The path of the value being read, kept on the stack and spelled out only when
// an error is reported: "User.OtherGroups[1].Id".
struct Path {
    const Path* parent = nullptr;
    std::string_view name;
    std::size_t index = 0;
    bool isIndex = false;
    Budget* budget = nullptr; ///< the read's, shared by every path of it
    std::size_t depth = 0; ///< the arrays and objects around it

    Path member(std::string_view member) const { return { this, member, 0, false, budget, depth + 1 }; }
    Path item(std::size_t i) const { return { this, {}, i, true, budget, depth + 1 }; }

    std::string toString() const
    {
        std::string head = parent ? parent->toString() : std::string();
        if (isIndex)
            return head + '[' + std::to_string(index) + ']';
        return head.empty() ? std::string(name) : head + '.' + std::string(name);
    }
};

std::string_view describe(const boost::json::value& json)
{
    switch (json.kind()) {
    case boost::json::kind::null:
        return "null";
    case boost::json::kind::bool_:
        return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
        return "an integer";
    case boost::json::kind::double_:
        return "a number";
    case boost::json::kind::string:
        return "a string";
    case boost::json::kind::array:
        return "an array";
    case boost::json::kind::object:
        break;
    }
    return "an object";
}

[[noreturn]] void fail(const Path& path, std::string_view problem)
{
    const std::string where = path.toString();
    throw Exception(Error(ErrorKind::BadRequest, where + ": " + std::string(problem), {}, where));
}

[[noreturn]] void expected(const Path& path, std::string_view what, const boost::json::value& got)
{
    fail(path, "expected " + std::string(what) + ", got " + std::string(describe(got)));
}

/// Takes `count` values (the items of an array or object at `path`) from the read's
/// budget; a value built elsewhere (not parsed here) may also be too deep.
void charge(const Path& path, std::size_t count)
{
    if (path.depth >= limits.depth)
        fail(path, "the document nests deeper than " + std::to_string(limits.depth) + " levels");
    if (!path.budget)
        return;
    path.budget->values += count;
    if (path.budget->values > limits.values)
        fail(path, "the document holds more than " + std::to_string(limits.values) + " values; no more are read");
}

template <class E> std::string enumChoices()
{
    std::string list;
    for (const auto& entry : enumNames<E>()) {
        if (entry.alias)
            continue;
        if (!list.empty())
            list += ", ";
        list += entry.name;
    }
    return list;
}

template <class T> void readValue(const boost::json::value& json, T& out, const Path& path);

template <Carrier C> void readCarrier(const boost::json::value& json, C& out, const Path& path)
{
    const auto* object = json.if_object();
    if (!object)
        expected(path, "an object", json);

    constexpr std::size_t count = detail::fieldCount<C>;
    using Reader = void (*)(const boost::json::value&, C&, const Path&);
    static constexpr auto names = []<std::size_t... I>(std::index_sequence<I...>)
    {
        return std::array<std::string_view, count> { std::get<I>(CarrierInfo<C>::fields).name... };
    }
    (std::make_index_sequence<count> {});
    static constexpr auto readers = []<std::size_t... I>(std::index_sequence<I...>)
    {
        return std::array<Reader, count> { +[](const boost::json::value& v, C& c, const Path& p) {
            constexpr auto field = std::get<I>(CarrierInfo<C>::fields);
            readValue(v, c.*field.member, p.member(field.name));
        }... };
    }
    (std::make_index_sequence<count> {});

    charge(path, object->size());
    // Documents usually list properties in wire order: try the next field first.
    std::size_t next = 0;
    for (const auto& member : *object) {
        const std::string_view key = member.key();
        std::size_t found = count;
        if (next < count && (names[next] == key || iequals(names[next], key))) {
            found = next;
        } else {
            for (std::size_t i = 0; i < count; ++i)
                if (iequals(names[i], key)) {
                    found = i;
                    break;
                }
        }
        if (found == count)
            continue; // unknown properties are ignored, as the .NET model binder does
        readers[found](member.value(), out, path);
        next = found + 1;
    }
}

std::int32_t readInt32(const boost::json::value& json, const Path& path)
{
    constexpr auto low = std::numeric_limits<std::int32_t>::min();
    constexpr auto high = std::numeric_limits<std::int32_t>::max();
    if (json.is_int64()) {
        const auto v = json.get_int64();
        if (v < low || v > high)
            fail(path, "expected a 32-bit integer, got a number out of range");
        return static_cast<std::int32_t>(v);
    }
    if (json.is_uint64())
        fail(path, "expected a 32-bit integer, got a number out of range");
    if (!json.is_double())
        expected(path, "an integer", json);
    const double v = json.get_double();
    if (!(v >= low && v <= high)) // before any cast: casting an out-of-range double is undefined
        fail(path, "expected a 32-bit integer, got a number out of range");
    if (v != static_cast<double>(static_cast<std::int32_t>(v)))
        fail(path, "expected an integer, got a fractional number");
    return static_cast<std::int32_t>(v);
}

template <class T> T readEnum(const boost::json::value& json, const Path& path)
{
    std::optional<T> parsed;
    if (const auto* s = json.if_string())
        parsed = enumFromString<T>(*s);
    else if (json.is_int64())
        parsed = enumFromString<T>(std::to_string(json.get_int64()));
    else
        expected(path, "a name of " + enumChoices<T>(), json);
    if (!parsed)
        fail(path, "expected one of " + enumChoices<T>() + ", got an unknown name");
    return *parsed;
}

template <class T> void readMap(const boost::json::value& json, T& out, const Path& path)
{
    const auto* object = json.if_object();
    if (!object)
        expected(path, "an object", json);
    if (auto tooMany = detail::dictionaryProblem(object->size()); !tooMany.empty())
        fail(path, tooMany); // before any entry is built
    charge(path, object->size());
    out = T {};
    out.reserve(object->size());
    for (const auto& member : *object) {
        typename T::value_type::second_type item {};
        readValue(member.value(), item, path.member(member.key()));
        out.append(std::string(member.key()), std::move(item)); // a JSON object's keys are unique
    }
}

template <class T> void readValue(const boost::json::value& json, T& out, const Path& path)
{
    if constexpr (std::is_same_v<T, bool>) {
        if (!json.is_bool())
            expected(path, "a boolean", json);
        out = json.get_bool();
    } else if constexpr (std::is_same_v<T, std::int32_t>) {
        out = readInt32(json, path);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (json.is_null())
            out.clear();
        else if (const auto* s = json.if_string())
            out.assign(s->data(), s->size());
        else
            expected(path, "a string", json);
    } else if constexpr (std::is_same_v<T, DateTime>) {
        const auto* s = json.if_string();
        if (!s)
            expected(path, "a date-time string", json);
        auto parsed = DateTime::tryParse(*s);
        if (!parsed)
            fail(path, parsed.error().message());
        out = *parsed;
    } else if constexpr (std::is_enum_v<T>) {
        out = readEnum<T>(json, path);
    } else if constexpr (IsOptional<T>::value) {
        if (json.is_null())
            out.reset();
        else
            readValue(json, out.emplace(), path);
    } else if constexpr (IsVector<T>::value) {
        const auto* array = json.if_array();
        if (!array)
            expected(path, "an array", json);
        charge(path, array->size()); // before the items are built
        out.clear();
        out.resize(array->size());
        for (std::size_t i = 0; i < array->size(); ++i)
            readValue((*array)[i], out[i], path.item(i));
    } else if constexpr (IsOrderedMap<T>::value) {
        readMap(json, out, path);
    } else {
        static_assert(Carrier<T>, "no JSON form for this member type");
        readCarrier(json, out, path);
    }
}

// One parser and one arena per thread: the DOM of a request is temporary, so it
// lives in a monotonic buffer that is reset, not freed piece by piece.
// The resource is made anew for each document: Boost 1.81's release() keeps the size
// of its next block, which doubles with every document that spills out of the arena
// until an allocation fails (std::bad_alloc after a few dozen large documents).
boost::json::parse_options parseOptions()
{
    boost::json::parse_options options;
    options.max_depth = limits.depth;
    return options;
}

struct ThreadParser {
    static constexpr std::size_t arenaSize = 256 * 1024; // a large User document fits
    std::unique_ptr<unsigned char[]> arena { new unsigned char[arenaSize] };
    std::optional<boost::json::monotonic_resource> resource;
    boost::json::parser parser { {}, parseOptions() };
};

std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset)
{
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return { line, column };
}

// Parses into `parser`, which then holds the value; an error names line and column.
std::optional<Error> parseInto(boost::json::parser& parser, std::string_view text)
{
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
    if (!ec && consumed != text.size())
        ec = boost::json::error::extra_data;
    if (!ec)
        return std::nullopt;
    const auto [line, column] = lineAndColumn(text, consumed);
    std::string where = "line " + std::to_string(line) + ", column " + std::to_string(column);
    if (ec == boost::json::error::too_deep)
        return Error(ErrorKind::BadRequest,
            "the JSON nests deeper than " + std::to_string(limits.depth) + " levels at " + where, {}, where);
    return Error(ErrorKind::BadRequest, "malformed JSON at " + where + ": " + ec.message(), {}, where);
}

} // namespace

template <class T> void serializeTo(std::string& out, const T& carrier)
{
    writer::TextWriter text(out);
    writer::writeValue(text, carrier);
}

template <class T> std::string serialize(const T& carrier)
{
    std::string out;
    serializeTo(out, carrier);
    return out;
}

template <class T> boost::json::value toValue(const T& carrier)
{
    return boost::json::parse(serialize(carrier));
}

template <class T> T read(const boost::json::value& json)
{
    T out {};
    Budget budget;
    readValue(json, out, Path { nullptr, CarrierInfo<T>::name, 0, false, &budget });
    return out;
}

template <class T> Result<T> tryRead(const boost::json::value& json) noexcept
{
    return detail::captureErrors([&] { return read<T>(json); });
}

template <class T> T parse(std::string_view text)
{
    thread_local ThreadParser state;
    state.resource.emplace(state.arena.get(), ThreadParser::arenaSize);
    state.parser.reset(&*state.resource);
    struct Release { // the arena is reset whatever happens
        ThreadParser& s;
        ~Release()
        {
            s.parser.reset();
            s.resource.reset();
        }
    } release { state };
    if (auto error = parseInto(state.parser, text))
        throw Exception(std::move(*error));
    const boost::json::value document = state.parser.release();
    return read<T>(document);
}

template <class T> Result<T> tryParse(std::string_view text) noexcept
{
    return detail::captureErrors([&] { return parse<T>(text); });
}

Result<boost::json::value> tryParseValue(std::string_view text) noexcept
{
    return detail::captureErrors([&] {
        boost::json::parser parser { {}, parseOptions() };
        if (auto error = parseInto(parser, text))
            throw Exception(std::move(*error));
        return parser.release();
    });
}

#define USERSERVICE_DEFINE_JSON(T)                                                                                     \
    template USERSERVICE_API std::string serialize<T>(const T&);                                                       \
    template USERSERVICE_API void serializeTo<T>(std::string&, const T&);                                              \
    template USERSERVICE_API boost::json::value toValue<T>(const T&);                                                  \
    template USERSERVICE_API T read<T>(const boost::json::value&);                                                     \
    template USERSERVICE_API Result<T> tryRead<T>(const boost::json::value&) noexcept;                                 \
    template USERSERVICE_API T parse<T>(std::string_view);                                                             \
    template USERSERVICE_API Result<T> tryParse<T>(std::string_view) noexcept;
USERSERVICE_FOR_EACH_CARRIER(USERSERVICE_DEFINE_JSON)
#undef USERSERVICE_DEFINE_JSON

} // namespace userservice::json
