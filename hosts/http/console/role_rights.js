// A role's rights, read and changed by holders of admin-roles (the host refuses others,
// and the refusal's reason is shown): its functional rights as checkboxes (the catalogue
// offered to its type, GetAllFunctionalRights; those it holds, GetFunctionalRights; saved
// at once with SetFunctionalRights) and its data rights as a grid, table by relation to the
// record's owner by letter (GetAllDataRights per relation; each changed cell saved with
// SetDataRight, a refused cell marked with the host's message).
import { agent, problemOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

const relations = ['Owner', 'OwnerGroup', 'Other'];
const letters = ['r', 'p', 'w', 'c', 'd'];

/** A text of the console for `key`, else `fallback` (a right the console has no text for: a plugin's). */
function textOr(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

function statusLine(id, notice) {
  return el('p', { id, role: 'status', class: 'notice' }, notice);
}

function failed(line, text) {
  line.className = 'error';
  line.textContent = text;
}

export async function renderFunctionalRights(section, role, notice = '') {
  const [offered, held] = await Promise.all([agent('GetAllFunctionalRights', { roleType: role.RoleType }),
    agent('GetFunctionalRights', { roleId: role.RoleId })]);
  const heading = el('h2', {}, t('rights.functional'));
  const bad = [offered, held].find((answer) => answer.status !== 200);
  if (bad) {
    show(section, heading, el('p', { class: 'error', role: 'alert', id: 'functional-rights-error' }, problemOf(bad)));
    return;
  }
  const holding = new Set((held.json ?? []).map((right) => right.Id));
  const status = statusLine('functional-rights-status', notice);
  const form = el('form', { id: 'functional-rights' },
    el('ul', { class: 'checks' }, (offered.json ?? []).map((right) => el('li', {},
      el('label', {}, el('input', { type: 'checkbox', value: right.Id, 'data-right': right.Name,
        id: `right-${right.Name}`, checked: holding.has(right.Id) }), ' ', el('code', {}, right.Name), ' ',
      el('span', { class: 'hint' }, textOr(`right.${right.Name}`, right.ToolTip ?? ''),
        right.ExtraInfo ? ` (${t('rights.fromPlugin', right.ExtraInfo)})` : ''))))),
    el('button', { type: 'submit', id: 'functional-rights-save' }, t('rights.save')), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ids = [...form.querySelectorAll('input:checked')].map((box) => Number(box.value));
    const answer = await agent('SetFunctionalRights', { roleId: role.RoleId, functionalRightIds: ids });
    if (answer.status === 204) renderFunctionalRights(section, role, t('rights.saved'));
    else failed(status, problemOf(answer));
  });
  show(section, heading, form);
}

/** The letters ticked in a cell, in the host's order ("rw"). */
function cellValue(grid, table, relation) {
  return letters.filter((letter) => grid.querySelector(`[id="data-${table}-${relation}-${letter}"]`).checked).join('');
}

function gridTable(tables, rights) {
  return el('table', { id: 'data-rights', class: 'grid' },
    el('thead', {},
      el('tr', {}, el('th', { rowspan: 2 }, t('rights.table')),
        relations.map((relation) => el('th', { colspan: letters.length, class: 'group' }, t(`relation.${relation}`)))),
      el('tr', {}, relations.map(() => letters.map((letter) =>
        el('th', { title: t(`letter.${letter}`), class: 'letter' }, letter))))),
    el('tbody', {}, tables.map((table) => el('tr', { 'data-table': table },
      el('th', { scope: 'row' }, textOr(`table.${table}`, table)),
      relations.map((relation) => letters.map((letter) => el('td', { class: 'letter', 'data-cell': `${table}-${relation}` },
        el('input', { type: 'checkbox', id: `data-${table}-${relation}-${letter}`, checked: rights[relation][table].includes(letter),
          'aria-label': `${textOr(`table.${table}`, table)}, ${t(`relation.${relation}`)}: ${t(`letter.${letter}`)}` }))))))));
}

/** Saves each changed cell; answers the refusals as "table / relation: reason". */
async function saveCells(grid, roleId, tables, rights) {
  const problems = [];
  for (const table of tables)
    for (const relation of relations) {
      const value = cellValue(grid, table, relation);
      if (value === rights[relation][table]) continue;
      const answer = await agent('SetDataRight', { roleId, tableName: table, relationToOwner: relation, dataRightValue: value });
      if (answer.status === 204) {
        rights[relation][table] = value; // saved: not sent again after another cell's refusal
        continue;
      }
      grid.querySelectorAll(`[data-cell="${table}-${relation}"]`).forEach((cell) => cell.classList.add('refused'));
      problems.push(`${textOr(`table.${table}`, table)} / ${t(`relation.${relation}`)}: ${problemOf(answer)}`);
    }
  return problems;
}

export async function renderDataRights(section, role, notice = '') {
  const answers = await Promise.all(relations.map((relation) =>
    agent('GetAllDataRights', { roleId: role.RoleId, relationToOwner: relation })));
  const heading = el('h2', {}, t('rights.data'));
  const bad = answers.find((answer) => answer.status !== 200);
  if (bad) {
    show(section, heading, el('p', { class: 'error', role: 'alert', id: 'data-rights-error' }, problemOf(bad)));
    return;
  }
  const rights = Object.fromEntries(relations.map((relation, index) => [relation, answers[index].json ?? {}]));
  const tables = Object.keys(rights.Owner);
  const status = statusLine('data-rights-status', notice);
  const grid = gridTable(tables, rights);
  const form = el('form', { id: 'data-rights-form' }, el('p', { class: 'hint' }, t('rights.letters')), grid,
    el('button', { type: 'submit', id: 'data-rights-save' }, t('rights.save')), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = await saveCells(grid, role.RoleId, tables, rights);
    if (!problems.length) return renderDataRights(section, role, t('rights.saved'));
    status.className = 'error';
    return show(status, el('span', {}, t('rights.someRefused')), el('ul', {}, problems.map((text) => el('li', {}, text))));
  });
  show(section, heading, form);
}
