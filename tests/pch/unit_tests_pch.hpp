// userservice_tests' precompiled header: the library's, and GoogleTest (see
// core/pch/core_pch.hpp for why and what belongs here).
#pragma once

#include "../../core/pch/core_pch.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
