// The tabs that switch between the views (ARIA tabs: arrows, Home and End move between them).
import { state } from './state.js';
import { $ } from './dom.js';
import { hideTooltip } from './tooltip.js';
import { renderMorph } from './morph-view.js';
import { renderEntities } from './entities-view.js';
import { renderSyntax } from './syntax-view.js';

const entitiesEl = $('entities');

const tabs = [...document.querySelectorAll('[role="tab"]')];

export function selectView(name, focus = false) {
  state.view = name;
  for (const tab of tabs) {
    const on = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) tab.focus();
  }
  hideTooltip();
  if (name === 'morph' && state.cur && state.cur.morphShown === 0) renderMorph(true);
  if (name === 'syntax' && state.cur && state.cur.syntaxShown === 0) renderSyntax(true);
  if (name === 'entities' && state.cur && !entitiesEl.firstChild) renderEntities();
  document.body.dataset.view = name;
}

$('tabs').addEventListener('click', (ev) => {
  const tab = ev.target.closest('[role="tab"]');
  if (tab) selectView(tab.dataset.view, true);
});
$('tabs').addEventListener('keydown', (ev) => {
  const i = tabs.findIndex((tb) => tb.dataset.view === state.view);
  const rtl = document.documentElement.dir === 'rtl';
  let j = -1;
  if (ev.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) j = (i + 1) % tabs.length;
  else if (ev.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) j = (i + tabs.length - 1) % tabs.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = tabs.length - 1;
  if (j >= 0) { ev.preventDefault(); selectView(tabs[j].dataset.view, true); }
});
