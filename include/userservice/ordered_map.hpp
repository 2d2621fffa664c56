// A string-keyed map that keeps insertion order, for the JSON objects of the wire
// format (FieldProperties, ExtraFields, CustomFields) whose order must survive a
// round trip. They hold a few dozen entries at most, so lookup is a linear scan.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace userservice {

template <class T>
class OrderedMap {
public:
    using value_type = std::pair<std::string, T>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    OrderedMap() = default;
    OrderedMap(std::initializer_list<value_type> entries) : entries_(entries) {}

    /// The value stored under `key` (exact match), or nullptr.
    const T* find(std::string_view key) const noexcept
    {
        for (const auto& [name, value] : entries_)
            if (name == key)
                return &value;
        return nullptr;
    }
    T* find(std::string_view key) noexcept
    {
        return const_cast<T*>(std::as_const(*this).find(key));
    }

    /// Replaces the value under `key`, or appends it.
    T& set(std::string_view key, T value)
    {
        if (T* existing = find(key))
            return *existing = std::move(value);
        return entries_.emplace_back(std::string(key), std::move(value)).second;
    }

    bool erase(std::string_view key)
    {
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->first == key) {
                entries_.erase(it);
                return true;
            }
        return false;
    }

    void reserve(std::size_t n) { entries_.reserve(n); }
    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    iterator begin() noexcept { return entries_.begin(); }
    iterator end() noexcept { return entries_.end(); }
    const_iterator begin() const noexcept { return entries_.begin(); }
    const_iterator end() const noexcept { return entries_.end(); }

    friend bool operator==(const OrderedMap&, const OrderedMap&) = default;

private:
    std::vector<value_type> entries_;
};

} // namespace userservice
