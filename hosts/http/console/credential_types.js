// The credential types (GetCredentialTypes), read only: how users may sign in here.
import { agent, problemOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

const yesNo = (value) => t(value ? 'answer.Yes' : 'answer.No');

export async function renderCredentialTypes(main) {
  const answer = await agent('GetCredentialTypes');
  const heading = el('h1', {}, t('admin.credentials'));
  if (answer.status !== 200) {
    show(main, heading, el('p', { class: 'error', role: 'alert' }, problemOf(answer)));
    return;
  }
  const types = answer.json ?? [];
  show(main, heading, el('p', { class: 'hint' }, t('credentials.about')),
    el('table', { id: 'credential-types' },
      el('thead', {}, el('tr', {}, ['type', 'display', 'canCreatePassword', 'isNameRequired']
        .map((key) => el('th', {}, t(`credentials.${key}`))))),
      el('tbody', {}, types.map((type) => el('tr', { 'data-type': type.Type ?? '' },
        el('td', {}, type.Type ?? ''), el('td', {}, type.DisplayType ?? ''),
        el('td', {}, yesNo(type.CanCreatePassword)), el('td', {}, yesNo(type.IsNameRequired)))))),
    types.length ? null : el('p', {}, t('credentials.none')));
}
