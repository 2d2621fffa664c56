// Who is calling: the principal the rights engine sees, partner applications,
// administrators; and the small things every part of the service says the same way.
#include "service_impl.hpp"

#include <chrono>

namespace userservice {

std::string elevatedBy(const CallerContext& caller)
{
    return caller.elevated ? " (elevated by caller " + std::to_string(caller.associateId) + ")" : std::string();
}

void UserService::Impl::refusePartnerApps(const CallerContext& caller) const
{
    if (caller.appToken && !options_.allowPartnerApps)
        throw Exception(
            Error(ErrorKind::Forbidden, detail::localize("[SR_RIGHTS_PARTNER_APP]", "en"), {}, "SO-AppToken"));
}

/// An elevated caller must still be an active user: its id is recorded.
Principal UserService::Impl::principal(store::Session& s, const CallerContext& caller)
{
    if (caller.associateId == 0)
        return Principal {};
    const auto found = s.principal(caller.associateId);
    if (!found || found->second)
        throw Exception(Error(ErrorKind::Unauthorized,
            "caller " + std::to_string(caller.associateId) + " is not an active user", {}, "caller"));
    if (caller.elevated)
        return Principal { .associateId = caller.associateId };
    return found->first;
}

Principal UserService::Impl::listAdministrator(store::Session& s, const CallerContext& context) const
{
    return rightHolder(s, context, functional::adminUsers);
}

void UserService::Impl::deny(const std::string& what, const TableRight& table, const CallerContext& context)
{
    throw Exception(Error(ErrorKind::Forbidden,
        detail::localize("[SR_RIGHTS_DENIED]", "en") + ": " + what + ": " +
            detail::localize(table.reason, context.language.empty() ? "en" : context.language),
        {}, "User"));
}

void UserService::Impl::noSuchUser(std::int32_t associateId, std::string source)
{
    throw Exception(Error(ErrorKind::NotFound, "there is no user with AssociateId " + std::to_string(associateId), {},
        std::move(source)));
}

bool UserService::Impl::has(const TableRight& table, ETableRight right)
{
    return (static_cast<std::uint32_t>(table.mask) & static_cast<std::uint32_t>(right)) != 0;
}

void UserService::Impl::log(LogLevel level, const std::string& message) const
{
    if (options_.log)
        options_.log(level, message);
}

std::string UserService::Impl::localize(std::string_view text, std::string_view language) const
{
    return detail::localize(text, language, pluginTexts());
}

DateTime UserService::Impl::now() const
{
    return DateTime::fromUtc(options_.clock(), {}, DateTime::OffsetStyle::Zulu);
}

DateTime UserService::Impl::stampTime(const store::Stamp& stamp)
{
    return DateTime::fromUtc(DateTime::UtcTime { DateTime::Ticks { stamp.ticks } }, {}, DateTime::OffsetStyle::Zulu);
}

} // namespace userservice
