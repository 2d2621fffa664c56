// usersvc's precompiled header: the library's, and CLI11, which every command file
// includes through tool.hpp (see core/pch/core_pch.hpp for why and what belongs here).
#ifndef USERSERVICE_USERSVC_PCH_HPP
#define USERSERVICE_USERSVC_PCH_HPP

#include "../../../core/pch/core_pch.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#endif // USERSERVICE_USERSVC_PCH_HPP
