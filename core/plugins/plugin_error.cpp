// The registry's errors: their kinds' names, the exception, and the type of what plugin code threw.
#include "owner.hpp"

#include <boost/describe/enum.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cxxabi.h>

#include <cstdlib>

namespace userservice {

BOOST_DESCRIBE_ENUM(PluginErrorKind, FileNotFound, NotASharedLibrary, DamagedLibrary, NotAPlugin, BadManifest,
    ApiMajorMismatch, ApiMinorTooNew, FingerprintMismatch, LoadFailed, MissingEntryPoint, RegistrationFailed,
    DuplicateName, InvalidName, ManifestMismatch, AlreadyLoaded, NotLoaded, Pinned, Unloaded, CallFailed)

static_assert(boost::mp11::mp_size<boost::describe::describe_enumerators<PluginErrorKind>>::value ==
        static_cast<std::size_t>(PluginErrorKind::CallFailed) + 1,
    "every PluginErrorKind is described (CallFailed is the last)");

std::string_view toString(PluginErrorKind kind) noexcept
{
    return boost::describe::enum_to_string(kind, "unknown plugin error");
}

PluginException::PluginException(PluginError error)
    : error_(std::move(error))
    , what_(std::string(toString(error_.kind)) + ": " + error_.message +
          (error_.loaderText.empty() ? std::string() : " (" + error_.loaderText + ")"))
{
}

void throw_exception_from_error(const PluginError& error, const boost::source_location&)
{
    throw PluginException(error);
}

namespace detail {

std::string currentExceptionTypeName()
{
    const std::type_info* type = abi::__cxa_current_exception_type();
    if (!type)
        return "an unknown type";
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> name(
        abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), &std::free);
    return status == 0 && name ? name.get() : type->name();
}

} // namespace detail
} // namespace userservice
