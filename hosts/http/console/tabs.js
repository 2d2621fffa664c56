// Tabs on a page: a tab list and one panel; a tab's content is rendered when it is chosen.
import { el, show } from './dom.js';

/** [{ key, title, render(panel) }]: the bar and panel, the first tab shown. */
export function tabs(list) {
  const panel = el('section', { role: 'tabpanel', id: 'tab-panel' });
  const buttons = list.map((tab) => el('button', { type: 'button', role: 'tab', id: `tab-${tab.key}`,
    onclick: () => choose(tab) }, tab.title));
  function choose(tab) {
    buttons.forEach((button, index) => button.setAttribute('aria-selected', String(list[index] === tab)));
    show(panel);
    tab.render(panel);
  }
  choose(list[0]);
  return [el('div', { role: 'tablist', class: 'tabs' }, buttons), panel];
}
