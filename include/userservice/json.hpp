// JSON for every carrier, both ways (Boost.JSON underneath).
//
// Output: PascalCase names in wire order, null for absent carriers, enums as
// names, flag masks as .NET prints them, date-times exactly as received.
// Input: names bound case-insensitively (camelCase and PascalCase both work),
// unknown properties ignored, a wrong type rejected with the path and the expected
// type ("User.OtherGroups[1].Id: expected an integer, got a string"), malformed
// JSON rejected with its line and column. All such errors are ErrorKind::BadRequest.
#pragma once

#include <userservice/carriers.hpp>
#include <userservice/error.hpp>
#include <userservice/export.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace userservice::json {

/// How large a JSON document may be, checked while it is read, so that no big input
/// costs much before it is refused (BadRequest naming the limit and where). A User is
/// about 6 levels deep and a few hundred values; one with every dictionary full, a few
/// thousand. The HTTP host applies the same to a patched user, with its body limit
/// (by default `bytes`) for the document's size.
struct Limits {
    std::size_t bytes = 1 << 20; ///< the HTTP host's default body limit (ServerOptions::bodyLimit)
    std::size_t depth = 32; ///< nested arrays and objects
    std::size_t values = 20'000; ///< values inside arrays and objects, counted before they are built
    std::size_t dictionaryEntries = 200; ///< entries of ExtraFields or CustomFields
};
inline constexpr Limits limits {};

/// The compact JSON text of a carrier.
template <class T> USERSERVICE_API std::string serialize(const T& carrier);
/// Appends the JSON text of a carrier to `out` (reuse `out` to avoid allocations).
template <class T> USERSERVICE_API void serializeTo(std::string& out, const T& carrier);
/// The carrier as a JSON value, for hosts that compose documents.
template <class T> USERSERVICE_API boost::json::value toValue(const T& carrier);

/// Binds a JSON value to a carrier. @throws Exception (BadRequest) naming the path.
template <class T> USERSERVICE_API T read(const boost::json::value& json);
template <class T> USERSERVICE_API Result<T> tryRead(const boost::json::value& json) noexcept;

/// Parses JSON text into a carrier. @throws Exception (BadRequest) with the line
/// and column of malformed JSON, or the path of a wrongly typed property.
template <class T> USERSERVICE_API T parse(std::string_view text);
template <class T> USERSERVICE_API Result<T> tryParse(std::string_view text) noexcept;

/// Parses JSON text into a value; malformed JSON is a BadRequest error with line and column.
USERSERVICE_API Result<boost::json::value> tryParseValue(std::string_view text) noexcept;

#define USERSERVICE_DECLARE_JSON(T)                                                                                    \
    extern template USERSERVICE_API std::string serialize<T>(const T&);                                                \
    extern template USERSERVICE_API void serializeTo<T>(std::string&, const T&);                                       \
    extern template USERSERVICE_API boost::json::value toValue<T>(const T&);                                           \
    extern template USERSERVICE_API T read<T>(const boost::json::value&);                                              \
    extern template USERSERVICE_API Result<T> tryRead<T>(const boost::json::value&) noexcept;                          \
    extern template USERSERVICE_API T parse<T>(std::string_view);                                                      \
    extern template USERSERVICE_API Result<T> tryParse<T>(std::string_view) noexcept;
USERSERVICE_FOR_EACH_CARRIER(USERSERVICE_DECLARE_JSON)
#undef USERSERVICE_DECLARE_JSON

} // namespace userservice::json
