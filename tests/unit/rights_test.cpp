#include <userservice/rights.hpp>

#include <userservice/json.hpp>

#include <gtest/gtest.h>

using namespace userservice;

namespace {

Principal internalUser(std::int32_t id, bool administersUsers = false)
{
    return { .associateId = id,
        .type = UserType::InternalAssociate,
        .roleType = RoleType::Employee,
        .roleRights = { .administerUsers = administersUsers } };
}

User storedUser(std::int32_t id)
{
    User user;
    user.associateId = id;
    return user;
}

std::string maskText(const CarrierRights& rights, std::string_view field)
{
    return toString(rights.mask(field));
}

TEST(RightsEngine, SystemCallersHoldEverythingButDerivedFields)
{
    const User target = storedUser(5);
    for (const Principal& system : { Principal {},
             Principal { .associateId = 9, .type = UserType::InternalAssociate, .roleType = RoleType::System } }) {
        const UserRights rights = computeRights(system, &target);
        EXPECT_EQ(toString(rights.user.table.mask), "FULL");
        EXPECT_EQ(rights.user.table.reason, "");
        EXPECT_EQ(maskText(rights.user, "Tooltip"), "Update");
        EXPECT_EQ(maskText(rights.user, "Name"), "Update, UIHintMandatory");
        EXPECT_EQ(maskText(rights.user, "Role"), "Update");
        EXPECT_EQ(maskText(rights.user, "Lastlogin"), "Read");
        EXPECT_EQ(rights.user.fields.find("Lastlogin")->fieldRight->reason, "[SR_RIGHTS_NEVER_WRITABLE]");
        EXPECT_EQ(maskText(rights.person, "FullName"), "Read");
        EXPECT_EQ(maskText(rights.person, "Lastname"), "Update, UIHintMandatory");
        EXPECT_EQ(maskText(rights.moduleLicense, "Assigned"), "Update");
        EXPECT_EQ(maskText(rights.role, "Name"), "Read"); // list items change in their lists
    }
}

TEST(RightsEngine, FieldPropertiesCarryTypeAndTheValidationLength)
{
    const UserRights rights = computeRights(Principal {}, nullptr);
    const FieldProperty& name = *rights.user.fields.find("Name");
    EXPECT_EQ(name.fieldType, "System.String");
    EXPECT_EQ(name.fieldLength, 50);
    EXPECT_EQ(rights.user.fields.find("UserName")->fieldLength, 254);
    EXPECT_EQ(rights.user.fields.find("Rank")->fieldType, "System.Int32");
    EXPECT_EQ(rights.user.fields.find("Deleted")->fieldType, "System.Boolean");
    EXPECT_EQ(rights.user.fields.find("Lastlogin")->fieldType, "System.DateTime");
    EXPECT_EQ(rights.user.fields.find("OtherGroups")->fieldType, "UserGroup[]");
    EXPECT_EQ(rights.user.fields.find("Person")->fieldType, "Person");
    EXPECT_EQ(rights.person.fields.find("Email")->fieldLength, 254);
    EXPECT_EQ(rights.credential.fields.find("Value")->fieldLength, 1024);
    // One entry per field, in wire order.
    EXPECT_EQ(rights.user.fields.size(), 27u);
    EXPECT_EQ(rights.user.fields.begin()->first, "AssociateId");
}

TEST(RightsEngine, UserAdministratorsManageOtherUsers)
{
    const User target = storedUser(5);
    const UserRights onOther = computeRights(internalUser(1, true), &target);
    EXPECT_EQ(toString(onOther.user.table.mask), "FULL");
    EXPECT_EQ(maskText(onOther.user, "Credentials"), "Update");
    EXPECT_EQ(toString(computeRights(internalUser(1, true), nullptr).user.table.mask), "FULL");
}

TEST(RightsEngine, OrdinaryUsersChangeOnlyTheirPersonalFields)
{
    const User self = storedUser(1);
    const UserRights own = computeRights(internalUser(1), &self);
    EXPECT_EQ(toString(own.user.table.mask), "Select, RestrictedUpdate");
    EXPECT_EQ(maskText(own.user, "Tooltip"), "Update");
    EXPECT_EQ(maskText(own.user, "NickName"), "Update");
    EXPECT_EQ(maskText(own.user, "IsOnTravel"), "Update");
    EXPECT_EQ(maskText(own.user, "Role"), "Read");
    EXPECT_EQ(own.user.fields.find("Role")->fieldRight->reason, "[SR_RIGHTS_PERSONAL_FIELDS_ONLY]");
    EXPECT_EQ(maskText(own.user, "Credentials"), "Read");
    EXPECT_EQ(maskText(own.person, "Email"), "Update");
    EXPECT_EQ(maskText(own.person, "Lastname"), "Read");

    const User other = storedUser(2);
    const UserRights onOther = computeRights(internalUser(1), &other);
    EXPECT_EQ(toString(onOther.user.table.mask), "Select");
    EXPECT_EQ(maskText(onOther.user, "Tooltip"), "Read");
    EXPECT_EQ(maskText(onOther.user, "Credentials"), "None");
    EXPECT_EQ(maskText(onOther.user, "RequestSignature"), "None");
    EXPECT_EQ(onOther.user.fields.find("Credentials")->fieldRight->reason, "[SR_RIGHTS_HIDDEN_FROM_OTHERS]");
    EXPECT_EQ(toString(onOther.credential.table.mask), "None");

    const UserRights onNew = computeRights(internalUser(1), nullptr);
    EXPECT_EQ(toString(onNew.user.table.mask), "None");
    EXPECT_EQ(onNew.user.table.reason, "[SR_RIGHTS_NOT_USER_ADMIN]");
}

TEST(RightsEngine, ExternalAndAnonymousUsersReadOnlyThemselves)
{
    for (UserType type : { UserType::ExternalAssociate, UserType::AnonymousAssociate, UserType::ResourceAssociate }) {
        const Principal caller { .associateId = 3, .type = type };
        const User self = storedUser(3), other = storedUser(4);
        const UserRights own = computeRights(caller, &self);
        EXPECT_EQ(toString(own.user.table.mask), "Select");
        EXPECT_EQ(maskText(own.user, "Tooltip"), "Read");
        EXPECT_EQ(maskText(own.person, "Email"), "Read");
        EXPECT_EQ(toString(computeRights(caller, &other).user.table.mask), "None");
        EXPECT_EQ(maskText(computeRights(caller, &other).user, "Name"), "None");
        EXPECT_EQ(toString(computeRights(caller, nullptr).user.table.mask), "None");
    }
}

TEST(RightsEngine, ModifiersCanOnlyTakeRightsAway)
{
    const User self = storedUser(1);
    const RightsModifier greedy = [](const Principal&, const User*, UserRights& rights) {
        rights.user.table.mask = static_cast<ETableRight>(63); // every right: an attempt to add, ignored
        for (auto& [name, property] : rights.user.fields)
            property.fieldRight->mask = EFieldRight::Update;
        rights.person.fields.find("Email")->fieldRight->mask = EFieldRight::Read; // taken away
        rights.person.fields.find("Email")->fieldRight->reason = "[SR_NO_EMAIL_EDITS]";
        rights.person.fields.find("Title")->fieldRight->mask =
            static_cast<EFieldRight>(static_cast<unsigned>(EFieldRight::Update) | 128); // adds a UI hint
    };
    const RightsModifier hideTooltip = [](const Principal& caller, const User* target, UserRights& rights) {
        if (target && target->associateId == caller.associateId)
            rights.user.fields.find("Tooltip")->fieldRight->mask = EFieldRight::None;
    };
    const std::vector<RightsModifier> modifiers { greedy, hideTooltip };
    const UserRights rights = computeRights(internalUser(1), &self, modifiers);
    EXPECT_EQ(toString(rights.user.table.mask), "Select, RestrictedUpdate");
    EXPECT_EQ(maskText(rights.user, "Role"), "Read");
    EXPECT_EQ(maskText(rights.user, "Tooltip"), "None");
    EXPECT_EQ(rights.user.fields.find("Tooltip")->fieldRight->reason, "[SR_RIGHTS_REMOVED_BY_PLUGIN]");
    EXPECT_EQ(maskText(rights.person, "Email"), "Read");
    EXPECT_EQ(rights.person.fields.find("Email")->fieldRight->reason, "[SR_NO_EMAIL_EDITS]");
    EXPECT_EQ(maskText(rights.person, "Title"), "Read, UIHintReadOnly");
    // The policy itself is unchanged for the next caller.
    EXPECT_EQ(maskText(computeRights(internalUser(1), &self).user, "Tooltip"), "Update");
}

TEST(RightsEngine, RightsTravelInTheWireFormat)
{
    const User other = storedUser(2);
    User user = storedUser(2);
    const UserRights rights = computeRights(internalUser(1), &other);
    user.tableRight = rights.user.table;
    user.fieldProperties = rights.user.fields;
    const std::string json = json::serialize(user);
    EXPECT_NE(json.find(R"("TableRight":{"Mask":"Select","Reason":"[SR_RIGHTS_NOT_USER_ADMIN]"})"), std::string::npos);
    EXPECT_NE(json.find(R"("Credentials":{"FieldRight":{"Mask":"None","Reason":"[SR_RIGHTS_HIDDEN_FROM_OTHERS]"},)"
                        R"("FieldType":"Credential[]","FieldLength":0})"),
        std::string::npos);
    EXPECT_EQ(json::parse<User>(json), user);
}

} // namespace
