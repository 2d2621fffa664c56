// Audit trail: every save (also the saves that commands make) records who changed
// which field of the user from what to what, in the "audit" stream, inside the
// save's transaction: a save that is rolled back leaves no record. A delete is
// recorded as every field going from its value to nothing ("deleted": true; the
// record outlives the user). Credentials are recorded as changed, never with
// values; a secret set or removed (plugin API 2.2: the post-save call names its
// credential type and how) is recorded as an event, without the secret or its hash.
// The "audit-history" command returns the records as JSON, without the fields the
// reader may not read.
#include <userservice/plugin.hpp>
#include <userservice/user_changes.hpp>

#include <boost/json.hpp>

namespace {

using namespace userservice;
namespace js = boost::json;

/// The record's "changes": {field, old, new} for every field that differs (Credentials
/// without their values), written as JSON text directly: this runs on every save.
std::string changesBetween(const std::vector<FieldChange>& changes)
{
    std::string text = "[";
    for (const auto& change : changes) {
        text += text.size() == 1 ? "{\"field\":\"" : ",{\"field\":\"";
        text += change.field; // a wire path ("User.Person.Email"): nothing to escape
        if (change.field == "User.Credentials") {
            text += "\",\"redacted\":true}";
            continue;
        }
        text += "\",\"old\":";
        text += js::serialize(change.before);
        text += ",\"new\":";
        text += js::serialize(change.after);
        text += '}';
    }
    return text + ']';
}

/// {"event": "password changed", "credentialType", "how"} for each secret the save set or removed.
js::array secretEvents(std::span<const plugin::SecretChange> secrets)
{
    js::array events;
    for (const auto& secret : secrets) {
        const bool removed = secret.kind == plugin::SecretChangeKind::Removed;
        events.push_back(js::object { { "event", removed ? "password removed" : "password changed" },
            { "credentialType", secret.credentialType }, { "how", plugin::toString(secret.kind) } });
    }
    return events;
}

/// Whether the reader may read the field ("User.Tooltip", "User.Person.Email").
bool readable(const UserRights& rights, std::string_view field)
{
    constexpr std::string_view person = "User.Person.";
    if (field.starts_with(person))
        return rights.user.canRead("Person") && rights.person.canRead(field.substr(person.size()));
    return rights.user.canRead(field.substr(std::string_view("User.").size()));
}

void registerAuditTrail(plugin::Registrar& registrar)
{
    registrar.postSaveCommand("audit-record", [](plugin::PostSaveCall& call) {
        // A created user is compared with a blank one: only what was filled in is recorded.
        static const User blank = [] {
            User user;
            user.person.emplace();
            return user;
        }();
        const bool deleted = call.change == plugin::UserChange::Deleted;
        // A delete: from the user as it was deleted to nothing.
        const auto changes =
            deleted ? userChanges(call.after, blank) : userChanges(call.before ? *call.before : blank, call.after);
        js::array secrets = secretEvents(call.secrets);
        if (changes.empty() && secrets.empty() && !deleted)
            return;
        std::string record = call.before ? R"({"created":false,"changes":)" : R"({"created":true,"changes":)";
        record += changesBetween(changes);
        if (deleted)
            record += R"(,"deleted":true)";
        if (!secrets.empty())
            record += R"(,"secrets":)" + js::serialize(secrets);
        call.transaction->appendRecord("audit", call.after.associateId, record + '}');
    });
    registrar.customCommand({ .name = "audit-history", .displayName = R"(US:"Change history";NO:"Endringshistorikk")" },
        [](plugin::CommandCall& call) {
            const UserRights rights = call.transaction->rightsFor(call.user);
            js::array history;
            for (const UserRecord& record : call.transaction->records("audit", call.user.associateId)) {
                js::object entry = js::parse(record.body).as_object();
                js::array visible;
                for (auto& change : entry["changes"].as_array())
                    if (readable(rights, change.at("field").as_string()))
                        visible.push_back(std::move(change));
                entry["changes"] = std::move(visible);
                if (entry.contains("secrets") && !readable(rights, "User.Credentials"))
                    entry.erase("secrets");
                entry["at"] = record.at.toString();
                entry["by"] = record.by;
                history.push_back(std::move(entry));
            }
            return CommandResult { .success = true, .message = js::serialize(history) };
        });
}

} // namespace

USERSERVICE_PLUGIN(
    audit_trail, "audit_trail", "1.2.0", "post-save:audit-record; command:audit-history", registerAuditTrail)
