// Another value for a carrier field of a plain type, for tests that change every field of
// a carrier in turn (detail::forEachField).
#pragma once

#include <userservice/carriers.hpp>

#include <cstdint>
#include <string>
#include <type_traits>

namespace userservice::testing_values {

/// Gives `value` another value of its type, valid where possible (`n` makes it unique);
/// false for the types a test changes by hand (links, lists, the person).
template <class T> bool change(T& value, int n)
{
    if constexpr (std::is_same_v<T, OptionalString>)
        value = "c" + std::to_string(n) + "@example.com"; // short, and an e-mail address where one is wanted
    else if constexpr (std::is_same_v<T, std::int32_t>)
        value += 1;
    else if constexpr (std::is_same_v<T, bool>)
        value = !value;
    else if constexpr (std::is_enum_v<T>)
        value = static_cast<T>(static_cast<int>(value) == 1 ? 2 : 1);
    else if constexpr (std::is_same_v<T, DateTime>)
        value = DateTime::parse("2025-0" + std::to_string(1 + n % 9) + "-02T03:04:05Z");
    else
        return false;
    return true;
}

} // namespace userservice::testing_values
