// One error model for the whole library: a kind that maps to one HTTP status, a
// message for people, the fields concerned, and where it came from.
//
// Every call that throws userservice::Exception has a non-throwing twin named
// try…() that returns Result<T> instead (boost::system::result<T, Error>).
#pragma once

#include <userservice/export.hpp>

#include <boost/json/fwd.hpp>
#include <boost/system/result.hpp>

#include <chrono>

#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace userservice {

enum class ErrorKind {
    BadRequest, ///< malformed input: bad JSON, wrong type, unknown $select name (400)
    Validation, ///< well-formed input that breaks a rule, with problems by field (400)
    Unauthorized, ///< the caller is not authenticated (401)
    Forbidden, ///< the caller may not do this; names the fields and reasons (403)
    NotFound, ///< the addressed record does not exist, or is not visible (404)
    Conflict, ///< a uniqueness rule was broken by a concurrent or existing record (409)
    PreconditionFailed, ///< "only if unchanged since" did not hold (412)
    TooManyRequests, ///< too many failed sign-ins from this address or for this name: locked out for a while (429)
    /// The service cannot do this now, whoever asks: too busy (every password hashing
    /// slot taken: try again after retryAfter), or its database file was deleted or
    /// replaced while it ran (an operator must act) (503)
    Unavailable,
    Internal, ///< a bug or an environment failure; never the caller's fault (500)
};

/// The HTTP status an error of this kind answers with.
USERSERVICE_API int httpStatus(ErrorKind kind) noexcept;
/// "BadRequest", "Forbidden", ...
USERSERVICE_API std::string_view toString(ErrorKind kind) noexcept;

/// One problem with one field, named by its path in the carrier ("User.Person.Firstname").
struct FieldError {
    std::string field;
    std::string message;
    friend bool operator==(const FieldError&, const FieldError&) = default;
};

class USERSERVICE_API Error {
public:
    /// Needed by Result<T>::error() on a result that holds a value.
    Error() = default;
    Error(ErrorKind kind, std::string message, std::vector<FieldError> fields = {}, std::string source = {});

    ErrorKind kind() const noexcept { return kind_; }
    const std::string& message() const noexcept { return message_; }
    std::span<const FieldError> fields() const noexcept { return fields_; }
    /// Where the error arose: a JSON path, a field, or an operation.
    const std::string& source() const noexcept { return source_; }
    int httpStatus() const noexcept { return userservice::httpStatus(kind_); }
    /// How long to wait before trying again (TooManyRequests, Unavailable): HTTP's Retry-After.
    std::optional<std::chrono::seconds> retryAfter() const noexcept { return retryAfter_; }
    /// Sets retryAfter(), at least one second (Retry-After counts whole seconds).
    Error& retryAfter(std::chrono::milliseconds wait);

    /// The .NET exception type name that SuperOffice clients expect in ErrorType.
    std::string_view webApiErrorType() const noexcept;
    /// `{"Error": true, "ErrorType": …, "Message": …, "ErrorSource": …}`
    boost::json::object toWebApiBody() const;

    friend bool operator==(const Error&, const Error&) = default;

private:
    ErrorKind kind_ = ErrorKind::Internal;
    std::string message_;
    std::vector<FieldError> fields_;
    std::string source_;
    std::optional<std::chrono::seconds> retryAfter_;
};

class USERSERVICE_API Exception : public std::exception {
public:
    explicit Exception(Error error)
        : error_(std::move(error))
    {
    }
    const Error& error() const noexcept { return error_; }
    ErrorKind kind() const noexcept { return error_.kind(); }
    const char* what() const noexcept override { return error_.message().c_str(); }

private:
    Error error_;
};

template <class T> using Result = boost::system::result<T, Error>;

/// Lets Result<T>::value() throw userservice::Exception (found by ADL).
[[noreturn]] USERSERVICE_API void throw_exception_from_error(const Error& error, const boost::source_location& where);

} // namespace userservice
