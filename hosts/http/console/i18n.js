// The console's own texts, a dictionary per language (lang/*.js); the service's texts
// come in the same language through the SO-Language header (api.js).
import en from './lang/en.js';
import nb from './lang/nb.js';

export const languages = { en, nb };
const stored = 'userservice.language'; // a preference, not a secret

let current = pick(localStorage.getItem(stored) || navigator.language || 'en');

function pick(code) {
  const base = String(code).toLowerCase().split('-')[0];
  if (base === 'no' || base === 'nn') return 'nb';
  return languages[base] ? base : 'en';
}

export function language() {
  return current;
}

export function setLanguage(code) {
  current = pick(code);
  localStorage.setItem(stored, current);
  document.documentElement.lang = current;
}

/** The text of `key` in the current language ({0}, {1} replaced by `args`); English when missing. */
export function t(key, ...args) {
  const text = languages[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (_, index) => String(args[Number(index)] ?? ''));
}
