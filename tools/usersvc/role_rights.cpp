// usersvc functional-rights list | show | set | find, data-rights show | set: the
// catalogue of functional rights, the rights each role holds, and its data rights.
// (`rights` is taken: a caller's rights on a user.) Reading a role's rights and changing
// them need the system (no --as) or admin-roles; each change is recorded in the
// "list-audit" stream.
#include "tool.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct RightsFlags {
    std::string roleType = "Unknown";
    std::int32_t roleId = 0;
    std::vector<std::string> names;
    bool without = false;
    std::string table, relation, value;
};

void print(const std::vector<MDOListItem>& items)
{
    for (const auto& item : items)
        std::cout << item.id << "\t" << item.name.value_or("") << "\t" << item.toolTip.value_or("")
                  << (item.extraInfo.value_or("").empty() ? "" : "\t(" + *item.extraInfo + ")") << "\n";
}

/// id, name, description (and the plugin) of each right offered to the role type.
int list(Tool& tool, const RightsFlags& flags)
{
    const auto type = enumFromString<RoleType>(flags.roleType);
    if (!type)
        return report(
            Error(ErrorKind::BadRequest, "--role-type: there is no role type " + flags.roleType, {}, "--role-type"));
    const auto rights = tool.service().rolesAndRights().tryGetAllFunctionalRights(tool.caller(), *type);
    if (!rights)
        return report(rights.error());
    print(*rights);
    return 0;
}

int show(Tool& tool, const RightsFlags& flags)
{
    const auto rights = tool.service().rolesAndRights().tryGetFunctionalRights(tool.caller(), flags.roleId);
    if (!rights)
        return report(rights.error());
    print(*rights);
    return 0;
}

/// Replaces the role's rights with the named ones.
int set(Tool& tool, const RightsFlags& flags)
{
    auto& service = tool.service();
    const auto catalogue = service.rolesAndRights().tryGetAllFunctionalRights(tool.caller(), RoleType::Unknown);
    if (!catalogue)
        return report(catalogue.error());
    std::vector<std::int32_t> ids;
    for (const auto& name : flags.names) {
        const auto found = std::find_if(
            catalogue->begin(), catalogue->end(), [&](const MDOListItem& item) { return item.name == name; });
        if (found == catalogue->end())
            return report(Error(ErrorKind::BadRequest, "there is no functional right " + name, {}, "NAME"));
        ids.push_back(found->id);
    }
    const auto done = service.rolesAndRights().trySetFunctionalRights(tool.caller(), flags.roleId, ids);
    return done ? 0 : report(done.error());
}

/// The ids of the roles holding one or more of the rights (--without: none of them).
int find(Tool& tool, const RightsFlags& flags)
{
    auto& service = tool.service();
    const auto ids = flags.without
        ? service.rolesAndRights().tryFindRolesWithoutFunctionalRights(tool.caller(), flags.names)
        : service.rolesAndRights().tryFindRolesWithFunctionalRights(tool.caller(), flags.names);
    if (!ids)
        return report(ids.error());
    for (const std::int32_t id : *ids)
        std::cout << id << "\n";
    return 0;
}

/// table, relation and right, one a line ("-" for none).
int showData(Tool& tool, const RightsFlags& flags)
{
    for (const auto table : data::tables) {
        if (!flags.table.empty() && !data::equalsIgnoringCase(table, flags.table))
            continue;
        const auto rights = tool.service().rolesAndRights().tryGetDataRights(tool.caller(), flags.roleId, table);
        if (!rights)
            return report(rights.error());
        for (const auto& [relation, right] : *rights)
            std::cout << table << "\t" << relation << "\t" << (right.empty() ? "-" : right) << "\n";
    }
    return 0;
}

int setData(Tool& tool, const RightsFlags& flags)
{
    const auto relation = data::relationFromString(flags.relation);
    if (!relation)
        return report(Error(ErrorKind::BadRequest, "RELATION: expected Owner, OwnerGroup or Other", {}, "RELATION"));
    const auto done = tool.service().rolesAndRights().trySetDataRight(
        tool.caller(), flags.roleId, flags.table, *relation, flags.value);
    return done ? 0 : report(done.error());
}

void addDataRightCommands(CLI::App& app, Subcommands& subcommands, const std::shared_ptr<RightsFlags>& flags)
{
    const auto action = [&](CLI::App* subcommand, int (*run)(Tool&, const RightsFlags&)) {
        return addAction(subcommands, subcommand, flags, run);
    };
    auto* rights = app.add_subcommand("data-rights", "what a role's users may do with user records");
    rights->require_subcommand(1);
    auto* showing = action(rights->add_subcommand("show", "a role's data rights: table, relation, right"), showData);
    showing->add_option("role", flags->roleId)->required();
    showing->add_option("table", flags->table, "associate or credentials (default: both)");
    auto* setting = action(rights->add_subcommand("set", "set one right: r p w c d letters, - for none"), setData);
    setting->add_option("role", flags->roleId)->required();
    setting->add_option("table", flags->table)->required();
    setting->add_option("relation", flags->relation, "Owner, OwnerGroup or Other")->required();
    setting->add_option("right", flags->value)->required();
}

} // namespace

void addFunctionalRightCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<RightsFlags>();
    const auto action = [&](CLI::App* subcommand, int (*run)(Tool&, const RightsFlags&)) {
        return addAction(subcommands, subcommand, flags, run);
    };
    auto* rights = app.add_subcommand("functional-rights", "the functional rights of roles");
    rights->require_subcommand(1);
    action(rights->add_subcommand("list", "id, name, description of each right"), list)
        ->add_option("--role-type", flags->roleType, "only those offered to roles of this type");
    action(rights->add_subcommand("show", "the rights a role holds"), show)
        ->add_option("role", flags->roleId)
        ->required();
    auto* setRights = action(rights->add_subcommand("set", "replace a role's rights with these"), set);
    setRights->add_option("role", flags->roleId)->required();
    setRights->add_option("names", flags->names, "right names (none: take every right away)");
    auto* findRoles = action(rights->add_subcommand("find", "the ids of roles holding any of the rights"), find);
    findRoles->add_option("names", flags->names)->required();
    findRoles->add_flag("--without", flags->without, "the roles holding none of them");
    addDataRightCommands(app, subcommands, flags);
}

} // namespace userservice::usersvc
