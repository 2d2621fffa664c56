// The one export-macro header: the library is built with hidden visibility, and
// USERSERVICE_API marks what it exports. USERSERVICE_BUILDING is set only while
// the library itself compiles; USERSERVICE_STATIC when it is linked statically.
#pragma once

#if defined(USERSERVICE_STATIC)
#define USERSERVICE_API
#elif defined(_WIN32)
#if defined(USERSERVICE_BUILDING)
#define USERSERVICE_API __declspec(dllexport)
#else
#define USERSERVICE_API __declspec(dllimport)
#endif
#else
#define USERSERVICE_API __attribute__((visibility("default")))
#endif
