// The console's static files: GET / and GET /{file} below ConsoleOptions::directory,
// with their content type and the headers that keep a browser strict about them (a
// Content-Security-Policy without inline script, nosniff, no framing).
#pragma once

#include "api.hpp"
#include "console_options.hpp"

#include <boost/url/url_view.hpp>

namespace userservice::http {

/// Whether a request target belongs to the console (anything outside /api/).
bool isConsoleTarget(std::string_view target);

/// The console file a GET or HEAD asks for: "/" is index.html. A path that leaves the
/// folder, names a hidden file or a type not served, or a file that is not there is a
/// 404; another method is a 405. @throws HttpError
Response consoleFile(const ConsoleOptions& console, const Request& request, boost::urls::url_view url);

/// The headers every console file carries, also set on the API's answers to the console.
void setConsoleSecurityHeaders(Response& response);

} // namespace userservice::http
