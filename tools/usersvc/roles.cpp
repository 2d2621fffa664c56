// usersvc role list | show | add | rename | retire | delete: the roles. Changes need the
// system (no --as) or a holder of admin-roles, and are recorded in the "list-audit" stream.
#include "tool.hpp"

#include <userservice/json.hpp>

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct RoleFlags {
    std::int32_t id = 0;
    std::int32_t replaceWith = 0;
    std::string name, tooltip, type;
    bool undo = false;
};

/// The --type given (none: `fallback`), or nullopt after reporting a bad one.
std::optional<RoleType> roleType(const RoleFlags& flags, RoleType fallback)
{
    if (flags.type.empty())
        return fallback;
    return enumFromString<RoleType>(flags.type);
}

int badType()
{
    return report(Error(ErrorKind::BadRequest,
        "--type must be a role type: Employee, ExternalUser, Anonymous or System", {}, "--type"));
}

/// id, name, type and rank of each role that is not retired; one a line.
int list(Tool& tool, const RoleFlags& flags)
{
    const auto type = roleType(flags, RoleType::Unknown);
    if (!type)
        return badType();
    const auto roles = tool.service().rolesAndRights().tryGetAllRoles(tool.caller(), *type);
    if (!roles)
        return report(roles.error());
    for (const auto& role : *roles)
        std::cout << role.id << "\t" << role.name.value_or("") << "\t" << role.type.value_or("") << "\t" << role.rank
                  << "\n";
    return 0;
}

/// The RoleEntity as JSON, with its stamps.
int show(Tool& tool, const RoleFlags& flags)
{
    const auto role = tool.service().rolesAndRights().tryGetRoleEntity(tool.caller(), flags.id);
    if (!role)
        return report(role.error());
    if (!*role)
        return report(Error(ErrorKind::NotFound, "there is no role " + std::to_string(flags.id), {}, "ID"));
    std::cout << json::serialize(**role) << "\n";
    return 0;
}

int add(Tool& tool, const RoleFlags& flags)
{
    const auto type = roleType(flags, RoleType::Employee);
    if (!type)
        return badType();
    RoleEntity role { .name = flags.name, .roleType = *type };
    if (!flags.tooltip.empty())
        role.tooltip = flags.tooltip;
    const auto saved = tool.service().rolesAndRights().trySaveRoleEntity(tool.caller(), role);
    if (!saved)
        return report(saved.error());
    std::cout << saved->roleId << "\n";
    return 0;
}

/// Saves the stored role `flags.id` changed by `change`.
template <class Change> int changeStored(Tool& tool, const RoleFlags& flags, Change change)
{
    auto& service = tool.service();
    const auto stored = service.rolesAndRights().tryGetRoleEntity(tool.caller(), flags.id);
    if (!stored)
        return report(stored.error());
    if (!*stored)
        return report(Error(ErrorKind::NotFound, "there is no role " + std::to_string(flags.id), {}, "ID"));
    RoleEntity role = **stored;
    change(role);
    const auto saved = service.rolesAndRights().trySaveRoleEntity(tool.caller(), role);
    return saved ? 0 : report(saved.error());
}

int rename(Tool& tool, const RoleFlags& flags)
{
    return changeStored(tool, flags, [&](RoleEntity& role) { role.name = flags.name; });
}

int retire(Tool& tool, const RoleFlags& flags)
{
    return changeStored(tool, flags, [&](RoleEntity& role) { role.deleted = !flags.undo; });
}

int remove(Tool& tool, const RoleFlags& flags)
{
    const auto deleted = tool.service().rolesAndRights().tryDeleteRole(tool.caller(), flags.id, flags.replaceWith);
    return deleted ? 0 : report(deleted.error());
}

} // namespace

void addRoleCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<RoleFlags>();
    const auto action = [&](CLI::App* subcommand, int (*run)(Tool&, const RoleFlags&)) {
        return addAction(subcommands, subcommand, flags, run);
    };
    auto* role = app.add_subcommand("role", "roles");
    role->require_subcommand(1);
    action(role->add_subcommand("list", "id, name, type and rank of each role (not the retired ones)"), list)
        ->add_option("--type", flags->type, "only roles of this type");
    action(role->add_subcommand("show", "a role as JSON, with who created and changed it"), show)
        ->add_option("id", flags->id)
        ->required();
    auto* roleAdd = action(role->add_subcommand("add", "add a role; prints its id"), add);
    roleAdd->add_option("name", flags->name)->required();
    roleAdd->add_option("--type", flags->type, "Employee (the default), ExternalUser, Anonymous or System");
    roleAdd->add_option("--tooltip", flags->tooltip);
    auto* roleRename = action(role->add_subcommand("rename", "give a role another name"), rename);
    roleRename->add_option("id", flags->id)->required();
    roleRename->add_option("name", flags->name)->required();
    auto* roleRetire =
        action(role->add_subcommand("retire", "hide a role from pick lists (its users keep it)"), retire);
    roleRetire->add_option("id", flags->id)->required();
    roleRetire->add_flag("--undo", flags->undo, "show it again");
    auto* roleDelete = action(role->add_subcommand("delete", "delete a role for good"), remove);
    roleDelete->add_option("id", flags->id)->required();
    roleDelete->add_option(
        "--replace-with", flags->replaceWith, "the role its users move to (else: refused while anyone holds it)");
}

} // namespace userservice::usersvc
