// The main job until the UserService core and the HTTP host land: saves the seeds'
// sample users in an embedded SQLite database and reads them back by id and by
// user name, through the library's carriers and JSON.
//
//   usage: userservice_demo [database] [user.json ...]
//
// The database defaults to userservice-demo.db; without files, the demo saves the
// seeds' SaveUser and SaveUserFromName samples.
#include <userservice/userservice.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

namespace {

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

int main(int argc, char** argv)
try {
    using namespace userservice;
    const std::string database = argc > 1 ? argv[1] : "userservice-demo.db";
    std::vector<std::string> files(argv + std::min(argc, 2), argv + argc);
    if (files.empty())
        files = {USERSERVICE_SAMPLE_DATA "/save_user.request.json",
                 USERSERVICE_SAMPLE_DATA "/save_user_from_name.response.json"};

    SQLite::Database db(database, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("CREATE TABLE IF NOT EXISTS demo_users (associate_id INTEGER PRIMARY KEY,"
            " user_name TEXT NOT NULL UNIQUE COLLATE NOCASE, carrier TEXT NOT NULL)");
    SQLite::Statement upsert(db, "INSERT INTO demo_users (user_name, carrier) VALUES (?, ?)"
                                 " ON CONFLICT (user_name) DO UPDATE SET carrier = excluded.carrier"
                                 " RETURNING associate_id");
    SQLite::Statement byName(db, "SELECT associate_id, carrier FROM demo_users WHERE user_name = ?");

    for (const auto& file : files) {
        User user = json::parse<User>(readFile(file)); // bad input: an Error naming the path
        if (!user.userName)
            throw std::runtime_error(file + ": the user has no UserName");
        user.credentials.reset(); // the demo keeps no secrets; the core stores only hashes

        SQLite::Transaction transaction(db);
        upsert.bind(1, *user.userName);
        upsert.bind(2, json::serialize(user));
        upsert.executeStep();
        user.associateId = upsert.getColumn(0).getInt();
        upsert.reset();
        transaction.commit();
        std::cout << "saved " << *user.userName << " as associate " << user.associateId << "\n";
    }

    std::cout << "\nusers in " << database << ":\n";
    SQLite::Statement all(db, "SELECT user_name FROM demo_users ORDER BY associate_id");
    int missing = 0;
    while (all.executeStep()) {
        // Read back by user name, in another case, as SaveUserFromName looks users up.
        std::string name = all.getColumn(0).getString();
        for (char& c : name)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        byName.bind(1, name);
        if (byName.executeStep()) {
            User stored = json::parse<User>(byName.getColumn(1).getString());
            stored.associateId = byName.getColumn(0).getInt();
            std::cout << json::serialize(stored) << "\n";
        } else {
            std::cerr << "userservice_demo: " << name << " was saved but is not found by name\n";
            ++missing;
        }
        byName.reset();
    }
    return missing == 0 ? 0 : 3;
} catch (const userservice::Exception& e) {
    std::cerr << "userservice_demo: " << e.what() << "\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "userservice_demo: " << e.what() << "\n";
    return 1;
}
