#include "password_slots.hpp"

namespace userservice::detail {

std::string PasswordSlots::hash(std::string_view password, PasswordHashing cost)
{
    return run([&] { return hashPassword(password, cost); });
}

bool PasswordSlots::verify(std::string_view password, const std::string& hash)
{
    return run([&] { return verifyPassword(password, hash); });
}

void PasswordSlots::verifyNothing(std::string_view password, PasswordHashing cost)
{
    run([&] { detail::verifyNothing(password, cost); });
}

} // namespace userservice::detail
