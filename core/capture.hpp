// Turns a throwing call into its non-throwing twin: the library's own errors
// come back as they are, anything else through a fallback.
#pragma once

#include <userservice/error.hpp>

#include <boost/system/result.hpp>

#include <exception>
#include <type_traits>

namespace userservice::detail {

/// Calls `call`; an exception of type E comes back as its error(), any other one as
/// `other(what)`.
template <class E, class F, class Other>
auto captureAs(F&& call, Other&& other) noexcept
    -> boost::system::result<std::invoke_result_t<F>, std::remove_cvref_t<decltype(std::declval<const E&>().error())>>
{
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
            call();
            return {};
        } else {
            return call();
        }
    } catch (const E& e) {
        return e.error();
    } catch (const std::exception& e) {
        return other(e.what());
    } catch (...) {
        return other("an exception of an unknown type");
    }
}

/// The library's twin: its own errors as they are, anything else as Internal.
template <class F> auto captureErrors(F&& call) noexcept -> Result<std::invoke_result_t<F>>
{
    return captureAs<Exception>(
        std::forward<F>(call), [](const char* what) { return Error(ErrorKind::Internal, what); });
}

} // namespace userservice::detail
