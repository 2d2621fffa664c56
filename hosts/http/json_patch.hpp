// PATCH /api/v1/User/{id}: RFC 7386 merge patches and RFC 6902 JSON Patch, applied
// to the user's current JSON in wire form (PascalCase names).
//
// Requests are bound case-insensitively in this service, so a patch may spell names
// as the official client does (camelCase: {"person": {"firstname": "Ada"}},
// "/person/firstname") or as the seeds do (PascalCase). Before it is applied, a
// patch takes the target's spelling of every name that matches one of the target's
// names ignoring ASCII case; names that match none are left as written (they add
// new members). Where two of the target's names differ only in case, a name is
// resolved only when it matches one of them exactly.
#pragma once

#include <userservice/error.hpp>
#include <userservice/json.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>

namespace userservice::http {

/// What a patched document may become: json::limits' depth and values, and the host's
/// body limit in bytes (a patch may not make a user larger than a body it would accept).
struct DocumentLimits {
    std::size_t bytes = json::limits.bytes;
    std::size_t depth = json::limits.depth;
    std::size_t values = json::limits.values;
};

/// Applies an RFC 7386 merge patch (text) to `target` (the user's current JSON in wire form).
/// Errors are BadRequest with source "patch": text that is not JSON (naming the line
/// and column), nesting deeper than 64 levels, one name given twice in different cases,
/// a result beyond `limits`.
Result<boost::json::value> applyMergePatch(
    const boost::json::value& target, std::string_view patch, const DocumentLimits& limits = {}) noexcept;

/// Applies an RFC 6902 JSON Patch (text: an array of operations, `test` included),
/// all or nothing. Member names ("Op", "Path") and op names ("Replace") are read
/// ignoring case, as ASP.NET's JsonPatch does. `path` and `from` are resolved
/// against the document as it is when their operation runs; segments that match no
/// name are left as written, array indexes and "-" untouched.
/// Errors are BadRequest: the patch's own (not JSON, not an array) with source
/// "patch"; an operation's ("operations[2]: test failed at /Person/Firstname") with
/// source "operations[2]". Values are never echoed: they may be passwords. Each
/// operation is charged against `limits` before it runs: one that would grow the
/// document beyond them is refused, naming its index and the limit.
Result<boost::json::value> applyJsonPatch(
    const boost::json::value& target, std::string_view patch, const DocumentLimits& limits = {}) noexcept;

} // namespace userservice::http
