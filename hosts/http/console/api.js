// The host's public API, as any client calls it. The session cookie is HttpOnly (the
// browser sends it, this code never sees it); the X-XSRF-TOKEN that must go with it is
// kept in memory only, and fetched again after a reload (GET /api/v1/Session).
import { language, t } from './i18n.js';

let session = null; // { associateId, xsrfToken }

export function signedIn() {
  return session !== null;
}

export function associateId() {
  return session?.associateId;
}

/** One API call: { status, json, headers }; a 401 on a signed-in call means the session ended. */
export async function call(method, path, { body, headers = {} } = {}) {
  const sent = { Accept: 'application/json', 'SO-Language': language(), ...headers };
  if (session) sent['X-XSRF-TOKEN'] = session.xsrfToken;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401 && session && !path.startsWith('/api/v1/Session')) forget(t('signIn.ended'));
  return { status: response.status, json, headers: response.headers };
}

/** Forgets the session (the host has ended it) and says why on the sign-in page. */
export function forget(notice) {
  session = null;
  window.dispatchEvent(new CustomEvent('session-ended', { detail: notice }));
}

function keep(answer) {
  session = answer.status === 200 ? { associateId: answer.json.AssociateId, xsrfToken: answer.json.XsrfToken } : null;
  return answer;
}

/** After a reload: the cookie's session, if it is still alive. */
export async function resume() {
  keep(await call('GET', '/api/v1/Session'));
  return signedIn();
}

export async function signIn(userName, password) {
  session = null;
  return keep(await call('POST', '/api/v1/Session', { body: { userName, password } }));
}

export async function signOut() {
  await call('DELETE', '/api/v1/Session');
  session = null;
}

/** A User agent method: POST /api/v1/Agents/User/{method} with its parameters as the body. */
export function agent(method, body) {
  return call('POST', `/api/v1/Agents/User/${method}`, { body });
}

/** The caller as the host sees it (GetCurrentPrincipal): its name and its FunctionalRights. */
export async function principal() {
  const answer = await agent('GetCurrentPrincipal');
  return answer.status === 200 ? answer.json : null;
}

/** Whether `caller` (a principal) holds the functional right `right` ("admin-groups"). */
export function holds(caller, right) {
  return (caller?.FunctionalRights ?? []).includes(right);
}

/** The text of an error answer: the service's Message, else the status. */
export function messageOf(answer) {
  return answer.json?.Message || `HTTP ${answer.status}`;
}

/** An error answer as the console shows it: a refusal (403) says so, with the host's reason. */
export function problemOf(answer) {
  return answer.status === 403 ? t('error.forbidden', messageOf(answer)) : messageOf(answer);
}
