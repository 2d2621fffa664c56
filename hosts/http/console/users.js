// The user list: GET /api/v1/User with $select (the columns chosen), $filter (the
// search), $orderBy (a column heading), $top, and the answer's odata.nextLink to page on.
import { call, messageOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

const columns = [
  { key: 'userName', field: 'userName', value: (user) => user.UserName },
  { key: 'name', field: 'name', value: (user) => user.Name },
  { key: 'firstname', field: 'person/firstname', value: (user) => user.Person?.Firstname },
  { key: 'lastname', field: 'person/lastname', value: (user) => user.Person?.Lastname },
  { key: 'email', field: 'person/email', value: (user) => user.Person?.Email },
  { key: 'type', field: 'type', value: (user) => user.Type },
];
const storedColumns = 'userservice.columns'; // a preference, not a secret
const pageSize = 20;

// Kept while the console is open: coming back from a user finds the list as it was.
const state = {
  search: '',
  orderBy: 'userName',
  descending: false,
  pages: [], // the links of the pages before this one, for Previous
  link: null, // this page's link; null: the first page
  chosen: new Set(JSON.parse(localStorage.getItem(storedColumns) || 'null') ?? ['userName', 'name', 'email']),
};

/** A $filter text literal: quotes doubled. */
function quoted(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

function firstPage() {
  const shown = columns.filter((column) => state.chosen.has(column.key));
  const query = new URLSearchParams({
    $select: ['associateId', ...shown.map((column) => column.field)].join(','),
    $orderBy: state.orderBy + (state.descending ? ' desc' : ''),
    $top: String(pageSize),
  });
  const search = state.search.trim();
  if (search)
    query.set('$filter', ['userName', 'name', 'person/firstname', 'person/lastname', 'person/email']
      .map((field) => `${field} contains ${quoted(search)}`).join(' or '));
  return `/api/v1/User?${query}`;
}

function restart(main) {
  state.pages = [];
  state.link = null;
  return renderUsers(main);
}

function toolbar(main) {
  const search = el('input', { id: 'user-search', type: 'search', value: state.search, placeholder: t('users.search') });
  const form = el('form', { class: 'toolbar', role: 'search' }, search,
    el('button', { type: 'submit', id: 'user-search-submit' }, t('users.searchButton')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.search = search.value;
    restart(main);
  });
  const choices = el('fieldset', { class: 'columns' }, el('legend', {}, t('users.columns')),
    columns.map((column) => el('label', {},
      el('input', { type: 'checkbox', id: `column-${column.key}`, checked: state.chosen.has(column.key), onchange: (event) => {
        if (event.target.checked) state.chosen.add(column.key);
        else if (state.chosen.size > 1) state.chosen.delete(column.key);
        localStorage.setItem(storedColumns, JSON.stringify([...state.chosen]));
        restart(main);
      } }),
      t(`column.${column.key}`))));
  return [form, choices];
}

function heading(main, column) {
  const sorted = state.orderBy === column.field;
  const arrow = sorted ? (state.descending ? ' ▼' : ' ▲') : '';
  return el('th', { 'aria-sort': sorted ? (state.descending ? 'descending' : 'ascending') : 'none' },
    el('button', { type: 'button', class: 'link', onclick: () => {
      state.descending = sorted ? !state.descending : false;
      state.orderBy = column.field;
      restart(main);
    } }, t(`column.${column.key}`) + arrow));
}

function table(main, users) {
  const shown = columns.filter((column) => state.chosen.has(column.key));
  return el('table', { id: 'user-list' },
    el('thead', {}, el('tr', {}, shown.map((column) => heading(main, column)))),
    el('tbody', {}, users.map((user) => el('tr', { 'data-id': user.AssociateId },
      shown.map((column, index) => el('td', {}, index === 0
        ? el('a', { href: `#/user/${user.AssociateId}` }, column.value(user) || `#${user.AssociateId}`)
        : column.value(user) ?? ''))))));
}

function pager(main, nextLink) {
  return el('nav', { class: 'pager' },
    el('button', { type: 'button', id: 'page-previous', disabled: state.pages.length === 0, onclick: () => {
      state.link = state.pages.pop() ?? null;
      renderUsers(main);
    } }, t('users.previous')),
    el('span', {}, t('users.page', state.pages.length + 1)),
    el('button', { type: 'button', id: 'page-next', disabled: !nextLink, onclick: () => {
      state.pages.push(state.link);
      state.link = nextLink;
      renderUsers(main);
    } }, t('users.next')));
}

export async function renderUsers(main) {
  const answer = await call('GET', state.link ?? firstPage());
  const body = answer.status === 200
    ? [table(main, answer.json.value), answer.json.value.length === 0 ? el('p', {}, t('users.none')) : null,
      pager(main, answer.json['odata.nextLink'])]
    : [el('p', { class: 'error', role: 'alert' }, messageOf(answer))];
  show(main, el('h1', {}, t('users.title'), ' ', el('a', { href: '#/new', id: 'new-user', class: 'button' }, t('users.new'))),
    toolbar(main), body);
}
