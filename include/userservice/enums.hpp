// The enums and flag types of the wire format. Plain enums travel as their names
// ("InternalAssociate"); flag masks as ", "-joined names, combined the way .NET's
// Enum.ToString does it ("FULL", "RI, RestrictedUpdate", "Update, UIHintMandatory").
#pragma once

#include <userservice/export.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace userservice {

enum class UserType : std::int32_t {
    Unknown = 0,
    InternalAssociate = 1,
    ResourceAssociate = 2,
    ExternalAssociate = 3,
    AnonymousAssociate = 4,
    SystemAssociate = 5,
};

/// The kind of role, deciding how its members are governed.
enum class RoleType : std::int32_t {
    Unknown = 0,
    Employee = 1,
    ExternalUser = 2,
    Anonymous = 3,
    System = 4,
};

/// What the client must show before executing a command.
enum class CommandAction : std::int32_t { Implicit = 0, YesNo = 1, OkCancel = 2, Ok = 3 };

/// What the person answered.
enum class CommandActionResult : std::int32_t { Implicit = 0, Yes = 1, Ok = 2, No = 3, Cancel = 4 };

/// What SetExternalUserInfo changes of an external user (flags; SuperOffice's values).
enum class ExternalUserInfoModification : std::uint32_t {
    Unknown = 0,
    UserName = 1,
    Password = 2,
    Role = 4,
    Active = 8,
    All = UserName | Password | Role | Active,
};

/// A way a user's password can be changed (GetSupportedChangePasswordTypes). The WebAPI
/// names the enum but its values are not public: these are this library's.
enum class ChangePasswordType : std::int32_t {
    Unknown = 0,
    OldPassword = 1, ///< the user gives the old password and a new one (ChangePassword)
    EMail = 2, ///< a reset link sent to the user's e-mail address (SendChangePasswordEMail)
    Administrator = 3, ///< a user administrator sets it (SetPassword, SetGeneratedPassword)
};

/// A user's presence (UserPresenceStatus.Status). The WebAPI names the carrier but
/// not its values: these are this library's.
enum class PresenceStatus : std::int32_t {
    Unknown = 0, ///< never set
    Available = 1,
    Busy = 2,
    DoNotDisturb = 3,
    Away = 4,
    Offline = 5,
};

/// What a caller may do with a record.
enum class ETableRight : std::uint32_t {
    None = 0,
    Select = 1,
    Update = 2,
    Insert = 4,
    Delete = 8,
    Filtering = 16,
    RestrictedUpdate = 32,
    R = Select,
    F = Filtering,
    UR = Update | Select,
    RI = Select | Insert,
    URI = Update | Select | Insert,
    UDR = Update | Delete | Select,
    FULL = Select | Update | Insert | Delete,
    RF = Select | Filtering,
    FI = Filtering | Insert,
    URU = Update | RestrictedUpdate,
    WRITE = Update | Insert | RestrictedUpdate,
};

/// What a caller may do with a field. The UI hints deny, for user interfaces only.
enum class EFieldRight : std::uint32_t {
    None = 0,
    Read = 1,
    Write = 2,
    Update = Read | Write,
    Nullable = 32,
    UIHintMandatory = 64,
    UIHintReadOnly = 128,
    UIHints = UIHintMandatory | UIHintReadOnly,
};

template <class E> struct IsFlags : std::false_type {
};
template <> struct IsFlags<ETableRight> : std::true_type {
};
template <> struct IsFlags<EFieldRight> : std::true_type {
};
template <> struct IsFlags<ExternalUserInfoModification> : std::true_type {
};

template <class E>
concept Flags = IsFlags<E>::value;

template <Flags E> constexpr E operator|(E a, E b) noexcept
{
    using U = std::underlying_type_t<E>;
    return static_cast<E>(static_cast<U>(a) | static_cast<U>(b));
}
template <Flags E> constexpr E operator&(E a, E b) noexcept
{
    using U = std::underlying_type_t<E>;
    return static_cast<E>(static_cast<U>(a) & static_cast<U>(b));
}
template <Flags E> constexpr E operator~(E a) noexcept
{
    using U = std::underlying_type_t<E>;
    return static_cast<E>(~static_cast<U>(a));
}
template <Flags E> constexpr E& operator|=(E& a, E b) noexcept
{
    return a = a | b;
}
template <Flags E> constexpr E& operator&=(E& a, E b) noexcept
{
    return a = a & b;
}

/// True when every bit of `wanted` is set in `mask`.
template <Flags E> constexpr bool hasAll(E mask, E wanted) noexcept
{
    return (mask & wanted) == wanted;
}

/// One name of an enum. Aliases (ETableRight::R) parse but are never printed.
template <class E> struct EnumName {
    E value;
    std::string_view name;
    bool alias = false;
};

/// The names of every enum above, in ascending value order.
template <class E> USERSERVICE_API std::span<const EnumName<E>> enumNames() noexcept;

/// The wire name: "InternalAssociate", "FULL", "RI, RestrictedUpdate". A value
/// without a name prints as its number, as .NET does.
template <class E> USERSERVICE_API std::string toString(E value);

/// Parses a wire name, case-insensitively; flag masks may list several names
/// separated by commas. Empty when a name is unknown.
template <class E> USERSERVICE_API std::optional<E> enumFromString(std::string_view text) noexcept;

#define USERSERVICE_DECLARE_ENUM(E)                                                                                    \
    extern template USERSERVICE_API std::span<const EnumName<E>> enumNames<E>() noexcept;                              \
    extern template USERSERVICE_API std::string toString<E>(E);                                                        \
    extern template USERSERVICE_API std::optional<E> enumFromString<E>(std::string_view) noexcept;
USERSERVICE_DECLARE_ENUM(UserType)
USERSERVICE_DECLARE_ENUM(RoleType)
USERSERVICE_DECLARE_ENUM(CommandAction)
USERSERVICE_DECLARE_ENUM(CommandActionResult)
USERSERVICE_DECLARE_ENUM(ChangePasswordType)
USERSERVICE_DECLARE_ENUM(PresenceStatus)
USERSERVICE_DECLARE_ENUM(ETableRight)
USERSERVICE_DECLARE_ENUM(EFieldRight)
USERSERVICE_DECLARE_ENUM(ExternalUserInfoModification)
#undef USERSERVICE_DECLARE_ENUM

} // namespace userservice
