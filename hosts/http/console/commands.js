// The commands offered on a user (GET /api/v1/User/{id}/CustomCommand) as a menu. A
// YesNo, OkCancel or Ok command first shows its question (ActionData) in a dialog, and
// the answer goes with the call (?actionResult=Yes|No|Ok|Cancel): the seeds' round trip.
import { call, messageOf } from './api.js';
import { ask } from './dialog.js';
import { el, show } from './dom.js';
import { t } from './i18n.js';

const answersOf = { YesNo: ['Yes', 'No'], OkCancel: ['Ok', 'Cancel'], Ok: ['Ok'] };

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

// Commands the console shows in a tab of their own rather than in the menu.
const ownTab = new Set(['audit-history']);

export async function renderCommands(section, user, reload) {
  const answer = await call('GET', `/api/v1/User/${user.AssociateId}/CustomCommand`);
  const commands = answer.status === 200 ? (answer.json ?? []).filter((command) => !ownTab.has(command.Name)) : [];
  if (!commands.length) return;
  const status = el('p', { id: 'command-status', role: 'status' });
  show(section, el('h2', {}, t('command.title')),
    el('menu', {}, commands.map((command) => el('li', {},
      el('button', { type: 'button', class: 'command', 'data-command': command.Name, title: command.ToolTip || null,
        onclick: () => run(command, user, status, reload) }, command.DisplayName || command.Name)))),
    status);
}
