// A user's page: GET /api/v1/User/{id}, a form generated from the answer's
// FieldProperties (fields.js), saved with PUT under If-Unmodified-Since; a 400's
// problems are shown next to their fields (ValidateUser names them), a 403 or 409
// with its message, a 412 with an offer to reload.
import { call, messageOf } from './api.js';
import { renderCommands } from './commands.js';
import { el, show } from './dom.js';
import { editableTypes, fieldRights } from './fields.js';
import { t } from './i18n.js';

const hidden = new Set(['TableRight', 'FieldProperties']);

function label(path) {
  const key = `field.${path}`;
  const text = t(key);
  return text === key ? path.split('.').pop() : text;
}

/** One field's row: absent without Read, disabled without Write. */
function fieldRow(carrier, name, path) {
  const rights = fieldRights(carrier, name);
  const type = rights.type;
  if (!rights.readable || hidden.has(name) || !(editableTypes.has(type) || type === 'System.DateTime')) return null;
  const value = carrier[name];
  const id = `field-${path}`;
  const editable = rights.writable && type !== 'System.DateTime';
  const input = type === 'System.Boolean'
    ? el('input', { id, type: 'checkbox', checked: value === true })
    : el('input', { id, type: type === 'System.Int32' ? 'number' : 'text', value: value ?? '',
      maxlength: rights.maxLength, required: rights.mandatory && editable });
  input.disabled = !editable;
  input.dataset.path = path;
  input.dataset.type = type;
  return el('div', { class: 'field' + (rights.mandatory ? ' mandatory' : ''), 'data-field': path },
    el('label', { for: id }, label(path), rights.mandatory ? el('span', { class: 'mark', title: t('user.mandatory') }, ' *') : null),
    input,
    !editable && rights.reason ? el('small', { class: 'hint' }, rights.reason) : null,
    el('small', { class: 'error', id: `error-${path}`, role: 'alert' }));
}

function section(title, carrier, prefix) {
  if (!carrier?.FieldProperties) return null;
  const rows = Object.keys(carrier.FieldProperties).map((name) => fieldRow(carrier, name, `${prefix}.${name}`));
  return el('fieldset', {}, el('legend', {}, title), rows);
}

/** The loaded user with the form's values of the fields it may write. */
function edited(form, user) {
  const copy = structuredClone(user);
  for (const input of form.querySelectorAll('input[data-path]')) {
    if (input.disabled) continue;
    const [, ...names] = input.dataset.path.split('.');
    const owner = names.length === 2 ? copy[names[0]] : copy;
    const name = names[names.length - 1];
    owner[name] = input.dataset.type === 'System.Boolean' ? input.checked
      : input.dataset.type === 'System.Int32' ? Number(input.value || 0)
      : input.value === '' && owner[name] === null ? null : input.value;
  }
  return copy;
}

/** A 400's problems next to their fields: ValidateUser names each ("User.Person.Email": "…"). */
async function showProblems(form, user, answer, message) {
  const validation = await call('POST', '/api/v1/Agents/User/ValidateUser', { body: user });
  const problems = validation.status === 200 && validation.json ? { ...validation.json } : {};
  if (Object.keys(problems).length === 0 && answer.json?.ErrorSource) problems[answer.json.ErrorSource] = messageOf(answer);
  let placed = 0;
  for (const [path, text] of Object.entries(problems)) {
    const slot = form.querySelector(`[id="error-${CSS.escape(path)}"]`);
    if (slot) {
      slot.textContent = text;
      placed += 1;
    }
  }
  message.textContent = placed ? t('user.invalid') : messageOf(answer);
}

async function save(main, form, state, message) {
  for (const slot of form.querySelectorAll('.error')) slot.textContent = '';
  const user = edited(form, state.user);
  const headers = state.lastModified ? { 'If-Unmodified-Since': state.lastModified } : {};
  const answer = await call('PUT', `/api/v1/User/${state.user.AssociateId}`, { body: user, headers });
  if (answer.status === 200) {
    const notes = (answer.json.PostSaveCommands ?? []).map((command) => command.ActionData || command.DisplayName);
    return renderUser(main, state.user.AssociateId, [t('user.saved'), ...notes].filter(Boolean).join(' '));
  }
  if (answer.status === 400) return showProblems(form, user, answer, message);
  if (answer.status === 412) {
    message.replaceChildren(t('user.changedElsewhere'), ' ',
      el('button', { type: 'button', id: 'user-reload', onclick: () => renderUser(main, state.user.AssociateId) },
        t('user.reload')));
    return undefined;
  }
  message.textContent = messageOf(answer); // 403: the fields and reasons; 409: the clashing values
  return undefined;
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
  const message = el('p', { class: 'error', role: 'alert', id: 'user-message' });
  const form = el('form', { id: 'user-form', novalidate: true },
    section(t('user.account'), user, 'User'),
    section(t('user.person'), user.Person, 'User.Person'),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'user-save' }, t('user.save')),
      el('a', { href: '#/users' }, t('user.back'))),
    message);
  // Saving is offered when the rights leave some field to write (RestrictedUpdate included).
  form.querySelector('#user-save').disabled = !form.querySelector('input[data-path]:not(:disabled)');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(main, form, state, message);
  });
  const commands = el('section', { class: 'commands', id: 'user-commands' });
  show(main, el('h1', {}, user.Person?.FullName || user.UserName || `#${user.AssociateId}`),
    notice ? el('p', { class: 'notice', id: 'user-notice', role: 'status' }, notice) : null, commands, form);
  renderCommands(commands, user, (text) => renderUser(main, id, text));
}
