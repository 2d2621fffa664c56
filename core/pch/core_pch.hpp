// The library's precompiled header: the standard and Boost headers that nearly every
// translation unit includes, parsed once per target instead of once per file (parsing
// them is a third of each file's compile time). Third-party headers only: our own
// headers change often and each file still includes what it uses, which a build
// without precompiled headers checks (CMAKE_DISABLE_PRECOMPILE_HEADERS=ON, -Db_pch=false).
// A guard, not #pragma once: the file is also compiled as a main file, where
// GCC warns about #pragma once.
#ifndef USERSERVICE_CORE_PCH_HPP
#define USERSERVICE_CORE_PCH_HPP

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json.hpp>
#include <boost/system/result.hpp>

#endif // USERSERVICE_CORE_PCH_HPP
