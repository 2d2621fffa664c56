// The sign-in form: user name and password to POST /api/v1/Session.
import { signIn, messageOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

/** The form; `notice` says why it is shown again (a session ended). */
export function renderSignIn(main, onSignedIn, notice = '') {
  const message = el('p', { class: 'error', role: 'alert', id: 'signin-message' }, notice);
  const userName = el('input', { id: 'signin-username', name: 'username', autocomplete: 'username', required: true });
  const password = el('input', {
    id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const button = el('button', { type: 'submit', id: 'signin-submit' }, t('signIn.submit'));
  const form = el('form', { class: 'signin', id: 'signin-form' },
    el('h1', {}, t('signIn.title')),
    el('label', { for: 'signin-username' }, t('signIn.userName')), userName,
    el('label', { for: 'signin-password' }, t('signIn.password')), password,
    button, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    try {
      const answer = await signIn(userName.value, password.value);
      password.value = '';
      if (answer.status === 200) return onSignedIn();
      message.textContent = answer.status === 401 ? t('signIn.wrong')
        : answer.status === 429 ? t('signIn.locked', answer.headers.get('Retry-After') || '?')
        : messageOf(answer);
    } catch (error) {
      message.textContent = t('error.network', error.message);
    } finally {
      button.disabled = false;
    }
  });
  show(main, form);
  userName.focus();
}
