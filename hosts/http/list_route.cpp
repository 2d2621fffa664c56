// GET /api/v1/User: the WebAPI REST list. The OData options ($filter, $orderBy,
// $top, $skip, $select, and $skiptoken from a nextLink) go to searchUsers as text;
// the answer is the WebAPI's list shape, {"odata.nextLink": …, "value": [users]},
// the link present only when another page follows. It is relative to the host and
// carries the request's options with the cursor in $skiptoken ($skip was spent on
// the first page).
#include "call.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/url/url.hpp>

namespace userservice::http {
namespace {

constexpr std::string_view carried[] = { "$filter", "$orderBy", "$top", "$select" };

std::string nextLink(const Call& call, const std::string& cursor)
{
    boost::urls::url link("/api/v1/User");
    for (const auto name : carried)
        if (const auto value = call.query(name))
            link.params().append({ name, *value });
    link.params().append({ "$skiptoken", cursor });
    return std::string(link.buffer());
}

} // namespace

Response listUsers(const Call& call)
{
    const auto text = [&](std::string_view name) { return call.query(name).value_or(std::string()); };
    const std::string filter = text("$filter"), orderBy = text("$orderBy"), top = text("$top"), skip = text("$skip"),
                      select = text("$select"), cursor = text("$skiptoken");
    const UserPage page = call.service.searchUsers(call.caller,
        UserQueryText {
            .filter = filter, .orderBy = orderBy, .top = top, .skip = skip, .select = select, .cursor = cursor });
    std::string body = "{";
    if (!page.nextCursor.empty())
        body +=
            "\"odata.nextLink\":" + boost::json::serialize(boost::json::string(nextLink(call, page.nextCursor))) + ",";
    body += "\"value\":" + toJson(page.users) + "}";
    return call.ok(std::move(body));
}

} // namespace userservice::http
