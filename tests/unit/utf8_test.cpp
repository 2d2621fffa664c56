#include "../../core/utf8.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

using userservice::detail::utf8Length;
using userservice::detail::utf8PrefixLength;

TEST(Utf8, CountsCodePointsOfValidText)
{
    EXPECT_EQ(utf8Length(""), 0u);
    EXPECT_EQ(utf8Length("Ada"), 3u);
    EXPECT_EQ(utf8Length("Bjørn"), 5u); // ø: two bytes
    EXPECT_EQ(utf8Length("€"), 1u); // three bytes
    EXPECT_EQ(utf8Length("\xF0\x9F\x98\x80"), 1u); // U+1F600: four bytes
    EXPECT_EQ(utf8Length("\xF4\x8F\xBF\xBF"), 1u); // U+10FFFF, the last code point
}

TEST(Utf8, RefusesInvalidText)
{
    EXPECT_EQ(utf8Length("\x80"), std::nullopt) << "a continuation byte without a lead";
    EXPECT_EQ(utf8Length("a\xFF"), std::nullopt) << "a byte that is never UTF-8";
    EXPECT_EQ(utf8Length("\xC3\x28"), std::nullopt) << "a lead byte followed by no continuation";
    EXPECT_EQ(utf8Length("\xF4\x90\x80\x80"), std::nullopt) << "past U+10FFFF";
}

TEST(Utf8, RefusesOverlongForms)
{
    EXPECT_EQ(utf8Length("\xC0\xAF"), std::nullopt) << "'/' in two bytes";
    EXPECT_EQ(utf8Length("\xC1\xBF"), std::nullopt);
    EXPECT_EQ(utf8Length("\xE0\x80\xAF"), std::nullopt) << "'/' in three bytes";
    EXPECT_EQ(utf8Length("\xF0\x80\x80\xAF"), std::nullopt) << "'/' in four bytes";
}

TEST(Utf8, RefusesSurrogates)
{
    EXPECT_EQ(utf8Length("\xED\xA0\x80"), std::nullopt) << "U+D800";
    EXPECT_EQ(utf8Length("\xED\xBF\xBF"), std::nullopt) << "U+DFFF";
    EXPECT_EQ(utf8Length("\xED\x9F\xBF"), 1u) << "U+D7FF is a character";
}

TEST(Utf8, RefusesTruncatedSequences)
{
    EXPECT_EQ(utf8Length("\xC3"), std::nullopt);
    EXPECT_EQ(utf8Length("\xE2\x82"), std::nullopt) << "€ without its last byte";
    EXPECT_EQ(utf8Length("ok\xF0\x9F\x98"), std::nullopt);
}

TEST(Utf8, CutsBetweenCharacters)
{
    const std::string text = "ab€d"; // a b € (3 bytes) d
    EXPECT_EQ(utf8PrefixLength(text, 10), text.size()) << "short enough: whole";
    EXPECT_EQ(utf8PrefixLength(text, 2), 2u);
    EXPECT_EQ(utf8PrefixLength(text, 3), 2u) << "not inside €";
    EXPECT_EQ(utf8PrefixLength(text, 4), 2u);
    EXPECT_EQ(utf8PrefixLength(text, 5), 5u);
    EXPECT_EQ(utf8PrefixLength(text, 0), 0u);
    EXPECT_EQ(utf8PrefixLength("\xF0\x9F\x98\x80x", 3), 0u) << "a four-byte character is not split";
}

TEST(Utf8, CutsInvalidTextByteByByte)
{
    EXPECT_EQ(utf8PrefixLength("\xFF\xFF\xFF\xFF", 2), 2u);
    EXPECT_EQ(utf8PrefixLength("a\xE2\x82", 2), 2u) << "a truncated sequence: its bytes one by one";
}
