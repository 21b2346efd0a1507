// Small DOM and formatting helpers shared by the views. User text only ever goes in through
// textContent, text nodes or attributes.
import { STRINGS } from './labels.js';
import { state } from './state.js';

export const $ = (id) => document.getElementById(id);

/** Creates an element with an optional class and text (as textContent). */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** A `<bdi dir="ltr">` for codes (UPOS, labels, numbers) inside right-to-left text. */
export function ltr(text, className) {
  const b = el('bdi', className, text);
  b.dir = 'ltr';
  return b;
}

/** The interface string `key`, with `{n}` replaced. */
export function t(key, n) {
  const s = STRINGS[state.lang][key] ?? STRINGS.he[key] ?? key;
  return n === undefined ? s : s.replace('{n}', String(n));
}

export function num(n) {
  return n.toLocaleString(state.lang === 'he' ? 'he-IL' : 'en-US');
}

export function setStatus(key, arg, isError = false) {
  const statusEl = $('status');
  state.lastStatus = [key, arg, isError];
  statusEl.textContent = t(key, arg);
  statusEl.classList.toggle('error', isError);
}
