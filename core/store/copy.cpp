// Copying a database between stores: the tables in dependency order, the rows as
// they are, and a check that each table's rows arrived, all in one write transaction
// of the destination, so that any failure leaves it as it was.
#include "copy.hpp"

#include <userservice/error.hpp>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>

namespace userservice::store {
namespace {

constexpr std::array<std::string_view, 19> order { "roles", "user_groups", "ticket_categories", "credential_types",
    "license_owners", "module_licenses", "persons", "users", "user_other_groups", "user_credentials",
    "user_ticket_categories", "user_licenses", "user_fields", "plugin_records", "api_tokens", "password_resets",
    "user_presence", "role_functional_rights", "role_data_rights" };

/// How many rows go to the destination at a time.
constexpr std::size_t rowsPerBatch = 1000;

using Hash = std::array<unsigned char, crypto_generichash_BYTES>;

/// A table's rows as a count and a digest that does not depend on the order the
/// store returns them in (text sorts differently on each): the hash of the sorted
/// hashes of the rows.
class TableDigest {
public:
    void add(const Row& row)
    {
        crypto_generichash_state state;
        crypto_generichash_init(&state, nullptr, 0, sizeof(Hash));
        for (const auto& value : row) {
            // A type tag and a length before each value: no two rows encode alike.
            const auto bytes = encoded(value);
            const unsigned char head[] = { static_cast<unsigned char>(value.index()) };
            const std::uint64_t size = bytes.size();
            crypto_generichash_update(&state, head, sizeof head);
            crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
            crypto_generichash_update(&state, bytes.data(), bytes.size());
        }
        crypto_generichash_final(&state, rows_.emplace_back().data(), sizeof(Hash));
    }

    std::int64_t rows() const noexcept { return static_cast<std::int64_t>(rows_.size()); }

    Hash digest()
    {
        std::sort(rows_.begin(), rows_.end());
        Hash all {};
        crypto_generichash(all.data(), all.size(), rows_.empty() ? nullptr : rows_.front().data(),
            rows_.size() * sizeof(Hash), nullptr, 0);
        return all;
    }

private:
    static std::vector<unsigned char> encoded(const Cell& value)
    {
        if (const auto* integer = std::get_if<std::int64_t>(&value)) {
            std::vector<unsigned char> bytes(sizeof *integer);
            std::copy_n(reinterpret_cast<const unsigned char*>(integer), sizeof *integer, bytes.begin());
            return bytes;
        }
        if (const auto* text = std::get_if<std::string>(&value))
            return { text->begin(), text->end() };
        if (const auto* bytes = std::get_if<std::vector<unsigned char>>(&value))
            return *bytes;
        return {};
    }

    std::vector<Hash> rows_;
};

[[noreturn]] void fail(std::string message)
{
    throw Exception(Error(ErrorKind::Internal, std::move(message)));
}

/// The tables to copy, in `order`, as the source has them, after checking that both
/// schemas have exactly these tables with the same columns.
std::vector<TableColumns> tablesToCopy(Session& source, Session& destination)
{
    std::map<std::string, TableColumns, std::less<>> sourceTables, destinationTables;
    for (auto& table : source.tables())
        sourceTables.emplace(table.name, std::move(table));
    for (auto& table : destination.tables())
        destinationTables.emplace(table.name, std::move(table));
    for (const auto* tables : { &sourceTables, &destinationTables })
        for (const auto& [name, table] : *tables)
            if (std::find(order.begin(), order.end(), name) == order.end())
                fail("table " + name + " is not in the copy's list (core/store/copy.cpp): nothing was copied");
    std::vector<TableColumns> result;
    for (const auto name : order) {
        const auto from = sourceTables.find(name);
        const auto to = destinationTables.find(name);
        if (from == sourceTables.end() || to == destinationTables.end())
            fail("table " + std::string(name) + " is missing from the " +
                (from == sourceTables.end() ? "source" : "destination") + " database: nothing was copied");
        auto sorted = [](std::vector<std::string> columns) {
            std::sort(columns.begin(), columns.end());
            return columns;
        };
        if (sorted(from->second.columns) != sorted(to->second.columns))
            fail("table " + std::string(name) +
                " has other columns in the source than in the destination: nothing was copied");
        result.push_back(from->second);
    }
    return result;
}

/// Copies one table's rows; returns their digest.
TableDigest copyRows(Session& source, Session& destination, const TableColumns& table)
{
    TableDigest digest;
    std::vector<Row> batch;
    source.scanRows(table, [&](const Row& row) {
        digest.add(row);
        batch.push_back(row);
        if (batch.size() == rowsPerBatch) {
            destination.insertRows(table, batch);
            batch.clear();
        }
    });
    destination.insertRows(table, batch);
    return digest;
}

/// Runs `work` on a table; an error says which table it was.
template <class Work> auto onTable(const TableColumns& table, Work&& work)
{
    try {
        return work();
    } catch (const Exception& e) {
        fail("copying table " + table.name + ": " + e.error().message() + ": nothing was copied");
    } catch (const std::exception& e) {
        fail("copying table " + table.name + ": " + e.what() + ": nothing was copied");
    }
}

} // namespace

std::span<const std::string_view> copyOrder() noexcept
{
    return order;
}

std::vector<CopiedTable> copyTables(Store& from, Store& to)
{
    std::vector<CopiedTable> copied;
    to.write([&](Session& destination) {
        copied.clear(); // should a store run the work again
        if (!destination.userIdsAfter(0, 1).empty())
            throw Exception(Error(ErrorKind::Conflict,
                "the destination database has users: a copy goes only into one without; nothing was changed"));
        from.read([&](Session& source) {
            const auto tables = tablesToCopy(source, destination);
            // Reference lists an empty destination may have are replaced: the copy is the source.
            for (auto table = tables.rbegin(); table != tables.rend(); ++table)
                destination.deleteRows(table->name);
            std::vector<TableDigest> digests;
            for (const auto& table : tables)
                digests.push_back(onTable(table, [&] { return copyRows(source, destination, table); }));
            // Once every table is there: the next user's id depends on plugin_records too.
            for (const auto& table : tables)
                onTable(table, [&] { destination.advanceIds(table.name); });
            // The check, before the destination commits: what a read of it will see.
            for (std::size_t i = 0; i < tables.size(); ++i) {
                TableDigest arrived;
                onTable(tables[i], [&] { destination.scanRows(tables[i], [&](const Row& row) { arrived.add(row); }); });
                if (arrived.rows() != digests[i].rows() || arrived.digest() != digests[i].digest())
                    fail("table " + tables[i].name + " differs after the copy (" + std::to_string(arrived.rows()) +
                        " rows, " + std::to_string(digests[i].rows()) + " in the source): nothing was copied");
                copied.push_back({ tables[i].name, arrived.rows() });
            }
        });
    });
    return copied;
}

} // namespace userservice::store
