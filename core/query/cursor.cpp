// A page's next cursor: the sort keys and id of the last user returned, with the
// order they belong to, as base64url JSON. It holds only values of fields the caller
// could read on that user (searching.cpp skips users it may not sort by), so it
// tells a client nothing the page did not.
#include "query.hpp"

#include <boost/json.hpp>
#include <sodium.h>

namespace userservice::query {
namespace {

std::string signature(const std::vector<QueryOrder>& order)
{
    std::string text;
    for (const auto& item : order)
        text += std::to_string(static_cast<int>(item.field)) + (item.descending ? "d" : "a");
    return text;
}

[[noreturn]] void badCursor()
{
    throw Exception(Error(ErrorKind::BadRequest,
        "$skiptoken: not a cursor of this list (send back the nextLink as it came, with the same $orderBy)", {},
        "$skiptoken"));
}

} // namespace

std::string encodeCursor(const std::vector<QueryOrder>& order, const Position& position)
{
    boost::json::array keys;
    for (const auto& key : position.keys)
        std::visit([&](const auto& value) { keys.emplace_back(value); }, key);
    const std::string json = boost::json::serialize(
        boost::json::object { { "o", signature(order) }, { "k", std::move(keys) }, { "i", position.id } });
    std::string text(sodium_base64_ENCODED_LEN(json.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(json.data()), json.size(),
        sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(text.find('\0'));
    return text;
}

Position decodeCursor(const std::vector<QueryOrder>& order, std::string_view cursor)
{
    if (cursor.size() > 8192)
        badCursor();
    std::string json(cursor.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(json.data()), json.size(), cursor.data(), cursor.size(),
            nullptr, &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        badCursor();
    json.resize(length);
    boost::system::error_code ec;
    const auto value = boost::json::parse(json, ec);
    const auto* object = ec ? nullptr : value.if_object();
    const auto* sig = object ? object->if_contains("o") : nullptr;
    const auto* keys = object ? object->if_contains("k") : nullptr;
    const auto* id = object ? object->if_contains("i") : nullptr;
    if (!sig || !sig->is_string() || sig->get_string() != signature(order) || !keys || !keys->is_array() ||
        keys->get_array().size() != order.size() || !id || !id->is_int64())
        badCursor();
    Position position;
    position.id = static_cast<std::int32_t>(id->get_int64());
    for (const auto& key : keys->get_array()) {
        if (key.is_int64())
            position.keys.emplace_back(key.get_int64());
        else if (key.is_string())
            position.keys.emplace_back(std::string(key.get_string()));
        else
            badCursor();
    }
    return position;
}

} // namespace userservice::query
