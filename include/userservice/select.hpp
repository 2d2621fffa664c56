// The WebAPI `$select` projection: which fields of a User a response keeps.
//
//   $select=name, person/firstname, otherGroups/id
//
// The text is a comma-separated list of field paths; a path names a field by its
// PascalCase wire name, matched case-insensitively, and goes into nested carriers
// with `/`. Whitespace around names is ignored, and so are empty entries. What is
// not selected is reset (null for strings, arrays, dictionaries and carriers; the
// default for numbers, booleans, enums and date-times), so it is written as the
// wire's empty value. TableRight and FieldProperties are fields like any other.
#pragma once

#include <userservice/carriers.hpp>
#include <userservice/error.hpp>
#include <userservice/export.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace userservice {

namespace detail {
struct SelectAccess; // the parsing and applying, in select.cpp; not exported
}

/// A parsed `$select`: which fields of a User to keep.
///
/// Parse once, apply to as many users as needed: a Select does not change after
/// parsing, apply() allocates nothing, and one Select may be shared by threads.
///
/// - A field without children (`person`) is kept whole.
/// - A field with children (`person/firstname`) is kept, and inside it only the
///   children are; for an array of carriers (`otherGroups/id`) this holds for
///   every element. A field both kept whole and by children is kept whole.
/// - Nothing to select (empty text, or only whitespace and commas) keeps everything.
class USERSERVICE_API Select {
public:
    /// Selects everything.
    Select() = default;

    /// Parses `$select` text.
    /// @throws Exception (ErrorKind::BadRequest, source "$select") listing every
    /// problem at once, each also as a FieldError named by the path as written:
    /// unknown names (`unknown field(s) "foo", "person/bar"`), a name below a field
    /// that is not a carrier (`"name/x": Name has no fields`), and an empty name in
    /// a path (`"person//firstname": empty field name`).
    static Select parse(std::string_view text);
    /// parse() that returns the error instead of throwing.
    static Result<Select> tryParse(std::string_view text) noexcept;

    /// True when every field is kept, i.e. apply() changes nothing.
    bool selectsAll() const noexcept { return fields_.empty(); }

    /// Resets every field of `user` that is not selected.
    void apply(User& user) const;

    /// Equal when they keep the same fields, however they were spelled
    /// (`"PERSON, person/firstname"` equals `"person"`).
    friend bool operator==(const Select&, const Select&) = default;

private:
    /// One selected field of a carrier.
    struct Node {
        std::uint16_t field = 0; ///< its index in the carrier's field table
        std::vector<Node> children; ///< what is kept inside it, by field; empty: all of it
        friend bool operator==(const Node&, const Node&) = default;
    };
    friend struct detail::SelectAccess;

    std::vector<Node> fields_; ///< the selected fields of User, by field; empty: all of them
};

} // namespace userservice
