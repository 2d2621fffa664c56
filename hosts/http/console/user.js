// A user's page: GET /api/v1/User/{id}; retire (MakeRetired) and delete, each confirmed;
// tabs: the form (user_form.js, saved with PUT under If-Unmodified-Since), the audit
// history, passwords and API tokens.
import { associateId, call, messageOf } from './api.js';
import { renderCommands } from './commands.js';
import { confirmed } from './dialog.js';
import { el, show } from './dom.js';
import { renderHistory } from './history.js';
import { t } from './i18n.js';
import { renderPasswords } from './passwords.js';
import { showSaveError } from './save_errors.js';
import { tabs } from './tabs.js';
import { renderTokens } from './tokens.js';
import { userForm } from './user_form.js';

// The mask's names for several rights at once (ETableRight's aliases).
const aliases = { FULL: ['Select', 'Update', 'Insert', 'Delete'], WRITE: ['Update', 'Insert', 'RestrictedUpdate'],
  URU: ['Update', 'RestrictedUpdate'] };
const letters = { U: 'Update', D: 'Delete', R: 'Select', I: 'Insert', F: 'Filtering' };

/** The table rights of a carrier: its mask ("UDR", "FULL" or "Select, Update") as single rights. */
function tableRights(carrier) {
  const rights = new Set();
  for (const flag of String(carrier?.TableRight?.Mask ?? '').split(',').map((each) => each.trim())) {
    const expanded = aliases[flag] ?? (/^[UDRIF]+$/.test(flag) ? [...flag].map((letter) => letters[letter]) : [flag]);
    expanded.forEach((right) => rights.add(right));
  }
  return rights;
}

async function save(main, state, user, message) {
  const headers = state.lastModified ? { 'If-Unmodified-Since': state.lastModified } : {};
  const answer = await call('PUT', `/api/v1/User/${state.user.AssociateId}`, { body: user, headers });
  if (answer.status !== 200)
    return showSaveError(main.querySelector('#user-form'), state.user, answer, message,
      () => renderUser(main, state.user.AssociateId));
  const notes = (answer.json.PostSaveCommands ?? []).map((command) => command.ActionData || command.DisplayName);
  return renderUser(main, state.user.AssociateId, [t('user.saved'), ...notes].filter(Boolean).join(' '));
}

/** Retire (or reactivate) and delete, offered as the table rights allow, each after a confirmation. */
function lifecycle(main, user, message) {
  const rights = tableRights(user);
  const id = user.AssociateId;
  const retire = async () => {
    if (!await confirmed(t(user.Deleted ? 'user.confirmReactivate' : 'user.confirmRetire', user.UserName))) return;
    const answer = await call('POST', '/api/v1/Agents/User/MakeRetired', { body: { associateId: id, retired: !user.Deleted } });
    if (answer.status === 204) renderUser(main, id, t(user.Deleted ? 'user.reactivated' : 'user.retired'));
    else message.textContent = messageOf(answer);
  };
  const remove = async () => {
    if (!await confirmed(t('user.confirmDelete', user.UserName))) return;
    const answer = await call('DELETE', `/api/v1/User/${id}`);
    if (answer.status === 204) location.hash = '#/users';
    else message.textContent = messageOf(answer);
  };
  return [
    rights.has('Update') && id !== associateId()
      ? el('button', { type: 'button', id: 'user-retire', onclick: retire }, t(user.Deleted ? 'user.reactivate' : 'user.retire'))
      : null,
    rights.has('Delete') && id !== associateId()
      ? el('button', { type: 'button', id: 'user-delete', class: 'danger', onclick: remove }, t('user.delete'))
      : null,
  ];
}

function details(main, state) {
  return (panel) => {
    const commands = el('section', { class: 'commands', id: 'user-commands' });
    const form = userForm(state.user, (user, message) => save(main, state, user, message),
      el('a', { href: '#/users' }, t('user.back')));
    show(panel, commands, form);
    form.querySelector('.actions').append(...lifecycle(main, state.user, form.querySelector('#user-message'))
      .filter(Boolean));
    renderCommands(commands, state.user, (text) => renderUser(main, state.user.AssociateId, text));
  };
}

export async function renderUser(main, id, notice = '') {
  const answer = await call('GET', `/api/v1/User/${id}`);
  if (answer.status !== 200) {
    show(main, el('p', { class: 'error', role: 'alert' }, answer.status === 404 ? t('user.notFound') : messageOf(answer)),
      el('a', { href: '#/users' }, t('user.back')));
    return;
  }
  const state = { user: answer.json, lastModified: answer.headers.get('Last-Modified') };
  const user = state.user;
  show(main, el('h1', {}, user.Person?.FullName || user.UserName || `#${user.AssociateId}`,
    user.Deleted ? el('span', { class: 'badge', id: 'user-retired' }, t('user.retiredBadge')) : null),
  notice ? el('p', { class: 'notice', id: 'user-notice', role: 'status' }, notice) : null,
  tabs([
    { key: 'details', title: t('tab.details'), render: details(main, state) },
    { key: 'history', title: t('tab.history'), render: (panel) => renderHistory(panel, user) },
    { key: 'passwords', title: t('tab.passwords'), render: (panel) => renderPasswords(panel, user) },
    { key: 'tokens', title: t('tab.tokens'), render: (panel) => renderTokens(panel, user) },
  ]));
}
