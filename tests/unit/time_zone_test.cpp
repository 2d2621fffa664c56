#include <userservice/time_zone.hpp>

#include <userservice/plugin.hpp>
#include <userservice/user_service.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "test_data.hpp"

using namespace userservice;
using namespace std::chrono;

namespace {

/// `utcText` shown in the zone of `header`.
std::string inZone(std::string_view header, std::string_view utcText)
{
    return TimeZone::parse(header).toZone(DateTime::parse(utcText)).toString();
}

/// `localText` (written without offset) read in the zone of `header`.
DateTime fromZone(std::string_view header, std::string_view localText)
{
    return TimeZone::parse(header).fromZone(DateTime::parse(localText));
}

Error parseError(std::string_view header)
{
    const auto parsed = TimeZone::tryParse(header);
    EXPECT_TRUE(parsed.has_error()) << header;
    return parsed.has_error() ? parsed.error() : Error {};
}

} // namespace

// ---------------------------------------------------------------- parsing the header

TEST(TimeZone, ZoneCodesNameIanaZones)
{
    const std::pair<const char*, const char*> codes[] = {
        { "NO", "Europe/Oslo" },
        { "SE", "Europe/Stockholm" },
        { "DK", "Europe/Copenhagen" },
        { "FI", "Europe/Helsinki" },
        { "DE", "Europe/Berlin" },
        { "NL", "Europe/Amsterdam" },
        { "UK", "Europe/London" },
        { "GB", "Europe/London" },
        { "US-NY", "America/New_York" },
        { "US-CA", "America/Los_Angeles" },
        { "US-IL", "America/Chicago" },
        { "US-CO", "America/Denver" },
        { "UTC", "UTC" },
    };
    for (const auto& [code, name] : codes) {
        const TimeZone zone = TimeZone::parse(code);
        EXPECT_EQ(zone.name(), name) << code;
        EXPECT_FALSE(zone.includesOffset());
    }
    EXPECT_EQ(TimeZone::parse("us-ny").name(), "America/New_York"); // codes in any case
}

TEST(TimeZone, IanaNamesInAnyCase)
{
    EXPECT_EQ(TimeZone::parse("Europe/Oslo").name(), "Europe/Oslo");
    EXPECT_EQ(TimeZone::parse("Asia/Tokyo").name(), "Asia/Tokyo");
    EXPECT_EQ(TimeZone::parse("america/new_york").name(), "America/New_York");
    EXPECT_EQ(TimeZone::parse("  Europe/Oslo  ").name(), "Europe/Oslo");
}

TEST(TimeZone, IncludeTZOffsetOption)
{
    EXPECT_TRUE(TimeZone::parse("US-NY, includeTZOffset").includesOffset());
    EXPECT_TRUE(TimeZone::parse(" Europe/Oslo ,includetzoffset ").includesOffset());
    EXPECT_EQ(TimeZone::parse("US-NY, includeTZOffset").name(), "America/New_York");
}

TEST(TimeZone, UnknownZoneIsABadRequestNamingTheValue)
{
    const Error error = parseError("Mars/Olympus_Mons");
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.source(), "SO-TimeZone");
    EXPECT_NE(error.message().find("\"Mars/Olympus_Mons\""), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("Europe/Oslo"), std::string::npos) << error.message(); // says what would do

    EXPECT_THROW(TimeZone::parse("XX"), Exception);
    for (const char* header : { "", "  ", ", includeTZOffset" })
        EXPECT_EQ(parseError(header).source(), "SO-TimeZone") << header;
}

TEST(TimeZone, UnknownOptionAndNumericIdsAreRefused)
{
    const Error option = parseError("NO, includeOffsets");
    EXPECT_EQ(option.kind(), ErrorKind::BadRequest);
    EXPECT_NE(option.message().find("\"includeOffsets\""), std::string::npos) << option.message();

    const Error numeric = parseError("58");
    EXPECT_EQ(numeric.kind(), ErrorKind::BadRequest);
    EXPECT_NE(numeric.message().find("not supported"), std::string::npos) << numeric.message();
}

TEST(TimeZone, LongValuesAreCutShortInTheMessage)
{
    const Error error = parseError(std::string(500, 'x'));
    EXPECT_LT(error.message().size(), 300u) << error.message();
}

// ---------------------------------------------------------------- on the way out

