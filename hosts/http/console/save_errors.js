// A refused save shown on its form: a 400's problems, a 409's clashing values and a
// 403's refused fields (with their reasons) each next to its field, from the error
// body's Fields ({"User.UserName": "\"jdoe\" is already taken"}); a 412 (someone else
// saved first) offers a reload.
import { messageOf } from './api.js';
import { el } from './dom.js';
import { fieldRights } from './fields.js';
import { t } from './i18n.js';

const summaries = { 400: 'user.invalid', 403: 'user.forbidden', 409: 'user.conflict' };

/** A refused field's reason: the carrier's own (in the chosen language) when the body's is a string reference. */
function reasonOf(user, path, text) {
  if (!String(text).startsWith('[')) return text;
  const names = path.split('.').slice(1);
  const owner = names.length === 2 ? user?.[names[0]] : user;
  return fieldRights(owner, names[names.length - 1]).reason || text;
}

/** Shows `answer` (a refused save of `user`) on `form`; `reload()` for a 412's offer. */
export function showSaveError(form, user, answer, message, reload) {
  if (answer.status === 412) {
    message.replaceChildren(t('user.changedElsewhere'), ' ',
      el('button', { type: 'button', id: 'user-reload', onclick: reload }, t('user.reload')));
    return;
  }
  const fields = answer.json?.Fields ?? (answer.json?.ErrorSource ? { [answer.json.ErrorSource]: messageOf(answer) } : {});
  let placed = 0;
  for (const [path, text] of Object.entries(fields)) {
    const slot = form.querySelector(`[id="error-${CSS.escape(path)}"]`);
    if (!slot) continue;
    slot.textContent = answer.status === 403 ? reasonOf(user, path, text) : text;
    placed += 1;
  }
  message.textContent = placed && summaries[answer.status] ? t(summaries[answer.status]) : messageOf(answer);
}
