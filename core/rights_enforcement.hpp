// Applying UserRights to carriers: what the service does with the engine's answer
// on every read and every write.
#pragma once

#include <userservice/error.hpp>
#include <userservice/rights.hpp>

#include "localization.hpp"

#include <string_view>
#include <vector>

namespace userservice::detail {

/// Blanks every field the caller may not read, in the user and in every carrier
/// inside it, and attaches the rights (TableRight, FieldProperties) to each carrier.
/// `allReadable` (the policy's rights of a system caller) skips looking for fields to blank.
void applyRights(User& user, const UserRights& rights, bool allReadable = false);

/// Sets every field of `incoming` that the caller may not write to its stored value
/// (nullptr: a new user, blank values), so that what is saved holds only permitted
/// changes, and returns the changes it undid: one FieldError per field, with its
/// reason. A blank value, or the stored one sent back, is not a change.
std::vector<FieldError> takeForbiddenChanges(User& incoming, const User* stored, const UserRights& rights);

/// Whether the caller's rights on a user depend on the user's main group (its data rights
/// treat OwnerGroup and Other differently): a check by id alone must then load the group.
bool dependsOnGroup(const Principal& caller);

/// Whether the default policy gives `caller` the same rights on `a` as on `b` (the same
/// relation to both): rights computed on one hold for the other, unless modifiers run.
bool samePolicyRights(const Principal& caller, const User& a, const User& b);

/// Whether a field is computed by the service (Person.FullName, User.Lastlogin,
/// TableRight, …): output only, whatever a client sends in it is ignored.
bool isComputedField(std::string_view carrier, std::string_view field);

/// Sets every computed field of `incoming` (but its AssociateId, the key) to the
/// stored value (nullptr: blank): a client that sends back what it read, stale
/// computed values included, changes nothing of them.
void takeComputedFields(User& incoming, const User* stored);

/// The rights with their reasons ("[SR_…]") resolved for `language`.
void localizeRights(UserRights& rights, std::string_view language, const TextSource* extra = nullptr);

} // namespace userservice::detail
