// What the core needs to know about carrier member types: which are optional,
// arrays or dictionaries, and which carrier (if any) sits inside them.
#pragma once

#include <userservice/ordered_map.hpp>

#include <optional>
#include <type_traits>
#include <vector>

namespace userservice::detail {

template <class T> struct IsOptional : std::false_type {
};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {
};

template <class T> struct IsVector : std::false_type {
};
template <class T> struct IsVector<std::vector<T>> : std::true_type {
};

template <class T> struct IsOrderedMap : std::false_type {
};
template <class T> struct IsOrderedMap<OrderedMap<T>> : std::true_type {
};

/// The type inside any std::optional and std::vector wrappers:
/// `std::optional<std::vector<UserGroup>>` -> `UserGroup`.
template <class T> struct Unwrapped {
    using type = T;
};
template <class T> struct Unwrapped<std::optional<T>> : Unwrapped<T> {
};
template <class T> struct Unwrapped<std::vector<T>> : Unwrapped<T> {
};
template <class T> using UnwrappedT = typename Unwrapped<T>::type;

} // namespace userservice::detail
