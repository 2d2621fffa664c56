// The commands offered on a user (GET /api/v1/User/{id}/CustomCommand) as a menu. A
// YesNo, OkCancel or Ok command first shows its question (ActionData) in a dialog, and
// the answer goes with the call (?actionResult=Yes|No|Ok|Cancel): the seeds' round trip.
import { call, messageOf } from './api.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

const answersOf = { YesNo: ['Yes', 'No'], OkCancel: ['Ok', 'Cancel'], Ok: ['Ok'] };

/** Asks `question` in a modal dialog; resolves with the answer chosen (Escape: the last one). */
function ask(question, answers) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { id: 'command-dialog' },
      el('p', { id: 'command-question' }, question),
      el('form', { method: 'dialog' }, answers.map((answer) =>
        el('button', { value: answer, id: `command-answer-${answer}` }, t(`answer.${answer}`)))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue || answers[answers.length - 1]);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

async function run(command, user, status, reload) {
  const answers = answersOf[command.Actions];
  const answer = answers ? await ask(command.ActionData || command.DisplayName, answers) : 'Implicit';
  const path = `/api/v1/User/${user.AssociateId}/CustomCommand/${encodeURIComponent(command.Name)}`;
  const result = await call('POST', `${path}?actionResult=${answer}`);
  const text = result.status === 200 ? result.json?.Message || (result.json?.Success ? t('command.done') : t('command.notDone'))
    : messageOf(result);
  if (result.status === 200 && result.json?.Success) return reload(text); // the page shows the change and the text
  status.textContent = text;
  return undefined;
}

export async function renderCommands(section, user, reload) {
  const answer = await call('GET', `/api/v1/User/${user.AssociateId}/CustomCommand`);
  if (answer.status !== 200 || !answer.json?.length) return;
  const status = el('p', { id: 'command-status', role: 'status' });
  show(section, el('h2', {}, t('command.title')),
    el('menu', {}, answer.json.map((command) => el('li', {},
      el('button', { type: 'button', class: 'command', 'data-command': command.Name, title: command.ToolTip || null,
        onclick: () => run(command, user, status, reload) }, command.DisplayName || command.Name)))),
    status);
}
