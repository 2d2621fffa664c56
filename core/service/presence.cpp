// A user's presence (Get/SetUserPresenceStatus): the caller's own always; another
// user's is read by those who may see that user and set by user administrators only.
// Associate 0 means the caller itself.
#include "service_impl.hpp"

namespace userservice {

namespace {

constexpr std::size_t presenceMessageLimit = 255; ///< UserPresenceStatus.Message, in characters

} // namespace

UserPresenceStatus UserService::Impl::presence(const CallerContext& caller, std::int32_t associateId)
{
    return readAs(caller, [&](store::Session& s, const Principal& principal) {
        const std::int32_t id = associateId == 0 ? selfFor(caller) : associateId;
        if (id != caller.associateId && !canSee(s, principal, caller, id))
            noSuchUser(id, "associateId");
        return s.presence(id).value_or(UserPresenceStatus {});
    });
}

UserPresenceStatus UserService::Impl::setPresence(
    const CallerContext& caller, std::int32_t associateId, const UserPresenceStatus& presence)
{
    const auto status = static_cast<std::int32_t>(presence.status);
    if (status < 0 || status > static_cast<std::int32_t>(PresenceStatus::Offline))
        invalid("UserPresenceStatus.Status", "is not a presence status");
    checkText(presence.message, "UserPresenceStatus.Message", presenceMessageLimit);
    return store_->write([&](store::Session& s) {
        refusePartnerApps(caller);
        const Principal principal = this->principal(s, caller);
        const std::int32_t id = associateId == 0 ? selfFor(caller) : associateId;
        if (id != caller.associateId) {
            if (!canSee(s, principal, caller, id))
                noSuchUser(id, "associateId");
            listAdministrator(s, caller); // others' presence: user administrators only
        }
        s.setPresence(id, presence, { options_.clock().time_since_epoch().count(), caller.associateId });
        return presence;
    });
}

std::int32_t UserService::Impl::selfFor(const CallerContext& caller)
{
    if (caller.associateId == 0)
        throw Exception(Error(ErrorKind::BadRequest,
            "associateId is required: the system caller has no presence of its own", {}, "associateId"));
    return caller.associateId;
}

} // namespace userservice
