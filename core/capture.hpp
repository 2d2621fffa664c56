// Turns a throwing call into its non-throwing twin: the library's own errors
// come back as they are, anything else as an Internal error.
#pragma once

#include <userservice/error.hpp>

#include <exception>
#include <type_traits>

namespace userservice::detail {

template <class F> auto captureErrors(F&& call) noexcept -> Result<std::invoke_result_t<F>>
{
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
            call();
            return {};
        } else {
            return call();
        }
    } catch (const Exception& e) {
        return e.error();
    } catch (const std::exception& e) {
        return Error(ErrorKind::Internal, e.what());
    } catch (...) {
        return Error(ErrorKind::Internal, "unknown exception");
    }
}

} // namespace userservice::detail
