// Writing a carrier (or any of its members) as JSON text, straight from the carrier:
// what json::serialize does, and json::userChanges for the values of changed fields.
#pragma once

#include "carrier_fields.hpp"
#include "type_traits.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

namespace userservice::json::writer {

using detail::Carrier;
using detail::IsOptional;
using detail::IsOrderedMap;
using detail::IsVector;

// Text is written straight from the carrier instead of building a
// boost::json::value first, through a cursor that grows the string in big steps:
// a response is hundreds of tiny appends, and std::string::append per piece costs
// more than the rest of the work.

class TextWriter {
public:
    explicit TextWriter(std::string& out)
        : out_(out)
        , size_(out.size())
    {
    }
    TextWriter(const TextWriter&) = delete;
    ~TextWriter() { out_.resize(size_); }

    void put(char c) { *room(1) = c, ++size_; }
    void put(std::string_view text)
    {
        std::memcpy(room(text.size()), text.data(), text.size());
        size_ += text.size();
    }
    /// Up to `n` characters written at the returned pointer, then commit(count).
    char* room(std::size_t n)
    {
        if (size_ + n > out_.size())
            out_.resize(std::max(out_.size() * 2, size_ + n + 512));
        return out_.data() + size_;
    }
    void commit(std::size_t n) { size_ += n; }

private:
    std::string& out_;
    std::size_t size_;
};

inline void writeString(TextWriter& out, std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.put('"');
    std::size_t plain = 0; // start of the run of characters that need no escape
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.put(text.substr(plain, i - plain));
        plain = i + 1;
        out.put('\\');
        switch (c) {
        case '"':
            out.put('"');
            break;
        case '\\':
            out.put('\\');
            break;
        case '\n':
            out.put('n');
            break;
        case '\r':
            out.put('r');
            break;
        case '\t':
            out.put('t');
            break;
        case '\b':
            out.put('b');
            break;
        case '\f':
            out.put('f');
            break;
        default:
            out.put("u00");
            out.put(hex[c >> 4]);
            out.put(hex[c & 0xF]);
        }
    }
    out.put(text.substr(plain));
    out.put('"');
}

template <class T> void writeValue(TextWriter& out, const T& value);

template <Carrier C> void writeCarrier(TextWriter& out, const C& carrier)
{
    out.put('{');
    bool first = true;
    detail::forEachField<C>([&](const auto& field) {
        if (!first)
            out.put(',');
        first = false;
        out.put('"');
        out.put(field.name); // wire names are plain ASCII: nothing to escape
        out.put("\":");
        writeValue(out, carrier.*field.member);
    });
    out.put('}');
}

template <class T> void writeValue(TextWriter& out, const T& value)
{
    if constexpr (std::is_same_v<T, bool>) {
        out.put(value ? std::string_view("true") : std::string_view("false"));
    } else if constexpr (std::is_same_v<T, std::int32_t>) {
        char* at = out.room(11);
        out.commit(std::to_chars(at, at + 11, value).ptr - at);
    } else if constexpr (std::is_same_v<T, std::string>) {
        writeString(out, value);
    } else if constexpr (std::is_same_v<T, DateTime>) {
        char* at = out.room(DateTime::maxTextLength + 2);
        *at = '"';
        char* end = value.format(at + 1);
        *end++ = '"';
        out.commit(end - at);
    } else if constexpr (std::is_enum_v<T>) {
        writeString(out, toString(value));
    } else if constexpr (IsOptional<T>::value) {
        if (value)
            writeValue(out, *value);
        else
            out.put("null");
    } else if constexpr (IsVector<T>::value) {
        out.put('[');
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (i != 0)
                out.put(',');
            writeValue(out, value[i]);
        }
        out.put(']');
    } else if constexpr (IsOrderedMap<T>::value) {
        out.put('{');
        bool first = true;
        for (const auto& [key, item] : value) {
            if (!first)
                out.put(',');
            first = false;
            writeString(out, key);
            out.put(':');
            writeValue(out, item);
        }
        out.put('}');
    } else {
        static_assert(Carrier<T>, "no JSON form for this member type");
        writeCarrier(out, value);
    }
}

} // namespace userservice::json::writer