TEST(TimeZone, OsloBothSidesOfDaylightSaving)
{
    EXPECT_EQ(inZone("NO", "2024-01-15T12:00:00Z"), "2024-01-15T13:00:00+01:00");
    EXPECT_EQ(inZone("NO", "2024-07-15T12:00:00Z"), "2024-07-15T14:00:00+02:00");
    // Clocks go forward at 01:00 UTC on the last Sunday of March, back on the last of October.
    EXPECT_EQ(inZone("NO", "2024-03-31T00:59:59Z"), "2024-03-31T01:59:59+01:00");
    EXPECT_EQ(inZone("NO", "2024-03-31T01:00:00Z"), "2024-03-31T03:00:00+02:00");
    EXPECT_EQ(inZone("NO", "2024-10-27T00:59:59Z"), "2024-10-27T02:59:59+02:00");
    EXPECT_EQ(inZone("NO", "2024-10-27T01:00:00Z"), "2024-10-27T02:00:00+01:00");
}

TEST(TimeZone, NewYorkBothSidesOfDaylightSaving)
{
    EXPECT_EQ(inZone("US-NY", "2024-01-15T12:00:00Z"), "2024-01-15T07:00:00-05:00");
    EXPECT_EQ(inZone("US-NY", "2024-07-04T16:00:00Z"), "2024-07-04T12:00:00-04:00");
    // 2024-03-10 02:00 EST -> 03:00 EDT; 2024-11-03 02:00 EDT -> 01:00 EST.
    EXPECT_EQ(inZone("US-NY", "2024-03-10T06:59:59Z"), "2024-03-10T01:59:59-05:00");
    EXPECT_EQ(inZone("US-NY", "2024-03-10T07:00:00Z"), "2024-03-10T03:00:00-04:00");
    EXPECT_EQ(inZone("US-NY", "2024-11-03T05:59:59Z"), "2024-11-03T01:59:59-04:00");
    EXPECT_EQ(inZone("US-NY", "2024-11-03T06:00:00Z"), "2024-11-03T01:00:00-05:00");
}

TEST(TimeZone, IncludeTZOffsetWritesTheOffsetCompactly)
{
    // The wire-format's example.
    EXPECT_EQ(inZone("US-NY, includeTZOffset", "2018-12-24T12:34:45Z"), "2018-12-24T07:34:45-0500");
    EXPECT_EQ(inZone("NO, includeTZOffset", "2019-11-18T02:40:48.1879959Z"), "2019-11-18T03:40:48.1879959+0100");
}

TEST(TimeZone, KeepsTheInstantAndTheDigits)
{
    const DateTime sent = DateTime::parse("2019-11-18T03:40:48.187+01:00");
    const DateTime shown = TimeZone::parse("US-CA").toZone(sent);
    EXPECT_EQ(shown.toString(), "2019-11-17T18:40:48.187-08:00");
    EXPECT_EQ(shown.utc(), sent.utc());
}

TEST(TimeZone, ZeroOffsetsAreWrittenNumerically)
{
    EXPECT_EQ(inZone("UTC", "2024-01-15T08:30:00Z"), "2024-01-15T08:30:00+00:00");
    EXPECT_EQ(inZone("UK", "2024-01-15T08:30:00Z"), "2024-01-15T08:30:00+00:00");
    EXPECT_EQ(inZone("UK", "2024-07-15T08:30:00Z"), "2024-07-15T09:30:00+01:00");
    EXPECT_EQ(inZone("UTC, includeTZOffset", "2024-01-15T08:30:00"), "2024-01-15T08:30:00+0000");
}

TEST(TimeZone, TheBlankDateAndTheEndsOfTimeAreKept)
{
    const TimeZone oslo = TimeZone::parse("NO");
    const TimeZone newYork = TimeZone::parse("US-NY");
    EXPECT_EQ(oslo.toZone(DateTime {}), DateTime {});
    EXPECT_EQ(newYork.fromZone(DateTime {}), DateTime {});
    const DateTime last = DateTime::parse("9999-12-31T23:59:59.9999999Z");
    EXPECT_EQ(oslo.toZone(last), last); // would be the year 10000
    const DateTime first = DateTime::parse("0001-01-01T00:00:01Z");
    EXPECT_EQ(newYork.toZone(first), first); // would be the year 0
}

// ---------------------------------------------------------------- on the way in

TEST(TimeZone, ADateTimeWithoutOffsetIsTheZonesLocalTime)
{
    const DateTime winter = fromZone("NO", "2024-01-15T09:30:00");
    EXPECT_EQ(winter.toString(), "2024-01-15T09:30:00+01:00");
    EXPECT_EQ(winter.utc(), DateTime::parse("2024-01-15T08:30:00Z").utc());
    EXPECT_EQ(fromZone("NO", "2024-07-15T09:30:00").toString(), "2024-07-15T09:30:00+02:00");
    EXPECT_EQ(fromZone("US-NY", "2024-07-15T09:30:00.1234567").toString(), "2024-07-15T09:30:00.1234567-04:00");
    EXPECT_EQ(fromZone("US-NY", "2024-01-15T09:30:00.12").toString(), "2024-01-15T09:30:00.12-05:00");
}

