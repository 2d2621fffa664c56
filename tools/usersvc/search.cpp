// usersvc search (alias list): the REST list's search, with the same filter syntax as
// GET /api/v1/User. Users go to stdout as JSON Lines; when more follow, the cursor of
// the next page goes to stderr ("next: --cursor …"), or --all follows it to the end.
#include "tool.hpp"

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct SearchFlags {
    std::string filter, orderBy, top, skip, select, cursor;
    bool all = false;
};

int search(Tool& tool, const SearchFlags& flags)
{
    auto query = UserQuery::tryParse({ .filter = flags.filter,
        .orderBy = flags.orderBy,
        .top = flags.top,
        .skip = flags.skip,
        .select = flags.select,
        .cursor = flags.cursor });
    if (!query)
        return report(query.error());
    for (;;) {
        const auto page = tool.service().trySearchUsers(tool.caller(), *query);
        if (!page)
            return report(page.error());
        for (const auto& user : page->users)
            std::cout << json::serialize(user) << "\n";
        if (page->nextCursor.empty())
            return 0;
        if (!flags.all) {
            std::cerr << "next: --cursor " << page->nextCursor << "\n";
            return 0;
        }
        query->cursor = page->nextCursor;
        query->skip = 0; // spent on the first page
    }
}

} // namespace

void addSearchCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<SearchFlags>();
    auto* command = addAction(subcommands,
        app.add_subcommand("search", "users that match a $filter, as JSON Lines (the REST list)"), flags, search);
    command->alias("list");
    command->add_option("--filter", flags->filter, "$filter: userName begins 'jo' and deleted eq false");
    command->add_option("--orderby", flags->orderBy, "$orderBy: person/lastname desc, userName");
    command->add_option("--top", flags->top, "$top: the page size (default 50, at most 1000)");
    command->add_option("--skip", flags->skip, "$skip: matches to pass over first");
    command->add_option("--select", flags->select, "$select: the fields to print");
    command->add_option("--cursor", flags->cursor, "the next page, as a previous run printed it");
    command->add_flag("--all", flags->all, "follow the pages to the last one");
}

} // namespace userservice::usersvc
