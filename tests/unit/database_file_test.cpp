// The database stays the database: a file deleted or replaced under a running
// service makes its calls fail as Unavailable, instead of answering saves that a
// restart would not see.
#include <userservice/user_service.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include <unistd.h>

using namespace userservice;
namespace fs = std::filesystem;

namespace {

class DatabaseFile : public ::testing::Test {
protected:
    ~DatabaseFile() override
    {
        service.reset();
        fs::remove_all(directory);
    }

    static UserService open(const fs::path& path)
    {
        fs::create_directories(path.parent_path());
        return UserService::open({ .database = path.string(), .passwordHashing = PasswordHashing::Minimal });
    }

    static User newUser(const std::string& userName)
    {
        User user;
        user.name = userName.substr(0, 8);
        user.userName = userName;
        user.type = UserType::InternalAssociate;
        user.person = Person { .lastname = userName };
        return user;
    }

    /// The error of saving `userName`, which must fail.
    Error failedSave(const std::string& userName)
    {
        const auto saved = service->trySaveUser(system, newUser(userName));
        EXPECT_TRUE(saved.has_error()) << userName << " was saved";
        return saved.has_error() ? saved.error() : Error();
    }

    const fs::path directory = fs::temp_directory_path() / ("userservice-dbfile-" + std::to_string(::getpid()));
    const fs::path database = directory / "users.db";
    const CallerContext system = CallerContext::system();
    std::optional<UserService> service = open(database);
};

TEST_F(DatabaseFile, DeletedUnderTheServiceSavesAndReadsFailAsUnavailable)
{
    const auto before = service->saveUser(system, newUser("before")).associateId;
    for (const char* suffix : { "", "-wal", "-shm" })
        fs::remove(database.string() + suffix);

    const auto error = failedSave("after");
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(error.httpStatus(), 503);
    EXPECT_NE(error.message().find("was deleted"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find(database.string()), std::string::npos) << error.message();
    const auto read = service->tryGetUser(system, before);
    ASSERT_TRUE(read.has_error());
    EXPECT_EQ(read.error().kind(), ErrorKind::Unavailable);
    EXPECT_FALSE(fs::exists(database)) << "a read connection created a new file at the path";
}

TEST_F(DatabaseFile, ReplacedUnderTheServiceSavesFailAsUnavailable)
{
    service->saveUser(system, newUser("before"));
    const fs::path other = directory / "other.db";
    open(other).saveUser(system, newUser("other"));
    fs::rename(other, database);

    const auto error = failedSave("after");
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_NE(error.message().find("was replaced"), std::string::npos) << error.message();
}

TEST_F(DatabaseFile, TheSameFileMovedBackIsUsedAgain)
{
    const fs::path aside = directory / "aside.db";
    fs::rename(database, aside);
    EXPECT_EQ(failedSave("while-away").kind(), ErrorKind::Unavailable);
    fs::rename(aside, database);
    EXPECT_GT(service->saveUser(system, newUser("back")).associateId, 0);
}

} // namespace
