// A modal question with its answers (<dialog>): the commands' Yes/No and OkCancel, and
// the console's own confirmations before a retire, a delete or a revoke.
import { el } from './dom.js';
import { t } from './i18n.js';

/** Asks `question`; resolves with the answer chosen (Escape: the last one). Ids start with `prefix`. */
export function ask(question, answers, prefix = 'command') {
  return new Promise((resolve) => {
    const dialog = el('dialog', { id: `${prefix}-dialog` },
      el('p', { id: `${prefix}-question` }, question),
      el('form', { method: 'dialog' }, answers.map((answer) =>
        el('button', { value: answer, id: `${prefix}-answer-${answer}` }, t(`answer.${answer}`)))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue || answers[answers.length - 1]);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Whether the administrator confirms `question` (OK / Cancel). */
export async function confirmed(question) {
  return (await ask(question, ['Ok', 'Cancel'], 'confirm')) === 'Ok';
}
