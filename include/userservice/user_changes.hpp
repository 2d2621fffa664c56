// What changed between two versions of a user, field by field, with each changed
// field's JSON form: what an audit trail records (plugins/audit_trail), computed on the
// carriers themselves, without writing either user as JSON.
#pragma once

#include <userservice/carriers.hpp>
#include <userservice/export.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace userservice {

/// One field whose value differs.
struct FieldChange {
    std::string field; ///< its wire path: "User.Tooltip", "User.Person.Email"
    boost::json::value before; ///< its JSON form before (null when it had none)
    boost::json::value after;
};

/// The fields that differ between `before` and `after`, in wire order. When both have a
/// Person it is compared field by field ("User.Person.Email"); when only one has, the
/// change is "User.Person" itself. Output-only fields (TableRight, FieldProperties,
/// PostSaveCommands) are not compared: a save never writes them.
USERSERVICE_API std::vector<FieldChange> userChanges(const User& before, const User& after);

} // namespace userservice
