#include "call.hpp"

#include "http_date.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdint>

namespace userservice::http {

using boost::beast::iequals;
using boost::beast::http::field;

HttpError httpError(unsigned status, std::string message, std::string source)
{
    return { status, Error(ErrorKind::BadRequest, std::move(message), {}, std::move(source)) };
}

std::string_view trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string_view header(const Request& request, std::string_view name)
{
    const auto it = request.find(name);
    return it == request.end() ? std::string_view {} : trim(it->value());
}

std::string_view mediaType(const Request& request)
{
    const auto type = header(request, "Content-Type");
    return trim(type.substr(0, type.find(';')));
}

Call::Call(UserService& service, const Request& request, boost::urls::url_view url, CallerContext caller)
    : service(service)
    , request(request)
    , caller(std::move(caller))
    , url_(url)
{
}

std::optional<std::string> Call::query(std::string_view name) const
{
    for (const auto& param : url_.params())
        if (iequals(param.key, name))
            return std::string(param.value);
    return std::nullopt;
}

Select Call::select() const
{
    const auto text = query("$select");
    return text ? Select::parse(*text) : Select {};
}

const boost::json::value& Call::body() const
{
    if (body_)
        return *body_;
    const auto essence = mediaType(request);
    // A missing Content-Type is read as JSON: some clients leave it out.
    if (!essence.empty() && !iequals(essence, "application/json") && !iequals(essence, "text/json"))
        throw httpError(415, "the body must be application/json, not " + std::string(essence), "Content-Type");
    if (trim(request.body()).empty())
        throw Exception(Error(ErrorKind::BadRequest, std::string(noEntity), {}, "body"));
    auto value = json::tryParseValue(request.body());
    if (!value)
        throw Exception(value.error());
    body_ = std::move(*value);
    return *body_;
}

std::optional<boost::json::value> Call::bodyMember(std::string_view name) const
{
    if (trim(request.body()).empty())
        return std::nullopt;
    if (const auto* object = body().if_object())
        for (const auto& [key, member] : *object)
            if (iequals(key, name) && !member.is_null())
                return member;
    return std::nullopt;
}

std::optional<boost::json::value> Call::param(std::string_view name) const
{
    if (auto text = query(name))
        return boost::json::value(*text);
    return bodyMember(name);
}

void Call::badParam(std::string_view name, std::string_view expected, const boost::json::value& got)
{
    auto shown = boost::json::serialize(got);
    if (shown.size() > 40)
        shown = shown.substr(0, 40) + "…";
    throw Exception(Error(ErrorKind::BadRequest,
        std::string(name) + ": expected " + std::string(expected) + ", got " + shown, {}, std::string(name)));
}

std::optional<std::string> Call::textParam(std::string_view name) const
{
    const auto value = param(name);
    if (!value)
        return std::nullopt;
    if (const auto* text = value->if_string())
        return std::string(*text);
    badParam(name, "a string", *value);
}

std::string Call::requiredText(std::string_view name) const
{
    auto text = textParam(name);
    if (!text || text->empty())
        throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
    return std::move(*text);
}

std::optional<std::string> Call::secretParam(std::string_view name) const
{
    const std::string wanted(name);
    if (query(name))
        throw Exception(Error(ErrorKind::BadRequest,
            wanted + " must be sent in the JSON body, never in the query string (request targets are logged)", {},
            wanted));
    const auto value = bodyMember(name);
    if (!value)
        return std::nullopt;
    if (!value->is_string())
        throw Exception(Error(ErrorKind::BadRequest, wanted + ": expected a string", {}, wanted));
    return std::string(value->get_string());
}

std::string Call::requiredSecret(std::string_view name) const
{
    auto secret = secretParam(name);
    if (!secret)
        throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
    return std::move(*secret);
}

std::optional<std::int64_t> Call::integerParam(std::string_view name) const
{
    const auto value = param(name);
    if (!value)
        return std::nullopt;
    if (const auto* text = value->if_string()) {
        std::int64_t number = 0;
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
        if (error == std::errc {} && end == text->data() + text->size())
            return number;
    } else if (const auto* number = value->if_int64()) {
        return *number;
    } else if (const auto* unsignedNumber = value->if_uint64(); unsignedNumber && *unsignedNumber <= INT64_MAX) {
        return static_cast<std::int64_t>(*unsignedNumber);
    }
    badParam(name, "an integer", *value);
}

std::int32_t Call::idParam(std::string_view name) const
{
    const auto id = integerParam(name);
    if (!id)
        throw Exception(Error(ErrorKind::BadRequest, std::string(name) + " is required", {}, std::string(name)));
    if (*id <= 0 || *id > INT32_MAX)
        badParam(name, "a positive integer id", boost::json::value(*id));
    return static_cast<std::int32_t>(*id);
}

std::optional<bool> Call::boolParam(std::string_view name) const
{
    const auto value = param(name);
    if (!value)
        return std::nullopt;
    if (const auto* flag = value->if_bool())
        return *flag;
    if (const auto* text = value->if_string()) {
        if (iequals(*text, "true"))
            return true;
        if (iequals(*text, "false"))
            return false;
    }
    badParam(name, "true or false", *value);
}

std::int32_t Call::optionalIdParam(std::string_view name) const
{
    const auto id = integerParam(name).value_or(0);
    if (id < 0 || id > INT32_MAX)
        throw Exception(Error(ErrorKind::BadRequest,
            std::string(name) + ": expected 0 or a positive integer id, got " + std::to_string(id), {},
            std::string(name)));
    return static_cast<std::int32_t>(id);
}

std::vector<std::int32_t> Call::idListParam(std::string_view name) const
{
    const std::string wanted(name);
    const auto member = param(name);
    const boost::json::value& value = member ? *member : body();
    const auto* array = value.if_array();
    if (!array)
        throw Exception(Error(ErrorKind::BadRequest,
            wanted + ": expected an array of ids, or an object with " + wanted, {}, wanted));
    std::vector<std::int32_t> ids;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& item = (*array)[i];
        if (!item.is_int64() || item.get_int64() <= 0 || item.get_int64() > INT32_MAX) {
            auto shown = boost::json::serialize(item).substr(0, 40);
            throw Exception(Error(ErrorKind::BadRequest,
                wanted + "[" + std::to_string(i) + "]: expected a positive integer id, got " + shown, {}, wanted));
        }
        ids.push_back(static_cast<std::int32_t>(item.get_int64()));
    }
    return ids;
}

