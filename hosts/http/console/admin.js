// The administrators' pages: user groups, roles with their rights, credential types.
// The header offers each to a caller whose principal (GetCurrentPrincipal) holds the
// functional right the host checks for it (functional_rights.hpp); the host still decides
// every call, and a page opened without the right shows what the host answers (a 403's reason).
import { holds } from './api.js';
import { renderCredentialTypes } from './credential_types.js';
import { renderGroups } from './groups.js';
import { renderRoles } from './roles.js';

const pages = [
  { key: 'groups', right: 'admin-groups', render: renderGroups },
  { key: 'roles', right: 'admin-roles', render: renderRoles },
  { key: 'credentials', right: 'admin-credentials', render: renderCredentialTypes },
];

/** The pages offered to `caller`. */
export function offeredPages(caller) {
  return pages.filter((page) => holds(caller, page.right));
}

/** The page of a #/admin/{key} fragment, or undefined. */
export function adminPageOf(hash) {
  return pages.find((page) => hash === `#/admin/${page.key}`);
}
