// A user's passwords tab, through the passwords family of agent methods: an administrator
// sets one (SetPassword) or generates one (SetGeneratedPassword: shown once, here only);
// a user changes its own (ChangeOwnPassword), which ends its sessions: it signs in again.
// What the caller may do comes from GetSupportedChangePasswordTypes. Inputs are cleared
// after each call; no password is kept anywhere.
import { agent, associateId, forget, messageOf } from './api.js';
import { confirmed } from './dialog.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

function passwordInput(id, autocomplete) {
  return el('input', { id, type: 'password', autocomplete, required: true });
}

function setForm(user, status) {
  const password = passwordInput('password-new', 'new-password');
  const form = el('form', { id: 'password-set-form', class: 'inline' },
    el('label', { for: 'password-new' }, t('password.new')), password,
    el('button', { type: 'submit', id: 'password-set' }, t('password.set')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await agent('SetPassword', { associateId: user.AssociateId, password: password.value });
    password.value = '';
    status.textContent = answer.status === 200 ? t('password.wasSet') : messageOf(answer);
  });
  return form;
}

function generateButton(user, status) {
  const shown = el('output', { id: 'generated-password', class: 'secret' });
  const generate = async () => {
    if (!await confirmed(t('password.confirmGenerate', user.UserName))) return;
    const answer = await agent('SetGeneratedPassword', { associateId: user.AssociateId });
    if (answer.status !== 200) {
      status.textContent = messageOf(answer);
      return;
    }
    shown.textContent = answer.json;
    status.textContent = t('password.shownOnce');
  };
  return el('p', {}, el('button', { type: 'button', id: 'password-generate', onclick: generate }, t('password.generate')),
    ' ', shown);
}

function changeOwnForm(status) {
  const old = passwordInput('password-old', 'current-password');
  const fresh = passwordInput('password-own-new', 'new-password');
  const form = el('form', { id: 'password-change-form', class: 'inline' },
    el('label', { for: 'password-old' }, t('password.old')), old,
    el('label', { for: 'password-own-new' }, t('password.new')), fresh,
    el('button', { type: 'submit', id: 'password-change' }, t('password.change')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await agent('ChangeOwnPassword', { oldPassword: old.value, newPassword: fresh.value });
    old.value = '';
    fresh.value = '';
    if (answer.status === 200) forget(t('password.changedSignIn')); // the host ended this session
    else status.textContent = messageOf(answer);
  });
  return form;
}

export async function renderPasswords(panel, user) {
  const ways = await agent('GetSupportedChangePasswordTypes', { associateId: user.AssociateId });
  const supported = new Set(ways.status === 200 ? ways.json ?? [] : []);
  const status = el('p', { id: 'password-status', role: 'status' });
  const own = user.AssociateId === associateId();
  const parts = [
    supported.has('Administrator') ? [el('h2', {}, t('password.setTitle')), setForm(user, status), generateButton(user, status)] : [],
    own && supported.has('OldPassword') ? [el('h2', {}, t('password.changeTitle')), changeOwnForm(status)] : [],
  ].flat();
  show(panel, parts.length ? parts : el('p', { id: 'password-none' }, t('password.none')), status);
}
