// The page's shared state. Modules read and write these fields (an ES module's `let` bindings
// can't be reassigned from another module, so they live on one object).

export const state = {
  /** Interface language: 'he' or 'en'. */
  lang: 'he',
  /** The view on show: 'text', 'morph', 'syntax' or 'entities'. */
  view: 'text',
  /** The shown document and its indexes (see `prepare` in doc.js), or null. */
  cur: null,
  /** Index of the token the text view's cursor (and tooltip) is on, or -1. */
  cursor: -1,
  /** Whether the tooltip stays when the pointer leaves its word (set by a click or the keyboard). */
  tipPinned: false,
  /** The status line's arguments, so a language switch can redo it. */
  lastStatus: ['loading'],
};
