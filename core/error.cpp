#include <userservice/error.hpp>

#include <boost/json/object.hpp>

namespace userservice {

int httpStatus(ErrorKind kind) noexcept
{
    switch (kind) {
    case ErrorKind::BadRequest:
    case ErrorKind::Validation:
        return 400;
    case ErrorKind::Unauthorized:
        return 401;
    case ErrorKind::Forbidden:
        return 403;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::PreconditionFailed:
        return 412;
    case ErrorKind::Unavailable:
        return 503;
    case ErrorKind::Internal:
        break;
    }
    return 500;
}

std::string_view toString(ErrorKind kind) noexcept
{
    switch (kind) {
    case ErrorKind::BadRequest:
        return "BadRequest";
    case ErrorKind::Validation:
        return "Validation";
    case ErrorKind::Unauthorized:
        return "Unauthorized";
    case ErrorKind::Forbidden:
        return "Forbidden";
    case ErrorKind::NotFound:
        return "NotFound";
    case ErrorKind::Conflict:
        return "Conflict";
    case ErrorKind::PreconditionFailed:
        return "PreconditionFailed";
    case ErrorKind::Unavailable:
        return "Unavailable";
    case ErrorKind::Internal:
        break;
    }
    return "Internal";
}

Error::Error(ErrorKind kind, std::string message, std::vector<FieldError> fields, std::string source)
    : kind_(kind)
    , message_(std::move(message))
    , fields_(std::move(fields))
    , source_(std::move(source))
{
}

std::string_view Error::webApiErrorType() const noexcept
{
    // The .NET exception types a SuperOffice server reports for these cases.
    switch (kind_) {
    case ErrorKind::BadRequest:
        return "ArgumentException";
    case ErrorKind::Validation:
        return "ValidationException";
    case ErrorKind::Unauthorized:
        return "UnauthorizedAccessException";
    case ErrorKind::Forbidden:
        return "SoAccessDeniedException";
    case ErrorKind::NotFound:
        return "KeyNotFoundException";
    case ErrorKind::Conflict:
        return "DuplicateKeyException";
    case ErrorKind::PreconditionFailed:
        return "PreconditionFailedException";
    case ErrorKind::Unavailable:
        return "ServiceUnavailableException";
    case ErrorKind::Internal:
        break;
    }
    return "Exception";
}

boost::json::object Error::toWebApiBody() const
{
    return boost::json::object {
        { "Error", true },
        { "ErrorType", webApiErrorType() },
        { "Message", message_ },
        { "ErrorSource", source_ },
    };
}

void throw_exception_from_error(const Error& error, const boost::source_location&)
{
    throw Exception(error);
}

} // namespace userservice
