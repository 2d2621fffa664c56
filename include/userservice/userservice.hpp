// Everything the library offers, in one include.
#pragma once

#include <userservice/caller.hpp>
#include <userservice/carriers.hpp>
#include <userservice/datetime.hpp>
#include <userservice/enums.hpp>
#include <userservice/error.hpp>
#include <userservice/json.hpp>
#include <userservice/select.hpp>
#include <userservice/time_zone.hpp>
#include <userservice/user_service.hpp>
#include <userservice/version.hpp>