User Call::userBody() const
{
    const auto& value = body();
    if (const auto* object = value.if_object())
        for (auto& [key, member] : *object)
            if (iequals(key, "User")) {
                if (member.is_null())
                    throw Exception(Error(ErrorKind::BadRequest, std::string(noEntity), {}, "User"));
                return json::read<User>(member);
            }
    return json::read<User>(value);
}

std::int32_t Call::parseId(std::string_view text, std::string_view name)
{
    std::int32_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc {} || end != text.data() + text.size() || id <= 0)
        throw Exception(Error(ErrorKind::BadRequest,
            std::string(name) + ": expected a positive integer, got \"" + std::string(text.substr(0, 40)) + "\"", {},
            std::string(name)));
    return id;
}

Response Call::ok(std::string body, boost::beast::http::status code) const
{
    Response response { code, request.version() };
    response.set(field::content_type, "application/json; charset=utf-8");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

Response Call::noContent() const
{
    Response response { boost::beast::http::status::no_content, request.version() };
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
}

std::optional<Seconds> Call::lastModified(std::int32_t id) const
{
    const auto stamps = service.changeStamps(caller, id);
    if (!stamps)
        return std::nullopt;
    return std::chrono::floor<std::chrono::seconds>(stamps->updated.utc());
}

SaveOptions Call::saveOptions() const
{
    SaveOptions options;
    const auto text = header(request, "If-Unmodified-Since");
    if (text.empty())
        return options;
    const auto since = parseHttpDate(text);
    if (!since)
        throw Exception(Error(ErrorKind::BadRequest,
            "If-Unmodified-Since must be an HTTP date such as \"Sun, 06 Nov 1994 08:49:37 GMT\"", {},
            "If-Unmodified-Since"));
    options.ifUnmodifiedSince = DateTime::fromUtc(
        std::chrono::time_point_cast<DateTime::Ticks>(*since + std::chrono::seconds(1)) - DateTime::Ticks(1));
    return options;
}

} // namespace userservice::http