TEST(TimeZone, ADateTimeWithAnOffsetIsKept)
{
    for (const char* text : { "2024-01-15T09:30:00Z", "2024-01-15T09:30:00+05:30", "2024-01-15T09:30:00-0800" })
        EXPECT_EQ(fromZone("NO", text).toString(), text);
}

TEST(TimeZone, LocalTimesAroundTheChangesOfClock)
{
    // Twice (clocks go back): the first, still summer time.
    EXPECT_EQ(fromZone("NO", "2024-10-27T02:30:00").toString(), "2024-10-27T02:30:00+02:00");
    EXPECT_EQ(fromZone("US-NY", "2024-11-03T01:30:00").toString(), "2024-11-03T01:30:00-04:00");
    // Never (the gap when clocks go forward): read with the offset before it, so it lands after it.
    const DateTime gap = fromZone("NO", "2024-03-31T02:30:00");
    EXPECT_EQ(gap.utc(), DateTime::parse("2024-03-31T01:30:00Z").utc());
    EXPECT_EQ(TimeZone::parse("NO").toZone(gap).toString(), "2024-03-31T03:30:00+02:00");
}

TEST(TimeZone, OffsetsAtInstants)
{
    const TimeZone oslo = TimeZone::parse("Europe/Oslo");
    EXPECT_EQ(oslo.offsetAt(DateTime::parse("2024-01-15T12:00:00Z").utc()), minutes { 60 });
    EXPECT_EQ(oslo.offsetAt(DateTime::parse("2024-07-15T12:00:00Z").utc()), minutes { 120 });
    EXPECT_EQ(TimeZone::parse("Asia/Kolkata").offsetAt(DateTime::parse("2024-07-15T12:00:00Z").utc()), minutes { 330 });
}

// ---------------------------------------------------------------- DateTime's helpers for zones

TEST(TimeZone, DateTimeAtOffsetInAStyleAndWithOffset)
{
    const DateTime t = DateTime::parse("2024-01-15T08:30:00.25Z");
    EXPECT_EQ(t.atOffset(minutes { 0 }, DateTime::OffsetStyle::Colon).toString(), "2024-01-15T08:30:00.25+00:00");
    EXPECT_EQ(t.atOffset(minutes { -300 }, DateTime::OffsetStyle::Compact).toString(), "2024-01-15T03:30:00.25-0500");
    EXPECT_EQ(t.atOffset(minutes { 60 }).toString(), "2024-01-15T09:30:00.25+01:00"); // keeps its style: Z -> numeric
    const DateTime local = DateTime::parse("2024-01-15T09:30:00.25");
    const DateTime placed = local.withOffset(minutes { 60 }, DateTime::OffsetStyle::Colon);
    EXPECT_EQ(placed.toString(), "2024-01-15T09:30:00.25+01:00");
    EXPECT_EQ(placed.utc(), t.utc());
}

// ---------------------------------------------------------------- the service

namespace {

class TimeZoneServiceTest : public ::testing::Test {
protected:
    TimeZoneServiceTest()
        : service(UserService::open({ .database = dir.file("users.db"), .passwordHashing = PasswordHashing::Minimal }))
    {
        User user;
        user.name = "AL";
        user.userName = "ada";
        user.type = UserType::InternalAssociate;
        user.person = Person { .firstname = "Ada", .lastname = "Lovelace" };
        id = service.saveUser(system, user).associateId;
        // Lastlogin is never writable through the service: the login code's column, set directly.
        SQLite::Database db(dir.file("users.db"), SQLite::OPEN_READWRITE);
        SQLite::Statement update(db, "UPDATE users SET last_login = ?1 WHERE id = ?2");
        update.bind(1, "2024-01-15T08:30:00.0000000Z");
        update.bind(2, id);
        update.exec();
    }

    static CallerContext systemIn(std::string timeZone)
    {
        CallerContext caller = CallerContext::system();
        caller.timeZone = std::move(timeZone);
        return caller;
    }

    TempDir dir;
    UserService service;
    const CallerContext system = CallerContext::system();
    std::int32_t id = 0;
};

} // namespace

TEST_F(TimeZoneServiceTest, ReadsShowDateTimesInTheCallersZone)
{
    EXPECT_EQ(service.getUser(system, id)->lastlogin.toString(), "2024-01-15T08:30:00.0000000Z"); // as stored
    EXPECT_EQ(service.getUser(systemIn("NO"), id)->lastlogin.toString(), "2024-01-15T09:30:00.0000000+01:00");
    EXPECT_EQ(service.getUserFromName(systemIn("US-NY, includeTZOffset"), "ada")->lastlogin.toString(),
        "2024-01-15T03:30:00.0000000-0500");
    EXPECT_EQ(service.getUser(systemIn("NO"), id)->lastlogout, DateTime {}); // never logged out: blank
}

