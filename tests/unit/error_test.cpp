#include <userservice/error.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace userservice;

TEST(Error, EachKindHasItsHttpStatus)
{
    EXPECT_EQ(httpStatus(ErrorKind::BadRequest), 400);
    EXPECT_EQ(httpStatus(ErrorKind::Validation), 400);
    EXPECT_EQ(httpStatus(ErrorKind::Unauthorized), 401);
    EXPECT_EQ(httpStatus(ErrorKind::Forbidden), 403);
    EXPECT_EQ(httpStatus(ErrorKind::NotFound), 404);
    EXPECT_EQ(httpStatus(ErrorKind::Conflict), 409);
    EXPECT_EQ(httpStatus(ErrorKind::PreconditionFailed), 412);
    EXPECT_EQ(httpStatus(ErrorKind::Internal), 500);
    EXPECT_EQ(httpStatus(ErrorKind::Unavailable), 503);
}

TEST(Error, ConvertsToTheWebApiErrorBody)
{
    const Error error(ErrorKind::BadRequest, "Bad request. Entity to save is not in request body.", {}, "SaveUser");
    const auto body = error.toWebApiBody();
    EXPECT_EQ(boost::json::serialize(body),
        R"({"Error":true,"ErrorType":"ArgumentException",)"
        R"("Message":"Bad request. Entity to save is not in request body.","ErrorSource":"SaveUser"})");
}

TEST(Error, ResultValueThrowsTheError)
{
    const Result<int> failed = Error(ErrorKind::NotFound, "User with given id does not exist in the db.");
    try {
        (void)failed.value();
        FAIL() << "value() did not throw";
    } catch (const Exception& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
        EXPECT_STREQ(e.what(), "User with given id does not exist in the db.");
    }
}

TEST(Error, KeepsTheFieldsConcerned)
{
    const Error error(
        ErrorKind::Validation, "2 problems", { { "User.Name", "too long" }, { "User.UserName", "required" } });
    ASSERT_EQ(error.fields().size(), 2u);
    EXPECT_EQ(error.fields()[1].field, "User.UserName");
    EXPECT_EQ(error.webApiErrorType(), "ValidationException");
}
