# userservice_add_plugin(<target> <source>...)
#
# Builds a userservice plugin: a MODULE library (lib<target>.so, the platform's
# default prefix and suffix) linked to UserService::core, with hidden symbol
# visibility (the plugin exports only its manifest and its entry point, which
# USERSERVICE_PLUGIN marks), and -fno-gnu-unique, without which glibc never
# unloads a library that has an STB_GNU_UNIQUE symbol (std::make_shared emits
# one) and PluginRegistry::unload could not release it.
#
# Installed with the package: after find_package(UserService) a host project calls
#   userservice_add_plugin(audit audit.cpp)
# Inside this project it also applies userservice_target_defaults (warnings,
# sanitizers). Nothing is added that forbids undefined symbols: a plugin may use
# symbols that the host executable provides.
function(userservice_add_plugin target)
  if(NOT ARGN)
    message(FATAL_ERROR "userservice_add_plugin(${target}): no sources given")
  endif()
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE UserService::core)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # A GCC flag; Clang never emits STB_GNU_UNIQUE and does not know it.
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
  if(COMMAND userservice_target_defaults)
    userservice_target_defaults(${target})
  endif()
endfunction()
