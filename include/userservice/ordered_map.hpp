// A string-keyed map that keeps insertion order, for the JSON objects of the wire
// format (FieldProperties, ExtraFields, CustomFields) whose order must survive a
// round trip. They hold a few dozen entries at most, so lookup is a linear scan.
//
// Copies share their entries until one of them is changed (copy on write): the
// rights engine hands the same FieldProperties to every carrier it returns, and a
// copy then costs a reference count, not dozens of strings.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace userservice {

template <class T> class OrderedMap {
public:
    using value_type = std::pair<std::string, T>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    OrderedMap() = default;
    OrderedMap(std::initializer_list<value_type> entries)
        : entries_(std::make_shared<Entries>(entries))
    {
    }

    /// The value stored under `key` (exact match), or nullptr.
    const T* find(std::string_view key) const noexcept
    {
        for (const auto& [name, value] : view())
            if (name == key)
                return &value;
        return nullptr;
    }
    T* find(std::string_view key)
    {
        if (!std::as_const(*this).find(key))
            return nullptr;
        for (auto& [name, value] : own())
            if (name == key)
                return &value;
        return nullptr;
    }

    /// Replaces the value under `key`, or appends it.
    T& set(std::string_view key, T value)
    {
        if (T* existing = find(key))
            return *existing = std::move(value);
        return own().emplace_back(std::string(key), std::move(value)).second;
    }

    /// Appends without looking for `key`: for sources whose keys are unique already (a
    /// JSON object), so that reading n entries costs n, not n² comparisons.
    T& append(std::string key, T value) { return own().emplace_back(std::move(key), std::move(value)).second; }

    bool erase(std::string_view key)
    {
        if (!std::as_const(*this).find(key))
            return false;
        auto& entries = own();
        for (auto it = entries.begin(); it != entries.end(); ++it)
            if (it->first == key) {
                entries.erase(it);
                return true;
            }
        return false;
    }

    void reserve(std::size_t n) { own().reserve(n); }
    std::size_t size() const noexcept { return view().size(); }
    bool empty() const noexcept { return view().empty(); }
    iterator begin() { return own().begin(); }
    iterator end() { return own().end(); }
    const_iterator begin() const noexcept { return view().begin(); }
    const_iterator end() const noexcept { return view().end(); }

    friend bool operator==(const OrderedMap& a, const OrderedMap& b)
    {
        return a.entries_ == b.entries_ || a.view() == b.view();
    }

private:
    using Entries = std::vector<value_type>;

    const Entries& view() const noexcept
    {
        static const Entries none;
        return entries_ ? *entries_ : none;
    }
    /// The entries, made this map's own first if they are shared.
    Entries& own()
    {
        if (!entries_)
            entries_ = std::make_shared<Entries>();
        else if (entries_.use_count() > 1)
            entries_ = std::make_shared<Entries>(*entries_);
        return *entries_;
    }

    std::shared_ptr<Entries> entries_; ///< null while empty
};

} // namespace userservice
