// The console: sign-in, then pages by the URL's fragment: #/users (the list) and
// #/user/{id} (a user), #/new (a new user); for administrators #/admin/{page} (groups,
// roles, credential types) and #/role/{id}. Everything it shows comes from the host's public API.
import { adminPageOf, offeredPages } from './admin.js';
import { associateId, principal, resume, signedIn, signOut } from './api.js';
import { el, show } from './dom.js';
import { language, languages, setLanguage, t } from './i18n.js';
import { renderRole } from './role.js';
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

/** The links of the pages this caller is offered, the current one marked. */
function pageLinks(caller) {
  const links = [{ hash: '#/users', title: t('users.title'), id: 'nav-users' },
    ...offeredPages(caller).map((page) => ({ hash: `#/admin/${page.key}`, title: t(`admin.${page.key}`), id: `nav-${page.key}` }))];
  return links.map((link) => el('a', { href: link.hash, id: link.id,
    'aria-current': location.hash.startsWith(link.hash) ? 'page' : null }, link.title));
}

/** The header; answers the caller's principal (null when signed out). */
async function renderHeader() {
  const languagePicker = el('select', { id: 'language', 'aria-label': t('app.language'), onchange: (event) => {
    setLanguage(event.target.value);
    route();
  } }, Object.keys(languages).map((code) =>
    el('option', { value: code, selected: code === language() }, languages[code]['language.name'])));
  const caller = signedIn() ? await principal() : null;
  const parts = [el('a', { href: '#/users', class: 'brand' }, t('app.title')), ...(caller ? pageLinks(caller) : []),
    el('span', { class: 'spacer' }), languagePicker];
  if (signedIn()) {
    parts.push(el('span', { id: 'signed-in-as' }, t('app.signedInAs', caller?.UserName ?? `#${associateId()}`)),
      el('button', { type: 'button', id: 'sign-out', onclick: async () => {
        await signOut();
        go('');
      } }, t('app.signOut')));
  }
  show(top, el('nav', {}, parts));
  return caller;
}

async function route(notice = '') {
  document.title = t('app.title');
  const caller = await renderHeader();
  if (!signedIn()) {
    renderSignIn(main, () => go('#/users'), notice);
    return;
  }
  const user = location.hash.match(/^#\/user\/(\d+)$/);
  const role = location.hash.match(/^#\/role\/(\d+)$/);
  const admin = adminPageOf(location.hash);
  if (user) await renderUser(main, Number(user[1]));
  else if (role) await renderRole(main, Number(role[1]), caller);
  else if (admin) await admin.render(main, caller);
  else if (location.hash === '#/new') await renderNewUser(main);
  else await renderUsers(main);
}

window.addEventListener('hashchange', () => route());
window.addEventListener('session-ended', (event) => route(event.detail));
setLanguage(language());
await resume();
route();
