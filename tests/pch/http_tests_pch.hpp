// http_host_tests' precompiled header: the HTTP host's, and GoogleTest (see
// core/pch/core_pch.hpp for why and what belongs here).
#ifndef USERSERVICE_HTTP_TESTS_PCH_HPP
#define USERSERVICE_HTTP_TESTS_PCH_HPP

#include "../../hosts/http/pch/http_pch.hpp"


#include <gtest/gtest.h>

#endif // USERSERVICE_HTTP_TESTS_PCH_HPP
