// The roles (GET /api/v1/Role), retired ones marked; each opens its page (role.js).
import { call, problemOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

export async function renderRoles(main) {
  const answer = await call('GET', '/api/v1/Role');
  const heading = el('h1', {}, t('admin.roles'));
  if (answer.status !== 200) {
    show(main, heading, el('p', { class: 'error', role: 'alert' }, problemOf(answer)));
    return;
  }
  const roles = answer.json ?? [];
  show(main, heading, el('table', { id: 'role-list' },
    el('thead', {}, el('tr', {}, el('th', {}, t('role.name')), el('th', {}, t('role.type')), el('th', {}, t('role.tooltip')))),
    el('tbody', {}, roles.map((role) => el('tr', { 'data-role': role.Id },
      el('td', {}, el('a', { href: `#/role/${role.Id}` }, role.Name || `#${role.Id}`),
        role.Deleted ? el('span', { class: 'badge' }, t('role.retiredBadge')) : null),
      el('td', {}, role.Type ? t(`roleType.${role.Type}`) : ''), el('td', {}, role.ToolTip ?? ''))))),
  roles.length ? null : el('p', {}, t('role.none')));
}
