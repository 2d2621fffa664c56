// usersvc copy: moving a database to another store (a SQLite file to PostgreSQL and
// back), every table as it is, checked equal before the destination commits.
#include "tool.hpp"

#include <userservice/database_copy.hpp>
#include <userservice/database_name.hpp>

#include <iostream>
#include <memory>

namespace userservice::usersvc {
namespace {

struct CopyFlags {
    std::string from;
    std::string to;
};

int copy(Tool&, const CopyFlags& flags)
{
    const auto tables = copyDatabase(flags.from, flags.to);
    std::int64_t rows = 0;
    for (const auto& table : tables)
        rows += table.rows;
    // Counts only: the rows hold password hashes and token hashes.
    std::cout << "copied " << databaseForDisplay(flags.from) << " to " << databaseForDisplay(flags.to) << ": "
              << tables.size() << " tables, " << rows << " rows, each table checked equal\n";
    for (const auto& table : tables)
        std::cout << "  " << table.table << ": " << table.rows << "\n";
    return 0;
}

} // namespace

void addCopyCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<CopyFlags>();
    auto* command = addAction(subcommands,
        app.add_subcommand("copy",
            "copy a whole database into another one that has no users (ids, hashes, tokens, "
            "records and stamps as they are), then check it equal"),
        flags, copy);
    command->add_option("--from", flags->from, "the database to copy: a file, or postgresql://…")->required();
    command
        ->add_option("--to", flags->to, "the database to copy into (created when missing): a file, or postgresql://…")
        ->required();
}

} // namespace userservice::usersvc
