#include "console_files.hpp"

#include "call.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include <array>
#include <fstream>
#include <iterator>
#include <utility>

namespace userservice::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;

/// The console's files are small; a larger one is a mistake, not something to stream.
constexpr std::uintmax_t maxFileBytes = 1 << 20;

/// Only these types are served: nothing in the folder becomes an executable content by accident.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> contentTypes { {
    { ".html", "text/html; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".ico", "image/x-icon" },
    { ".json", "application/json; charset=utf-8" },
} };

HttpError notFound()
{
    return httpError(404, "no such resource: the console has no such file, and the API is under /api/v1/", "route");
}

std::string_view contentTypeOf(const std::filesystem::path& file)
{
    const auto extension = file.extension().string();
    for (const auto& [known, type] : contentTypes)
        if (boost::beast::iequals(extension, known))
            return type;
    return {};
}

/// A plain name: letters, digits, '-', '_' and '.', not starting with '.' (so no "..",
/// no hidden file). Segments are percent-decoded first, so "%2e%2e" and "%2f" are caught too.
bool isPlainName(std::string_view segment)
{
    if (segment.empty() || segment.front() == '.' || segment.size() > 100)
        return false;
    for (const char c : segment)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                c == '.'))
            return false;
    return true;
}

/// The file under `root` that the URL's path names; "/" is index.html. @throws HttpError 404
std::filesystem::path fileOf(const std::filesystem::path& root, boost::urls::url_view url)
{
    std::filesystem::path file = root;
    bool any = false;
    for (const auto segment : url.segments()) {
        if (segment.empty() && !any)
            continue; // "/" itself
        if (!isPlainName(segment))
            throw notFound();
        file /= segment;
        any = true;
    }
    return any ? file : root / "index.html";
}

std::string readFile(const std::filesystem::path& file)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error) || std::filesystem::file_size(file, error) > maxFileBytes ||
        error)
        throw notFound();
    std::ifstream in(file, std::ios::binary);
    std::string content { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
    if (!in.good() && !in.eof())
        throw notFound();
    return content;
}

} // namespace

bool isConsoleTarget(std::string_view target)
{
    const auto path = target.substr(0, target.find_first_of("?#"));
    return !(boost::beast::iequals(path.substr(0, 5), "/api/") || boost::beast::iequals(path, "/api"));
}

void setConsoleSecurityHeaders(Response& response)
{
    // No inline script or style, nothing from elsewhere, never inside a frame.
    response.set("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Referrer-Policy", "no-referrer");
}

Response consoleFile(const ConsoleOptions& console, const Request& request, boost::urls::url_view url)
{
    const auto method = request.method();
    if (method != beast_http::verb::get && method != beast_http::verb::head)
        throw httpError(405, "the console's files answer GET and HEAD", "method");
    if (console.directory.empty())
        throw notFound();
    const auto file = fileOf(console.directory, url);
    const auto type = contentTypeOf(file);
    if (type.empty())
        throw notFound();
    Response response { beast_http::status::ok, request.version() };
    response.set(field::content_type, type);
    // Revalidated on every use: a new version of the host serves its own console at once.
    response.set(field::cache_control, "no-cache");
    setConsoleSecurityHeaders(response);
    response.body() = readFile(file);
    response.prepare_payload();
    if (method == beast_http::verb::head)
        response.body().clear(); // Content-Length stays the GET's
    response.keep_alive(request.keep_alive());
    return response;
}

} // namespace userservice::http
