// A registered custom command as the registry hands it out: it keeps its plugin's
// code mapped, and every call goes through the firewall.
#include "owner.hpp"

namespace userservice {

using detail::firewall;

CustomCommandHandle::CustomCommandHandle(std::shared_ptr<const Entry> entry)
    : entry_(std::move(entry))
{
}

const plugin::CustomCommandSpec& CustomCommandHandle::spec() const noexcept
{
    return entry_->spec;
}
const std::string& CustomCommandHandle::owner() const noexcept
{
    return entry_->owner->name;
}

PluginResult<bool> CustomCommandHandle::appliesTo(const CallerContext& caller, const User& user) const
{
    if (!entry_->spec.appliesTo)
        return true;
    return firewall(*entry_->owner, "the applicability check of custom command", entry_->spec.name,
        [&] { return entry_->spec.appliesTo(caller, user); });
}

PluginResult<CommandResult> CustomCommandHandle::run(plugin::CommandCall& call) const
{
    return firewall(*entry_->owner, "custom command", entry_->spec.name, [&] { return entry_->run(call); });
}

} // namespace userservice
