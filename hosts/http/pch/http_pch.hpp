// The HTTP host's precompiled header: the library's, and Beast, Asio and Boost.URL
// (see core/pch/core_pch.hpp for why and what belongs here).
#ifndef USERSERVICE_HTTP_PCH_HPP
#define USERSERVICE_HTTP_PCH_HPP

#include "../../../core/pch/core_pch.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>

#endif // USERSERVICE_HTTP_PCH_HPP
