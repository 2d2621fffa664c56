// A role's page: the role (GET /api/v1/Role/{id}: name, type, tooltip, when and by whom it
// was created and last changed) and its rights (role_rights.js), each part as the host answers.
import { call, problemOf } from './api.js';
import { el, show } from './dom.js';
import { language, t } from './i18n.js';
import { renderDataRights, renderFunctionalRights } from './role_rights.js';

/** A stamp: the date-time in the chosen language, and who (the name the caller may read, else #id). */
function stamp(at, by) {
  const when = at && !Number.isNaN(Date.parse(at)) ? new Date(at).toLocaleString(language()) : at ?? '';
  if (!by) return when;
  return t('role.stampBy', when, by.AssociateId === 0 ? t('history.system') : by.Name || `#${by.AssociateId}`);
}

function facts(role) {
  const rows = [['role.type', role.RoleType ? t(`roleType.${role.RoleType}`) : ''], ['role.tooltip', role.Tooltip ?? ''],
    ['role.created', stamp(role.Created, role.CreatedBy)], ['role.updated', stamp(role.Updated, role.UpdatedBy)]];
  return el('dl', { class: 'facts', id: 'role-facts' }, rows.map(([key, value]) => [el('dt', {}, t(key)), el('dd', {}, value)]));
}

export async function renderRole(main, id) {
  const answer = await call('GET', `/api/v1/Role/${id}`);
  const back = el('a', { href: '#/admin/roles' }, t('role.back'));
  if (answer.status !== 200) {
    show(main, el('p', { class: 'error', role: 'alert' }, answer.status === 404 ? t('role.notFound') : problemOf(answer)), back);
    return;
  }
  const role = answer.json;
  const functional = el('section', { id: 'role-functional' });
  const data = el('section', { id: 'role-data' });
  show(main, el('h1', {}, role.Name || `#${role.RoleId}`,
    role.Deleted ? el('span', { class: 'badge' }, t('role.retiredBadge')) : null), back, facts(role), functional, data);
  await Promise.all([renderFunctionalRights(functional, role), renderDataRights(data, role)]);
}
