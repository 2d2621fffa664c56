// A role's rights as both stores aggregate them in one read (the caller's principal):
// functional rights as "name,name", data rights as "table/relation/value,…".
#pragma once

#include <userservice/rights.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace userservice::store {

/// The names of a ','-joined aggregate, sorted (names hold no ',': functional::nameProblem).
inline std::vector<std::string> splitRightNames(std::string_view joined)
{
    std::vector<std::string> names;
    while (!joined.empty()) {
        const auto comma = joined.find(',');
        names.emplace_back(joined.substr(0, comma));
        joined = comma == std::string_view::npos ? std::string_view() : joined.substr(comma + 1);
    }
    std::sort(names.begin(), names.end());
    return names;
}

/// The data rights of a joined "table/relation/value" aggregate over the defaults (rows
/// a role lacks keep them).
inline DataRights joinedDataRights(std::string_view joined)
{
    DataRights rights = DataRights::defaults();
    for (const auto& row : splitRightNames(joined)) {
        const auto first = row.find('/'), second = row.find('/', first + 1);
        if (first == std::string::npos || second == std::string::npos)
            continue;
        const auto table = data::tableIndex(std::string_view(row).substr(0, first));
        const auto relation = data::relationFromString(std::string_view(row).substr(first + 1, second - first - 1));
        const auto bits = data::parse(std::string_view(row).substr(second + 1));
        if (table && relation && bits) // written by setDataRights only: anything else is not ours
            rights.bits[*table][static_cast<std::size_t>(*relation)] = *bits;
    }
    return rights;
}

} // namespace userservice::store
