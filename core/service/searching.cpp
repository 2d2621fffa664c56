// The REST list: a search's page under the caller's rights. The store finds the
// matching ids in order; each is then loaded and shown exactly as getUser() shows it
// (shownWith, one rights computation per user). A user the caller may not see, or on
// whom it may not read a field that the filter or the order uses, is passed over as
// if it did not match: a filter on a hidden field is no oracle (its value never
// decides what comes back), and nothing is counted but what is returned.
#include "service_impl.hpp"

#include "../query/query.hpp"

#include <algorithm>

namespace userservice {
namespace {

/// Whether the caller may read every field in `fields` on a user with these rights.
bool canReadAll(const UserRights& granted, const std::vector<QueryField>& fields)
{
    return std::all_of(fields.begin(), fields.end(), [&](QueryField field) {
        const auto& info = query::fieldInfo(field);
        if (info.carrier == "User")
            return granted.user.canRead(info.rightsField);
        if (info.carrier == "Person")
            return granted.user.canRead("Person") && granted.person.canRead(info.rightsField);
        return true; // created, updated: seeing the user is enough, as for changeStamps()
    });
}

/// The limits a typed query must keep too (parse() checks them on the texts).
void checkLimits(const UserQuery& query)
{
    const auto refuse = [](const char* parameter, const std::string& what) {
        throw Exception(Error(ErrorKind::BadRequest, std::string(parameter) + ": " + what, {}, parameter));
    };
    if (query.top < 1 || query.top > UserQuery::maxTop)
        refuse("$top", "expected a whole number from 1 to " + std::to_string(UserQuery::maxTop));
    if (query.skip > UserQuery::maxSkip)
        refuse("$skip", "expected a whole number from 0 to " + std::to_string(UserQuery::maxSkip));
    if (query.orderBy.size() > UserQuery::maxOrderBy)
        refuse("$orderBy", "at most " + std::to_string(UserQuery::maxOrderBy) + " fields");
}

} // namespace

std::optional<std::int32_t> UserService::Impl::onlyVisible(const Principal& caller)
{
    // The policy decides whether a caller sees another user by who the caller is, and
    // rights plugins can only take rights away: when it shows no other user, the
    // search is of the caller's own record, one indexed row instead of a table scan.
    User other;
    other.associateId = -1; // no stored user has it
    if (has(computeRights(caller, &other).user.table, ETableRight::Select))
        return std::nullopt;
    other.userGroup = UserGroup { .id = caller.groupId }; // data rights may show its group only
    if (caller.groupId != 0 && has(computeRights(caller, &other).user.table, ETableRight::Select))
        return std::nullopt;
    return caller.associateId;
}

UserPage UserService::Impl::searchUsers(const CallerContext& context, const UserQuery& query)
{
    checkLimits(query);
    std::optional<query::Position> after;
    if (!query.cursor.empty())
        after = query::decodeCursor(query.orderBy, query.cursor);
    const auto fields = query::fieldsUsed(query.filter ? &*query.filter : nullptr, query.orderBy);
    UserPage page;
    readAs(context, [&](store::Session& s, const Principal& caller) {
        query::SearchSpec spec { query.filter ? &*query.filter : nullptr, &query.orderBy, nullptr, onlyVisible(caller),
            std::clamp<std::size_t>(query.top + query.skip + 1, 64, 1000) };
        std::size_t toSkip = query.skip;
        std::optional<query::Position> last; // of the last user returned
        for (bool more = false;;) {
            spec.after = after ? &*after : nullptr;
            auto rows = s.searchUsers(spec);
            for (auto& row : rows) {
                auto user = load(s, row.id);
                const UserRights granted = user ? rights(caller, &*user, context) : UserRights {};
                if (!user || !has(granted.user.table, ETableRight::Select) || !canReadAll(granted, fields))
                    continue;
                if (toSkip > 0) {
                    --toSkip;
                } else if (page.users.size() == query.top) {
                    more = true; // one more user follows: the page gets a next cursor
                    break;
                } else {
                    page.users.push_back(shownWith(std::move(*user), granted, caller, context));
                    last = row;
                }
            }
            if (more)
                page.nextCursor = query::encodeCursor(query.orderBy, *last);
            if (more || rows.size() < spec.limit)
                break;
            after = rows.back();
        }
    });
    for (auto& user : page.users)
        query.select.apply(user);
    return page;
}

} // namespace userservice
