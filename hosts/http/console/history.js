// A user's audit history: the audit trail plugin's records through the host's command
// route (POST /api/v1/User/{id}/CustomCommand/audit-history), which leaves out the fields
// the reader may not read. Newest first; every value shown as text.
import { call, messageOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

/** A change's value as text: null is blank, a list item its name, anything else as JSON writes it. */
function text(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !Array.isArray(value)) return String(value.Name ?? value.Value ?? JSON.stringify(value));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function changesOf(entry) {
  const lines = (entry.changes ?? []).map((change) => change.redacted
    ? t('history.redacted', change.field)
    : t('history.changed', change.field, text(change.old), text(change.new)));
  for (const secret of entry.secrets ?? []) lines.push(t('history.secret', secret.event, secret.how, secret.credentialType));
  if (entry.deleted) lines.push(t('history.deleted'));
  return el('ul', {}, lines.map((line) => el('li', {}, line)));
}

export async function renderHistory(panel, user) {
  const answer = await call('POST', `/api/v1/User/${user.AssociateId}/CustomCommand/audit-history`);
  if (answer.status !== 200) {
    // No audit trail plugin loaded: the command is unknown.
    show(panel, el('p', { id: 'history-none' }, answer.status === 404 || answer.status === 400
      ? t('history.unavailable') : messageOf(answer)));
    return;
  }
  let entries = [];
  try {
    entries = JSON.parse(answer.json?.Message || '[]');
  } catch {
    entries = [];
  }
  if (!entries.length) {
    show(panel, el('p', { id: 'history-none' }, t('history.none')));
    return;
  }
  show(panel, el('table', { id: 'history' },
    el('thead', {}, el('tr', {}, el('th', {}, t('history.at')), el('th', {}, t('history.by')), el('th', {}, t('history.what')))),
    el('tbody', {}, entries.reverse().map((entry) => el('tr', {},
      el('td', {}, text(entry.at)),
      el('td', {}, entry.by ? `#${entry.by}` : t('history.system')),
      el('td', {}, entry.created ? el('p', {}, t('history.created')) : null, changesOf(entry)))))));
}
