// Everything the library offers, in one include.
#pragma once

#include <userservice/api_tokens.hpp>
#include <userservice/caller.hpp>
#include <userservice/carriers.hpp>
#include <userservice/datetime.hpp>
#include <userservice/enums.hpp>
#include <userservice/data_rights.hpp>
#include <userservice/database_copy.hpp>
#include <userservice/error.hpp>
#include <userservice/functional_rights.hpp>
#include <userservice/json.hpp>
#include <userservice/plugin_registry.hpp>
#include <userservice/rights.hpp>
#include <userservice/save_options.hpp>
#include <userservice/select.hpp>
#include <userservice/user_query.hpp>
#include <userservice/service_options.hpp>
#include <userservice/sign_in_stamp.hpp>
#include <userservice/time_zone.hpp>
#include <userservice/user_changes.hpp>
#include <userservice/user_records.hpp>
#include <userservice/user_service.hpp>
#include <userservice/version.hpp>
