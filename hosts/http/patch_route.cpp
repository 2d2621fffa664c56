// PATCH /api/v1/User/{id}: a merge patch (RFC 7386) or a JSON Patch (RFC 6902)
// applied to the stored user and saved under the version it was read at, so that
// a save landing in between is never overwritten silently.
#include "call.hpp"
#include "json_patch.hpp"

#include <boost/beast/core/string.hpp>

namespace userservice::http {
namespace {

using boost::beast::iequals;

/// How often a PATCH is read, applied and saved again when another save came in
/// between; after that it is answered 412.
constexpr int patchAttempts = 3;

/// Whether the body is a merge patch (else a JSON Patch); 415 for anything else.
bool isMergePatch(const Call& call)
{
    const auto essence = mediaType(call.request);
    if (iequals(essence, "application/merge-patch+json"))
        return true;
    if (iequals(essence, "application/json-patch+json"))
        return false;
    throw httpError(415,
        "PATCH takes application/merge-patch+json (RFC 7386) or application/json-patch+json (RFC 6902), not " +
            std::string(essence.empty() ? "a body without Content-Type" : essence),
        "Content-Type");
}

/// The stored user with the patch applied, and the stamp it was read at (read
/// first: a save after it makes the patched user's save fail, never pass).
std::pair<User, DateTime> patched(const Call& call, std::int32_t id, bool merge)
{
    const auto stamps = call.service.changeStamps(call.caller, id);
    const auto current = stamps ? call.service.getUser(call.caller, id) : std::nullopt;
    if (!current)
        throw Exception(Error(ErrorKind::NotFound, std::string(userNotFound), {}, "id"));
    const auto document = json::toValue(*current);
    const DocumentLimits limits { .bytes = call.bodyLimit };
    auto result = merge ? applyMergePatch(document, call.request.body(), limits)
                        : applyJsonPatch(document, call.request.body(), limits);
    if (!result)
        throw Exception(result.error());
    return { json::read<User>(*result), stamps->updated };
}

} // namespace

Response patchUser(const Call& call, std::int32_t id)
{
    const bool merge = isMergePatch(call);
    const SaveOptions requested = call.saveOptions(); // the client's own If-Unmodified-Since
    for (int attempt = 1;; ++attempt) {
        auto [user, readAt] = patched(call, id, merge);
        SaveOptions options = requested;
        // Saved only if unchanged since the read; when the client's own condition
        // fails already, the save answers that (and trying again cannot help).
        const bool clientsHolds = !requested.ifUnmodifiedSince || readAt.utc() <= requested.ifUnmodifiedSince->utc();
        if (clientsHolds)
            options.ifUnmodifiedSince = readAt;
        try {
            return replaceUser(call, id, std::move(user), options);
        } catch (const Exception& e) {
            if (e.kind() != ErrorKind::PreconditionFailed || !clientsHolds)
                throw;
            if (attempt == patchAttempts)
                throw Exception(Error(ErrorKind::PreconditionFailed,
                    "user " + std::to_string(id) + " was changed by other saves while this PATCH was applied, " +
                        std::to_string(patchAttempts) + " times in a row; send it again",
                    {}, "User.AssociateId"));
        }
    }
}

} // namespace userservice::http
