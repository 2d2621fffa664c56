// The console: sign-in, then pages by the URL's fragment: #/users (the list) and
// #/user/{id} (a user), #/new (a new user). Everything it shows comes from the host's public API.
import { associateId, call, resume, signedIn, signOut } from './api.js';
import { el, show } from './dom.js';
import { language, languages, setLanguage, t } from './i18n.js';
import { renderNewUser } from './new_user.js';
import { renderSignIn } from './signin.js';
import { renderUser } from './user.js';
import { renderUsers } from './users.js';

const main = document.getElementById('main');
const top = document.getElementById('top');

/** Shows the page of `hash`: a new fragment routes through hashchange, the same one routes again here. */
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function renderHeader() {
  const languagePicker = el('select', { id: 'language', 'aria-label': t('app.language'), onchange: (event) => {
    setLanguage(event.target.value);
    route();
  } }, Object.keys(languages).map((code) =>
    el('option', { value: code, selected: code === language() }, languages[code]['language.name'])));
  const parts = [el('a', { href: '#/users', class: 'brand' }, t('app.title')), el('span', { class: 'spacer' }), languagePicker];
  if (signedIn()) {
    const me = await call('GET', '/api/v1/User/currentUser?$select=userName');
    parts.push(el('span', { id: 'signed-in-as' }, t('app.signedInAs', me.json?.UserName ?? `#${associateId()}`)),
      el('button', { type: 'button', id: 'sign-out', onclick: async () => {
        await signOut();
        go('');
      } }, t('app.signOut')));
  }
  show(top, el('nav', {}, parts));
}

async function route(notice = '') {
  document.title = t('app.title');
  await renderHeader();
  if (!signedIn()) {
    renderSignIn(main, () => go('#/users'), notice);
    return;
  }
  const user = location.hash.match(/^#\/user\/(\d+)$/);
  if (user) await renderUser(main, Number(user[1]));
  else if (location.hash === '#/new') await renderNewUser(main);
  else await renderUsers(main);
}

window.addEventListener('hashchange', () => route());
window.addEventListener('session-ended', (event) => route(event.detail));
setLanguage(language());
await resume();
route();
