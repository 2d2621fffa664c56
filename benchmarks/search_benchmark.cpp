// The REST list at scale: a filtered, sorted page of 50 out of many users, by the
// service (searchUsers on the $filter/$orderBy texts, rights applied, each user as
// getUser returns it) beside the same page by a raw prepared SQLiteCpp query on the
// same file, and their ratio.
//
// The users (USERSERVICE_SEARCH_BENCH_USERS, default 1,000,000) are made once with the
// bulk import (saveUsers) into a file in the temporary directory, kept for later runs
// (USERSERVICE_SEARCH_BENCH_DB names another file).
#include "ratio_reporter.hpp"

#include <userservice/user_service.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace userservice;

namespace {

constexpr std::size_t pageSize = 50;
constexpr const char* lastnames[] = { "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen", "Karlsen" };

std::size_t userCount()
{
    const char* text = std::getenv("USERSERVICE_SEARCH_BENCH_USERS");
    return text && std::atol(text) > 0 ? static_cast<std::size_t>(std::atol(text)) : 1'000'000;
}

std::string number(std::size_t i)
{
    char text[24];
    std::snprintf(text, sizeof text, "%07zu", i);
    return text;
}

User generated(std::size_t i, std::int32_t roleId, std::int32_t groupId)
{
    User user;
    user.name = "U" + number(i);
    user.userName = "user" + number(i);
    user.type = i % 10 == 9 ? UserType::ExternalAssociate : UserType::InternalAssociate;
    user.deleted = i % 7 == 6;
    user.role = Role { .roleId = roleId };
    user.userGroup = UserGroup { .id = groupId };
    user.person = Person {
        .firstname = "First" + number(i), .lastname = lastnames[i % 10], .email = "user" + number(i) + "@example.com"
    };
    return user;
}

/// The database of `count` users, made with the bulk import unless an earlier run left it.
std::string database(std::size_t count)
{
    const char* named = std::getenv("USERSERVICE_SEARCH_BENCH_DB");
    const std::string path = named
        ? named
        : (std::filesystem::temp_directory_path() / ("userservice-search-bench-" + std::to_string(count) + ".db"))
              .string();
    if (std::filesystem::exists(path)) {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        if (static_cast<std::size_t>(db.execAndGet("SELECT count(*) FROM users").getInt64()) == count)
            return path;
    }
    std::filesystem::remove(path);
    auto service = UserService::open({ .database = path });
    const auto system = CallerContext::system();
    const auto role = service.addRole(system, { .name = "Employee", .roleType = RoleType::Employee }).roleId;
    const auto group = service.addUserGroup(system, { .value = "Staff" }).id;
    const auto started = std::chrono::steady_clock::now();
    std::vector<User> batch;
    for (std::size_t i = 0; i < count; i += batch.size()) {
        batch.clear();
        for (std::size_t j = i; j < std::min(count, i + 10'000); ++j)
            batch.push_back(generated(j, role, group));
        service.saveUsers(system, batch);
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    std::fprintf(stderr, "made %zu users with saveUsers in %.1f s (%s)\n", count, took.count(), path.c_str());
    return path;
}

/// What both sides ask for: internal, active users whose user name begins with a
/// prefix that ~1,000 users share, by user name, the first 50.
struct Page {
    Page()
        : count(userCount())
        , path(database(count))
        , prefix("user" + number(count / 2).substr(0, 4))
        , filter("type eq InternalAssociate and deleted eq false and userName begins '" + prefix + "'")
    {
    }
    std::size_t count;
    std::string path;
    std::string prefix;
    std::string filter;
};

const Page& page()
{
    static const Page shared;
    return shared;
}

void BM_SearchPage_Service(benchmark::State& state)
{
    const Page& p = page();
    auto service = UserService::open({ .database = p.path });
    const auto caller = CallerContext::user(1); // an internal employee: the policy's rights apply
    const UserQueryText text { .filter = p.filter, .orderBy = "userName", .top = "50" };
    for (auto _ : state) {
        auto result = service.searchUsers(caller, text);
        if (result.users.size() != pageSize)
            state.SkipWithError("the page is not full");
        benchmark::DoNotOptimize(result);
    }
    state.counters["users"] = static_cast<double>(p.count);
}

constexpr const char* rawPageSql = R"sql(
SELECT u.id, u.name, u.rank, u.tooltip, u.role_id, u.group_id, u.deleted, u.type, u.user_name, u.nick_name,
       u.created_at, u.updated_at, p.firstname, p.lastname, p.email
  FROM users u LEFT JOIN persons p ON p.id = u.person_id
 WHERE u.type = ?1 AND u.deleted = 0 AND u.user_name LIKE ?2 ESCAPE '\'
 ORDER BY u.user_name COLLATE NOCASE, u.id LIMIT 50)sql";

struct RawUser {
    std::int64_t id = 0, rank = 0, roleId = 0, groupId = 0, deleted = 0, type = 0, created = 0, updated = 0;
    std::string name, tooltip, userName, nickName, firstname, lastname, email;
};

void BM_SearchPage_Raw(benchmark::State& state)
{
    const Page& p = page();
    SQLite::Database db(p.path, SQLite::OPEN_READONLY);
    SQLite::Statement query(db, rawPageSql);
    const std::string pattern = p.prefix + "%";
    for (auto _ : state) {
        std::vector<RawUser> rows;
        query.bind(1, static_cast<int>(UserType::InternalAssociate));
        query.bind(2, pattern);
        while (query.executeStep()) {
            RawUser& r = rows.emplace_back();
            r.id = query.getColumn(0).getInt64();
            r.name = query.getColumn(1).getString();
            r.rank = query.getColumn(2).getInt64();
            r.tooltip = query.getColumn(3).getString();
            r.roleId = query.getColumn(4).getInt64();
            r.groupId = query.getColumn(5).getInt64();
            r.deleted = query.getColumn(6).getInt64();
            r.type = query.getColumn(7).getInt64();
            r.userName = query.getColumn(8).getString();
            r.nickName = query.getColumn(9).getString();
            r.created = query.getColumn(10).getInt64();
            r.updated = query.getColumn(11).getInt64();
            r.firstname = query.getColumn(12).getString();
            r.lastname = query.getColumn(13).getString();
            r.email = query.getColumn(14).getString();
        }
        query.reset();
        if (rows.size() != pageSize)
            state.SkipWithError("the page is not full");
        benchmark::DoNotOptimize(rows);
    }
    state.counters["users"] = static_cast<double>(p.count);
}

BENCHMARK(BM_SearchPage_Service)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SearchPage_Raw)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv)
{
    page(); // made before the timings, reported on stderr
    return userservice::bench::runWithRatios(argc, argv, { { "BM_SearchPage_Service", "BM_SearchPage_Raw", 10.0 } });
}
