// Built against the installed package (CMake and pkg-config): proves that the
// public headers and the library work from outside this tree.
#include <userservice/userservice.hpp>

#include <iostream>

int main()
{
    auto user = userservice::json::parse<userservice::User>(R"({"associateId": 1, "userName": "consumer"})");
    if (user.userName != "consumer")
        return 1;
    std::cout << "userservice " << USERSERVICE_VERSION_STRING << ": " << userservice::json::serialize(user).size()
              << " bytes of User JSON\n";
    return 0;
}
