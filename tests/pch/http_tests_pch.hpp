// http_host_tests' precompiled header: the HTTP host's, and GoogleTest (see
// core/pch/core_pch.hpp for why and what belongs here).
#pragma once

#include "../../hosts/http/pch/http_pch.hpp"


#include <gtest/gtest.h>
