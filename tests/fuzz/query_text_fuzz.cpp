// The texts a client sends beside a body: `$select`, the list's `$filter`,
// `$orderBy`, `$top`, `$skip` and cursor, date-times and enum names and flag masks.
// Each is parsed or refused (never a crash or undefined behaviour), and what parses
// prints as text that parses to the same value. The first byte picks the parser.
#include "fuzz_check.hpp"

#include <userservice/datetime.hpp>
#include <userservice/enums.hpp>
#include <userservice/select.hpp>
#include <userservice/user_query.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace userservice;

void select(std::string_view text)
{
    (void)Select::tryParse(text);
}

void query(std::string_view text)
{
    // Six fields cut at NUL bytes, so that the fuzzer combines them.
    std::string_view parts[6];
    for (auto& part : parts) {
        const auto end = text.find('\0');
        part = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    (void)UserQuery::tryParse({ .filter = parts[0],
        .orderBy = parts[1],
        .top = parts[2],
        .skip = parts[3],
        .select = parts[4],
        .cursor = parts[5] });
}

void dateTime(std::string_view text)
{
    const auto parsed = DateTime::tryParse(text);
    if (!parsed)
        return;
    const auto again = DateTime::tryParse(parsed->toString());
    FUZZ_CHECK(again.has_value() && *again == *parsed);
}

template <class E> void enumName(std::string_view text)
{
    const auto value = enumFromString<E>(text);
    if (!value)
        return;
    FUZZ_CHECK(enumFromString<E>(toString(*value)) == value);
}

constexpr void (*parsers[])(std::string_view) = { &select, &query, &dateTime, &enumName<UserType>,
    &enumName<RoleType>, &enumName<CommandAction>, &enumName<CommandActionResult>, &enumName<ChangePasswordType>,
    &enumName<ETableRight>, &enumName<EFieldRight>, &enumName<ExternalUserInfoModification> };

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    parsers[data[0] % std::size(parsers)](std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    return 0;
}
