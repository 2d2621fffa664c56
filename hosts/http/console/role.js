// A role's page: the role (GET /api/v1/Role/{id}: name, type, tooltip, when and by whom it
// was created and last changed), its name and tooltip changed by a holder of admin-roles
// (PUT, each refused field's problem next to it), and its rights (role_rights.js).
import { call, holds, problemOf } from './api.js';
import { el, show } from './dom.js';
import { language, t } from './i18n.js';
import { renderDataRights, renderFunctionalRights } from './role_rights.js';

/** A stamp: the date-time in the chosen language (a role stored before stamps were kept has year 1), and who. */
function stamp(at, by) {
  if (!at || at.startsWith('0001-')) return t('role.notRecorded');
  const when = Number.isNaN(Date.parse(at)) ? at : new Date(at).toLocaleString(language());
  if (!by) return when;
  return t('role.stampBy', when, by.AssociateId === 0 ? t('history.system') : by.Name || `#${by.AssociateId}`);
}

function facts(role, may) {
  const rows = [['role.type', role.RoleType ? t(`roleType.${role.RoleType}`) : ''],
    may ? null : ['role.tooltip', role.Tooltip ?? ''],
    ['role.created', stamp(role.Created, role.CreatedBy)], ['role.updated', stamp(role.Updated, role.UpdatedBy)]];
  return el('dl', { class: 'facts', id: 'role-facts' },
    rows.filter(Boolean).map(([key, value]) => [el('dt', {}, t(key)), el('dd', {}, value)]));
}

function textField(name, value, label) {
  const id = `role-${name.toLowerCase()}`;
  return el('div', { class: 'field' }, el('label', { for: id }, label),
    el('input', { id, value: value ?? '', maxlength: 255, 'data-name': name }),
    el('small', { class: 'error', id: `error-RoleEntity.${name}`, role: 'alert' }));
}

/** Name and tooltip, saved with PUT /api/v1/Role/{id}; a 400's or 409's fields shown by their inputs. */
function editForm(main, role, caller) {
  const message = el('p', { class: 'error', role: 'alert', id: 'role-message' });
  const form = el('form', { id: 'role-form' }, textField('Name', role.Name, t('role.name')),
    textField('Tooltip', role.Tooltip, t('role.tooltip')),
    el('button', { type: 'submit', id: 'role-save' }, t('user.save')), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changed = { ...role };
    form.querySelectorAll('input[data-name]').forEach((input) => { changed[input.dataset.name] = input.value; });
    form.querySelectorAll('.error').forEach((slot) => { slot.textContent = ''; });
    const answer = await call('PUT', `/api/v1/Role/${role.RoleId}`, { body: changed });
    if (answer.status === 200) return renderRole(main, role.RoleId, caller, t('user.saved'));
    for (const [path, text] of Object.entries(answer.json?.Fields ?? {}))
      form.querySelector(`[id="error-${CSS.escape(path)}"]`)?.append(text);
    message.textContent = problemOf(answer);
    return undefined;
  });
  return form;
}

export async function renderRole(main, id, caller, notice = '') {
  const answer = await call('GET', `/api/v1/Role/${id}`);
  const back = el('a', { href: '#/admin/roles' }, t('role.back'));
  if (answer.status !== 200) {
    show(main, el('p', { class: 'error', role: 'alert' }, answer.status === 404 ? t('role.notFound') : problemOf(answer)), back);
    return;
  }
  const role = answer.json;
  const may = holds(caller, 'admin-roles');
  const functional = el('section', { id: 'role-functional' });
  const data = el('section', { id: 'role-data' });
  show(main, el('h1', {}, role.Name || `#${role.RoleId}`,
    role.Deleted ? el('span', { class: 'badge' }, t('role.retiredBadge')) : null), back,
  notice ? el('p', { class: 'notice', id: 'role-notice', role: 'status' }, notice) : null,
  facts(role, may), may ? editForm(main, role, caller) : null, functional, data);
  await Promise.all([renderFunctionalRights(functional, role), renderDataRights(data, role)]);
}
