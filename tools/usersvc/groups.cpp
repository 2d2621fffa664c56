// usersvc group list | add | rename | retire | delete: the user groups. Changes need the
// system (no --as) or a user administrator, and are recorded in the "list-audit" stream.
#include "tool.hpp"

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct GroupFlags {
    std::int32_t id = 0;
    std::int32_t moveTo = 0;
    std::string name, tooltip;
    bool all = false;
    bool undo = false;
};

/// id, name, rank, and "retired" for a retired group; one a line.
int list(Tool& tool, const GroupFlags& flags)
{
    const auto groups = tool.service().tryGetAllUserGroups(tool.caller(), flags.all);
    if (!groups)
        return report(groups.error());
    for (const UserGroup& group : *groups)
        std::cout << group.id << "\t" << group.value.value_or("") << "\t" << group.rank
                  << (group.deleted ? "\tretired" : "") << "\n";
    return 0;
}

int add(Tool& tool, const GroupFlags& flags)
{
    UserGroup group { .value = flags.name };
    if (!flags.tooltip.empty())
        group.tooltip = flags.tooltip;
    const auto saved = tool.service().trySaveUserGroup(tool.caller(), group);
    if (!saved)
        return report(saved.error());
    std::cout << saved->id << "\n";
    return 0;
}

/// Saves the stored group `flags.id` changed by `change`.
template <class Change> int changeStored(Tool& tool, const GroupFlags& flags, Change change)
{
    auto& service = tool.service();
    const auto stored = service.tryGetUserGroup(tool.caller(), flags.id);
    if (!stored)
        return report(stored.error());
    if (!*stored)
        return report(Error(ErrorKind::NotFound, "there is no user group " + std::to_string(flags.id), {}, "ID"));
    UserGroup group = **stored;
    change(group);
    const auto saved = service.trySaveUserGroup(tool.caller(), group);
    return saved ? 0 : report(saved.error());
}

int rename(Tool& tool, const GroupFlags& flags)
{
    return changeStored(tool, flags, [&](UserGroup& group) { group.value = flags.name; });
}

int retire(Tool& tool, const GroupFlags& flags)
{
    return changeStored(tool, flags, [&](UserGroup& group) { group.deleted = !flags.undo; });
}

int remove(Tool& tool, const GroupFlags& flags)
{
    const auto deleted = tool.service().tryDeleteUserGroup(tool.caller(), flags.id, flags.moveTo);
    return deleted ? 0 : report(deleted.error());
}

} // namespace

void addGroupCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<GroupFlags>();
    const auto action = [&](CLI::App* subcommand, int (*run)(Tool&, const GroupFlags&)) {
        return addAction(subcommands, subcommand, flags, run);
    };
    auto* group = app.add_subcommand("group", "user groups");
    group->require_subcommand(1);
    action(group->add_subcommand("list", "id, name, rank (and retired) of each group"), list)
        ->add_flag("--all", flags->all, "retired groups too");
    auto* groupAdd = action(group->add_subcommand("add", "add a group; prints its id"), add);
    groupAdd->add_option("name", flags->name)->required();
    groupAdd->add_option("--tooltip", flags->tooltip);
    auto* groupRename = action(group->add_subcommand("rename", "give a group another name"), rename);
    groupRename->add_option("id", flags->id)->required();
    groupRename->add_option("name", flags->name)->required();
    auto* groupRetire =
        action(group->add_subcommand("retire", "hide a group from pick lists (its users keep it)"), retire);
    groupRetire->add_option("id", flags->id)->required();
    groupRetire->add_flag("--undo", flags->undo, "show it again");
    auto* groupDelete = action(group->add_subcommand("delete", "delete a group for good"), remove);
    groupDelete->add_option("id", flags->id)->required();
    groupDelete->add_option("--move-to", flags->moveTo, "the group its users move to (else: refused while it has any)");
}

} // namespace userservice::usersvc
