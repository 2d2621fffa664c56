// A user's API tokens (GET|POST /api/v1/User/{id}/ApiToken, DELETE …/ApiToken/{tokenId}):
// the list without secrets, a new token's secret shown once (only on this page, never
// stored), a revoke after a confirmation. A user administrator's tab (403 otherwise).
import { call, messageOf } from './api.js';
import { confirmed } from './dialog.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

async function renderList(list, user, status) {
  const path = `/api/v1/User/${user.AssociateId}/ApiToken`;
  const answer = await call('GET', path);
  if (answer.status !== 200) {
    show(list, el('p', { class: 'error' }, answer.status === 403 ? t('tokens.forbidden') : messageOf(answer)));
    return false;
  }
  const revoke = (token) => async () => {
    if (!await confirmed(t('tokens.confirmRevoke', token.Label || `#${token.Id}`))) return;
    const revoked = await call('DELETE', `${path}/${token.Id}`);
    status.textContent = revoked.status === 204 ? t('tokens.revoked') : messageOf(revoked);
    renderList(list, user, status);
  };
  show(list, answer.json.length === 0 ? el('p', { id: 'tokens-none' }, t('tokens.none'))
    : el('table', { id: 'token-list' },
      el('thead', {}, el('tr', {}, el('th', {}, t('tokens.label')), el('th', {}, t('tokens.created')), el('th', {}))),
      el('tbody', {}, answer.json.map((token) => el('tr', { 'data-token': token.Id },
        el('td', {}, token.Label), el('td', {}, token.Created),
        el('td', {}, el('button', { type: 'button', class: 'revoke', onclick: revoke(token) }, t('tokens.revoke'))))))));
  return true;
}

function issueForm(list, user, status) {
  const label = el('input', { id: 'token-label', maxlength: 255, placeholder: t('tokens.labelHint') });
  const secret = el('output', { id: 'token-secret', class: 'secret' });
  const form = el('form', { id: 'token-issue-form', class: 'inline' },
    el('label', { for: 'token-label' }, t('tokens.label')), label,
    el('button', { type: 'submit', id: 'token-issue' }, t('tokens.issue')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await call('POST', `/api/v1/User/${user.AssociateId}/ApiToken`, { body: { label: label.value } });
    if (answer.status !== 201) {
      status.textContent = messageOf(answer);
      return;
    }
    label.value = '';
    secret.textContent = answer.json.Secret;
    status.textContent = t('tokens.shownOnce');
    renderList(list, user, status);
  });
  return [form, el('p', {}, secret)];
}

export async function renderTokens(panel, user) {
  const list = el('div', { id: 'tokens' });
  const status = el('p', { id: 'token-status', role: 'status' });
  show(panel, el('h2', {}, t('tokens.title')), list, status);
  if (await renderList(list, user, status)) panel.insertBefore(el('div', {}, issueForm(list, user, status)), status);
}
