// Walking the module licences of a User carrier (restricted and unrestricted lists
// per licence owner), shared by the service, validation, rights and the stores.
#pragma once

#include <userservice/carriers.hpp>

#include <cstddef>

namespace userservice::detail {

/// Calls f(link, listName, linkIndex) for each module licence link of an owner,
/// restricted and unrestricted; listName is the wire name of its list.
template <class O, class F> void forEachOwnedModuleLicense(O& owner, F&& f)
{
    const auto walk = [&](auto& links, const char* name) {
        if (links)
            for (std::size_t j = 0; j < links->size(); ++j)
                f((*links)[j], name, j);
    };
    walk(owner.restrictedModuleLicenses, "RestrictedModuleLicenses");
    walk(owner.unrestrictedModuleLicenses, "UnrestrictedModuleLicenses");
}

/// Calls f(link, ownerIndex, listName, linkIndex) for each module licence link of a user.
template <class U, class F> void forEachModuleLicense(U& user, F&& f)
{
    if (!user.licenseOwners)
        return;
    for (std::size_t i = 0; i < user.licenseOwners->size(); ++i)
        forEachOwnedModuleLicense(
            (*user.licenseOwners)[i], [&](auto& link, const char* name, std::size_t j) { f(link, i, name, j); });
}

} // namespace userservice::detail
