// The size of a document under a JSON Patch, kept as a running count: each operation
// is charged before it runs, from the sizes of the values it adds and removes, so a
// patch cannot grow the document past the limits (a body of `copy` operations that
// copy the document into itself doubles it with each one). Only the document at the
// start, the values an operation adds and those it replaces are walked.
#pragma once

#include "json_patch.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace userservice::http {

using PatchJson = nlohmann::ordered_json;

class PatchBudget {
public:
    /// A document that is already larger than `limits` may be patched, but not grown.
    PatchBudget(const PatchJson& document, const DocumentLimits& limits);

    /// Charges a checked operation (op and pointers in the document's spelling) before
    /// it runs; a BadRequest naming `source` and the limit when the document would
    /// exceed one.
    void charge(const PatchJson& document, const PatchJson& operation, std::string_view op, const std::string& source);

    /// A BadRequest (source "patch") when a whole document exceeds `limits` (a merge patch's result).
    static void check(const PatchJson& document, const DocumentLimits& limits);

    /// What the limits count of a value: its values (itself included), its bytes as
    /// serialized, and how many arrays and objects deep it nests.
    struct Size {
        std::size_t values = 0;
        std::size_t bytes = 0;
        std::size_t depth = 0;
    };
    static Size sizeOf(const PatchJson& value);

private:
    DocumentLimits limits_;
    Size total_;
};

} // namespace userservice::http
