// userservice_tests' precompiled header: the library's, and GoogleTest (see
// core/pch/core_pch.hpp for why and what belongs here).
#ifndef USERSERVICE_UNIT_TESTS_PCH_HPP
#define USERSERVICE_UNIT_TESTS_PCH_HPP

#include "../../core/pch/core_pch.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#endif // USERSERVICE_UNIT_TESTS_PCH_HPP