TEST_F(TimeZoneServiceTest, ChangeStampsStayUtc)
{
    const auto stamps = service.changeStamps(systemIn("US-NY, includeTZOffset"), id);
    ASSERT_TRUE(stamps);
    EXPECT_EQ(stamps->created.offsetStyle(), DateTime::OffsetStyle::Zulu);
    EXPECT_EQ(stamps->updated.offsetStyle(), DateTime::OffsetStyle::Zulu);
}

TEST_F(TimeZoneServiceTest, ComputedDateTimesSentInAnyZoneAreIgnored)
{
    // Lastlogin is output only: whatever instant a carrier's Lastlogin denotes in the
    // caller's zone (09:30 in Oslo is the stored 08:30 UTC; 09:30 UTC is not), a save
    // keeps the stored one.
    User carrier = service.getUser(system, id).value();
    carrier.tooltip = "saved from Oslo";
    carrier.lastlogin = DateTime::parse("2024-01-15T09:30:00");
    const User saved = service.saveUser(systemIn("NO"), carrier);
    EXPECT_EQ(saved.tooltip, "saved from Oslo");
    EXPECT_EQ(saved.lastlogin.toString(), "2024-01-15T09:30:00.0000000+01:00");

    carrier.tooltip = "saved without a zone";
    EXPECT_EQ(service.saveUser(system, carrier).tooltip, "saved without a zone"); // 09:30 UTC: ignored

    // Read back by a caller in UTC, and by one without a zone: the same instant.
    EXPECT_EQ(service.getUser(systemIn("UTC"), id)->lastlogin.toString(), "2024-01-15T08:30:00.0000000+00:00");
    EXPECT_EQ(service.getUser(system, id)->lastlogin.toString(), "2024-01-15T08:30:00.0000000Z");
}

TEST_F(TimeZoneServiceTest, ACommandGetsTheCarriersDateTimesAsTheZoneMeantThem)
{
    auto registry = std::make_shared<PluginRegistry>();
    DateTime seen;
    registry->registerHost([&](plugin::Registrar& r) {
        r.customCommand({ .name = "see-lastlogin" }, [&](plugin::CommandCall& call) {
            seen = call.user.lastlogin;
            return CommandResult { .success = true };
        });
    });
    auto withCommand = UserService::open(
        { .database = dir.file("users.db"), .passwordHashing = PasswordHashing::Minimal, .plugins = registry });
    User carrier;
    carrier.lastlogin = DateTime::parse("2024-01-15T09:30:00");
    withCommand.executeUserCommand(systemIn("NO"), "see-lastlogin", CommandActionResult::Implicit, carrier);
    EXPECT_EQ(seen.utc(), DateTime::parse("2024-01-15T08:30:00Z").utc()); // 09:30 in Oslo
}

TEST_F(TimeZoneServiceTest, ACarrierReadInAZoneSavesBackUnchanged)
{
    for (const char* zone : { "NO", "US-NY, includeTZOffset", "Asia/Tokyo" }) {
        User carrier = service.getUser(systemIn(zone), id).value();
        carrier.tooltip = std::string("edited in ") + zone;
        EXPECT_TRUE(service.validateUser(systemIn(zone), carrier).empty()) << zone;
        EXPECT_EQ(service.saveUser(systemIn(zone), carrier).tooltip, carrier.tooltip);
    }
    EXPECT_EQ(service.getUser(system, id)->lastlogin.toString(), "2024-01-15T08:30:00.0000000Z"); // kept as stored
}

TEST_F(TimeZoneServiceTest, ValidationIgnoresComputedDateTimesInAnyZone)
{
    User carrier = service.getUser(system, id).value();
    for (const char* sent : { "2024-01-15T09:30:00", "2024-01-15T08:30:00", "1999-12-31T23:59:59" }) {
        carrier.lastlogin = DateTime::parse(sent);
        EXPECT_TRUE(service.validateUser(systemIn("NO"), carrier).empty()) << sent;
    }
}

TEST_F(TimeZoneServiceTest, AnUnknownZoneIsABadRequest)
{
    const auto read = service.tryGetUser(systemIn("Atlantis"), id);
    ASSERT_TRUE(read.has_error());
    EXPECT_EQ(read.error().kind(), ErrorKind::BadRequest);
    EXPECT_EQ(read.error().source(), "SO-TimeZone");

    User carrier = service.getUser(system, id).value();
    carrier.tooltip = "never saved";
    const auto saved = service.trySaveUser(systemIn("Atlantis"), carrier);
    ASSERT_TRUE(saved.has_error());
    EXPECT_EQ(saved.error().source(), "SO-TimeZone");
    EXPECT_NE(service.getUser(system, id)->tooltip, "never saved");
}
