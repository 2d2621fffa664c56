#include <userservice/datetime.hpp>

#include <gtest/gtest.h>

using namespace userservice;
using namespace std::chrono;

TEST(DateTime, RoundTripsTheSeedsFormsUnchanged)
{
    for (const char* text : { "2019-11-18T03:40:48.1879959+01:00", "2005-04-01T03:40:48.1879959+02:00",
             "2024-11-18T10:00:00+01:00", "1999-05-13T00:00:00.000Z", "2018-12-24T07:34:45-0500", "0001-01-01T00:00:00",
             "9999-12-31T23:59:59.9999999-14:00", "2020-02-29T12:00:00.5Z" })
        EXPECT_EQ(DateTime::parse(text).toString(), text);
}

TEST(DateTime, KeepsHundredNanosecondsAndTheOffset)
{
    const auto t = DateTime::parse("2019-11-18T03:40:48.1879959+01:00");
    EXPECT_EQ(t.offset(), minutes { 60 });
    EXPECT_EQ(t.fractionDigits(), 7);
    const auto expected = sys_days { 2019y / November / 18 } + hours { 2 } + minutes { 40 } + seconds { 48 } +
        DateTime::Ticks { 1879959 };
    EXPECT_EQ(t.utc(), expected);
}

TEST(DateTime, SameInstantAtAnotherOffset)
{
    const auto t = DateTime::parse("2018-12-24T12:34:45Z");
    const auto ny = t.atOffset(minutes { -300 });
    EXPECT_EQ(ny.toString(), "2018-12-24T07:34:45-05:00");
    EXPECT_EQ(ny.utc(), t.utc());
    EXPECT_NE(ny, t); // equality is of the text form
}

TEST(DateTime, FromUtcWritesSevenDigits)
{
    const auto t = DateTime::fromUtc(sys_days { 2024y / January / 2 } + hours { 3 }, minutes { 90 });
    EXPECT_EQ(t.toString(), "2024-01-02T04:30:00.0000000+01:30");
}

TEST(DateTime, DefaultIsDotNetMinValue)
{
    EXPECT_EQ(DateTime {}.toString(), "0001-01-01T00:00:00");
}

TEST(DateTime, RejectsWhatIsNotIso8601WithAReason)
{
    const std::pair<const char*, const char*> cases[] = {
        { "", "the date must be YYYY-MM-DD" },
        { "2019-13-01T00:00:00", "no such date" },
        { "2019-02-29T00:00:00", "no such date" },
        { "2019-01-01", "the time must be THH:MM:SS" },
        { "2019-01-01T24:00:00", "no such time of day" },
        { "2019-01-01T00:00:00.12345678", "1 to 7 fractional digits" },
        { "2019-01-01T00:00:00.", "1 to 7 fractional digits" },
        { "2019-01-01T00:00:00+15:00", "offset beyond" },
        { "2019-01-01T00:00:00+01", "the offset must be" },
        { "2019-01-01T00:00:00Zjunk", "unexpected text" },
    };
    for (const auto& [text, reason] : cases) {
        const auto result = DateTime::tryParse(text);
        ASSERT_FALSE(result) << text;
        EXPECT_EQ(result.error().kind(), ErrorKind::BadRequest);
        EXPECT_NE(result.error().message().find(reason), std::string::npos)
            << text << " -> " << result.error().message();
    }
    EXPECT_THROW(DateTime::parse("yesterday"), Exception);
}
