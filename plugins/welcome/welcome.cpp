// Welcome: when a user is created, the client is asked to show a welcome dialog
// (a post-save command in the returned User.PostSaveCommands), and after the
// commit a welcome message is queued in the "outbox" stream for a mailer to send.
#include <userservice/plugin.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace {

using namespace userservice;

void registerWelcome(plugin::Registrar& registrar)
{
    registrar.postSaveCommand("welcome-dialog", [](plugin::PostSaveCall& call) {
        if (call.before)
            return; // only for users just created
        const std::string name = call.after.person && call.after.person->firstname ? *call.after.person->firstname
                                                                                   : call.after.name.value_or("");
        call.clientCommands.push_back({ .name = "show-welcome",
            .displayName = R"(US:"Welcome";NO:"Velkommen")",
            .actions = CommandAction::Ok,
            .actionData = "US:\"Welcome, " + name + "!\";NO:\"Velkommen, " + name + "!\"" });
    });
    registrar.afterCommitCommand("welcome-outbox", [](plugin::PostSaveCall& call) {
        if (call.before)
            return;
        boost::json::object message { { "type", "welcome" }, { "userName", call.after.userName.value_or("") } };
        if (call.after.person && call.after.person->email)
            message["to"] = *call.after.person->email;
        call.transaction->appendRecord("outbox", call.after.associateId, boost::json::serialize(message));
    });
}

} // namespace

USERSERVICE_PLUGIN(
    welcome, "welcome", "1.0.0", "post-save:welcome-dialog; after-commit:welcome-outbox", registerWelcome)
