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

/** The text of an error answer: the service's Message, else the status. */
export function messageOf(answer) {
  return answer.json?.Message || `HTTP ${answer.status}`;
}
