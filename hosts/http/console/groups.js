// User groups: the list with the retired ones (GET /api/v1/UserGroup?includeDeleted=true),
// marked; for a holder of admin-groups: add (POST), rename and retire or restore (PUT the
// group back, changed) and delete (DELETE). A group that users still have is refused (409):
// the host's reason is shown with an offer to move those users to another group first.
import { call, holds, problemOf } from './api.js';
import { confirmed } from './dialog.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

const path = '/api/v1/UserGroup';

function nameOf(group) {
  return group.Value || `#${group.Id}`;
}

/** A page of the groups; `notice` says what was just done. */
async function load(main, may, notice = '') {
  const answer = await call('GET', `${path}?includeDeleted=true`);
  const status = el('p', { id: 'group-status', role: 'status', class: 'notice' }, notice);
  const conflict = el('div', { id: 'group-conflict', role: 'alert' });
  if (answer.status !== 200) {
    show(main, el('h1', {}, t('admin.groups')), el('p', { class: 'error', role: 'alert' }, problemOf(answer)));
    return;
  }
  const groups = answer.json ?? [];
  const page = { main, may, groups, status, conflict, reload: (text) => load(main, may, text) };
  show(main, el('h1', {}, t('admin.groups')), may ? addForm(page) : null, conflict, status,
    el('table', { id: 'group-list' },
      el('thead', {}, el('tr', {}, el('th', {}, t('groups.name')), el('th', {}, t('groups.tooltip')), el('th', {}))),
      el('tbody', {}, groups.map((group) => row(page, group)))),
    groups.length ? null : el('p', {}, t('groups.none')));
}

/** Shows a refused call: its reason in the status line, as an error. */
function refused(page, answer) {
  page.status.className = 'error';
  page.status.textContent = problemOf(answer);
}

function addForm(page) {
  const name = el('input', { id: 'group-new-name', maxlength: 255, required: true });
  const tooltip = el('input', { id: 'group-new-tooltip', maxlength: 255 });
  const form = el('form', { id: 'group-add-form', class: 'inline' },
    el('label', { for: 'group-new-name' }, t('groups.name')), name,
    el('label', { for: 'group-new-tooltip' }, t('groups.tooltip')), tooltip,
    el('button', { type: 'submit', id: 'group-add' }, t('groups.add')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await call('POST', path, { body: { Value: name.value, Tooltip: tooltip.value || null } });
    if (answer.status === 201) page.reload(t('groups.added', nameOf(answer.json)));
    else refused(page, answer);
  });
  return form;
}

/** PUTs `group` back with `change` applied; `done` is the notice on success. */
async function save(page, group, change, done) {
  const answer = await call('PUT', `${path}/${group.Id}`, { body: { ...group, ...change } });
  if (answer.status === 200) page.reload(t(done, nameOf(answer.json)));
  else refused(page, answer);
}

/** The name cell turned into a small form; Escape or Cancel puts the name back. */
function rename(page, group, cell) {
  const input = el('input', { class: 'group-rename-input', value: group.Value ?? '', maxlength: 255, required: true,
    'aria-label': t('groups.name') });
  const form = el('form', { class: 'inline' }, input,
    el('button', { type: 'submit', class: 'group-rename-save' }, t('groups.save')),
    el('button', { type: 'button', onclick: () => page.reload() }, t('answer.Cancel')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(page, group, { Value: input.value }, 'groups.renamed');
  });
  show(cell, form);
  input.focus();
}

async function remove(page, group, moveTo = null) {
  const question = moveTo ? t('groups.confirmMove', nameOf(group), nameOf(moveTo)) : t('groups.confirmDelete', nameOf(group));
  if (!await confirmed(question)) return;
  const answer = await call('DELETE', `${path}/${group.Id}${moveTo ? `?userGroupToMoveTo=${moveTo.Id}` : ''}`);
  if (answer.status === 204) page.reload(t('groups.deleted', nameOf(group)));
  else if (answer.status === 409) inUse(page, group, answer);
  else refused(page, answer);
}

/** A 409: the group is someone's; its users may go to another active group, or it may be retired. */
function inUse(page, group, answer) {
  const others = page.groups.filter((other) => other.Id !== group.Id && !other.Deleted);
  const target = el('select', { id: 'group-move-to', 'aria-label': t('groups.moveTo') },
    others.map((other) => el('option', { value: other.Id }, nameOf(other))));
  show(page.conflict, el('div', { class: 'conflict' },
    el('p', { class: 'error' }, el('strong', {}, t('groups.inUse', nameOf(group))), ' ', answer.json?.Message ?? ''),
    others.length ? el('p', {}, el('label', { for: 'group-move-to' }, t('groups.moveTo')), ' ', target, ' ',
      el('button', { type: 'button', id: 'group-move-delete', onclick: () =>
        remove(page, group, others.find((other) => String(other.Id) === target.value)) }, t('groups.moveAndDelete')))
      : null));
  page.status.textContent = '';
}

function row(page, group) {
  const name = el('td', { class: 'group-name' }, nameOf(group),
    group.Deleted ? el('span', { class: 'badge retired' }, t('groups.retiredBadge')) : null);
  const retire = async () => {
    if (!group.Deleted && !await confirmed(t('groups.confirmRetire', nameOf(group)))) return;
    save(page, group, { Deleted: !group.Deleted }, group.Deleted ? 'groups.restored' : 'groups.retired');
  };
  const actions = page.may ? [
    el('button', { type: 'button', class: 'group-rename', onclick: () => rename(page, group, name) }, t('groups.rename')),
    el('button', { type: 'button', class: 'group-retire', onclick: retire }, t(group.Deleted ? 'groups.restore' : 'groups.retire')),
    el('button', { type: 'button', class: 'group-delete danger', onclick: () => remove(page, group) }, t('groups.delete')),
  ] : [];
  return el('tr', { 'data-group': group.Id, class: group.Deleted ? 'retired' : null },
    name, el('td', {}, group.Tooltip ?? ''), el('td', {}, el('div', { class: 'row-actions' }, actions)));
}

/** The groups page; changes offered to a holder of admin-groups. */
export function renderGroups(main, caller) {
  return load(main, holds(caller, 'admin-groups'));
}
