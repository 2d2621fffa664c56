// A new user: the form generated from CreateDefaultUser's answer (its FieldProperties say
// what the caller may fill in), created with POST /api/v1/User; then the user's page,
// with what the save's PostSaveCommands say (a welcome plugin's message, say).
import { call, messageOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';
import { renderUser } from './user.js';
import { showSaveError } from './save_errors.js';
import { userForm } from './user_form.js';

async function create(main, form, user, message) {
  const answer = await call('POST', '/api/v1/User', { body: user });
  if (answer.status !== 201) return showSaveError(form(), user, answer, message, () => renderNewUser(main));
  const id = answer.json.AssociateId;
  const notes = (answer.json.PostSaveCommands ?? []).map((command) => command.ActionData || command.DisplayName);
  history.replaceState(null, '', `#/user/${id}`); // the page to come back to; no second route
  return renderUser(main, id, [t('user.created'), ...notes].filter(Boolean).join(' '));
}

export async function renderNewUser(main) {
  const answer = await call('POST', '/api/v1/Agents/User/CreateDefaultUser');
  if (answer.status !== 200) {
    show(main, el('p', { class: 'error', role: 'alert' }, messageOf(answer)), el('a', { href: '#/users' }, t('user.back')));
    return;
  }
  let form = null;
  form = userForm(answer.json, (user, message) => create(main, () => form, user, message),
    el('a', { href: '#/users' }, t('user.back')));
  form.querySelector('#user-save').textContent = t('user.create');
  show(main, el('h1', {}, t('user.newTitle')), form);
}
