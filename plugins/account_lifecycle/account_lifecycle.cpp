// Account lifecycle: retire a user (after a Yes/No question), reactivate a retired
// one, and approve a user who is waiting for approval. Each is offered only where it
// makes sense, needs Update on the user, and saves through the service with the
// caller's rights (so a save the caller may not make fails the command, keeping
// nothing).
#include <userservice/plugin.hpp>

namespace {

using namespace userservice;

CommandResult save(plugin::CommandCall& call, User user, const char* message)
{
    call.user = call.transaction->saveUser(user);
    return { .success = true, .message = message, .result = call.answer };
}

void registerAccountLifecycle(plugin::Registrar& registrar)
{
    registrar.customCommand(
        { .name = "retire",
            .displayName = R"(US:"Retire";NO:"Pensjoner")",
            .description = R"(US:"Retires the user: no login, licences freed, the record kept";)"
                           R"(NO:"Pensjonerer brukeren: ingen innlogging, lisensene frigjøres, posten beholdes")",
            .actions = CommandAction::YesNo,
            .actionData =
                R"(US:"Retire this user? They can no longer log in, and their licences are freed.";)"
                R"(NO:"Pensjonere denne brukeren? Brukeren kan ikke lenger logge inn, og lisensene frigjøres.")",
            .requiredRight = ETableRight::Update,
            .appliesTo = [](const CallerContext&, const User& user) { return !user.deleted; } },
        [](plugin::CommandCall& call) {
            User user = call.user;
            user.deleted = true;
            if (user.licenseOwners)
                for (auto& owner : *user.licenseOwners)
                    for (auto* links : { &owner.restrictedModuleLicenses, &owner.unrestrictedModuleLicenses })
                        if (*links)
                            for (auto& link : **links)
                                link.assigned = false;
            return save(call, std::move(user), R"(US:"The user is retired";NO:"Brukeren er pensjonert")");
        });
    registrar.customCommand({ .name = "reactivate",
                                .displayName = R"(US:"Reactivate";NO:"Aktiver igjen")",
                                .requiredRight = ETableRight::Update,
                                .appliesTo = [](const CallerContext&, const User& user) { return user.deleted; } },
        [](plugin::CommandCall& call) {
            User user = call.user;
            user.deleted = false;
            return save(call, std::move(user), R"(US:"The user is active again";NO:"Brukeren er aktiv igjen")");
        });
    registrar.customCommand(
        { .name = "approve-access",
            .displayName = R"(US:"Approve access";NO:"Godkjenn tilgang")",
            .requiredRight = ETableRight::Update,
            .appliesTo = [](const CallerContext&,
                             const User& user) { return user.waitingForApproval && !user.deleted; } },
        [](plugin::CommandCall& call) {
            User user = call.user;
            user.waitingForApproval = false;
            return save(call, std::move(user), R"(US:"Access approved";NO:"Tilgang godkjent")");
        });
}

} // namespace

USERSERVICE_PLUGIN(account_lifecycle, "account_lifecycle", "1.0.0",
    "command:retire; command:reactivate; command:approve-access", registerAccountLifecycle)
