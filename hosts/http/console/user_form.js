// A user's form generated from a carrier's FieldProperties (fields.js): fields without
// Read are absent, read-only ones disabled, mandatory ones marked, lengths limit input,
// reasons shown as hints. Used by a user's page and by the new-user page.
import { el } from './dom.js';
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

/** The form of `user` with a save button and a message line; `onSave(edited user)` on submit. */
export function userForm(user, onSave, ...actions) {
  const message = el('p', { class: 'error', role: 'alert', id: 'user-message' });
  const form = el('form', { id: 'user-form', novalidate: true },
    section(t('user.account'), user, 'User'),
    section(t('user.person'), user.Person, 'User.Person'),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'user-save' }, t('user.save')), actions),
    message);
  // Saving is offered when the rights leave some field to write (RestrictedUpdate included).
  form.querySelector('#user-save').disabled = !form.querySelector('input[data-path]:not(:disabled)');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const slot of form.querySelectorAll('.error')) slot.textContent = '';
    onSave(edited(form, user), message);
  });
  return form;
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
