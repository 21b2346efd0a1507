// The entities view (entity groups, quotes with their speakers, values) and the text view's side
// panel of entity groups; a group or a speaker leads back to the text view.
import { ENTITY_LABELS, VALUE_KINDS, pick } from './labels.js';
import { state } from './state.js';
import { $, el, ltr, t, num } from './dom.js';
import { valueText } from './doc.js';
import { renderUpTo, setCursor } from './text-view.js';
import { selectView } from './tabs.js';

/** How many groups the text view's side panel lists (the Entities view lists them all). */
const SIDE_GROUPS = 30;
const output = $('output');
const entitiesEl = $('entities');
const sideEl = $('side-groups');

/** A button for entity group `gi` (label badge, name, mention count; with details when `full`). */
export function groupButton(c, g, gi, full) {
  const { doc } = c;
  const btn = el('button', 'group');
  btn.type = 'button';
  btn.dataset.group = String(gi);
  btn.setAttribute('aria-pressed', String(c.activeGroup === gi));
  const badge = ltr(g.label, 'badge');
  badge.dataset.label = g.label;
  badge.title = pick(ENTITY_LABELS[g.label], state.lang, g.label);
  btn.append(badge, el('span', 'gname', g.name));
  btn.append(el('span', 'gcount', g.count === 1 ? t('mention1') : t('mentions', num(g.count))));
  if (!full) return btn;
  if (g.titles.length) btn.append(el('span', 'gtitles', g.titles.join(' · ')));
  const forms = [...new Set(g.mentions.map((m) => doc.entities[m] && doc.entities[m].text))].filter(Boolean);
  if (forms.length > 1) btn.append(el('span', 'gforms', forms.join(' / ')));
  return btn;
}

/** The side panel of the text view: entity groups by number of mentions; a click highlights them. */
export function renderSideGroups() {
  const c = state.cur;
  if (!c || !c.doc.entity_groups.length) { sideEl.replaceChildren(); sideEl.hidden = true; return; }
  const ul = el('ul', 'side-list');
  c.doc.entity_groups.slice(0, SIDE_GROUPS).forEach((g, gi) => {
    const li = el('li');
    li.append(groupButton(c, g, gi, false));
    ul.append(li);
  });
  const parts = [el('h3', null, t('groups')), ul];
  if (c.doc.entity_groups.length > SIDE_GROUPS) parts.push(el('p', 'hint', t('sideMore', num(c.doc.entity_groups.length - SIDE_GROUPS))));
  sideEl.replaceChildren(...parts);
  sideEl.hidden = false;
}

export function renderEntities() {
  const c = state.cur;
  if (!c) { entitiesEl.replaceChildren(); return; }
  const { doc } = c;
  const parts = [];
  parts.push(el('h3', null, t('groups')));
  if (doc.entity_groups.length) {
    parts.push(el('p', 'hint', t('groupsHint')));
    const ul = el('ul', 'groups');
    doc.entity_groups.forEach((g, gi) => {
      const li = el('li');
      const btn = groupButton(c, g, gi, true);
      li.append(btn);
      ul.append(li);
    });
    parts.push(ul);
  } else {
    parts.push(el('p', 'hint', t('noGroups')));
  }

  parts.push(el('h3', null, t('quotes')));
  if (doc.quotes.length) {
    const ul = el('ul', 'quotes');
    doc.quotes.forEach((q) => {
      const li = el('li');
      li.append(el('q', 'qtext', q.text.replace(/^["“”„׳״']+|["“”„׳״']+$/g, '')));
      const sp = q.speaker !== null && q.speaker !== undefined ? doc.entities[q.speaker] : null;
      if (sp) {
        const b = el('button', 'link', `— ${sp.text}`);
        b.type = 'button';
        b.dataset.ent = String(q.speaker);
        b.setAttribute('aria-label', t('speaker', sp.text));
        li.append(' ', b);
      } else {
        li.append(' ', el('span', 'muted', `— ${t('noSpeaker')}`));
      }
      ul.append(li);
    });
    parts.push(ul);
  } else {
    parts.push(el('p', 'hint', t('noQuotes')));
  }

  parts.push(el('h3', null, t('values')));
  if (doc.values.length) {
    const wrap = el('div', 'mtable-wrap');
    const table = el('table', 'vtable');
    const hr = el('tr');
    for (const k of ['colKind', 'colText', 'colValue']) { const th = el('th', null, t(k)); th.scope = 'col'; hr.append(th); }
    const thead = el('thead'); thead.append(hr);
    const tbody = el('tbody');
    for (const v of doc.values) {
      const tr = el('tr');
      tr.append(el('td', null, pick(VALUE_KINDS[v.kind], state.lang, v.kind)), el('td', null, v.text));
      const val = el('td', 'vval');
      val.append(ltr(valueText(v)));
      tr.append(val);
      tbody.append(tr);
    }
    table.append(thead, tbody);
    wrap.append(table);
    parts.push(wrap);
  } else {
    parts.push(el('p', 'hint', t('noValues')));
  }
  entitiesEl.replaceChildren(...parts);
}


sideEl.addEventListener('click', (ev) => {
  const g = ev.target.closest('button.group');
  if (g) highlightGroup(Number(g.dataset.group));
});

entitiesEl.addEventListener('click', (ev) => {
  const g = ev.target.closest('button.group');
  if (g) { highlightGroup(Number(g.dataset.group)); return; }
  const s = ev.target.closest('button[data-ent]');
  if (s) goToEntity(Number(s.dataset.ent));
});

/** Highlights the mentions of group `gi` in the text view and scrolls to the first. */
export function highlightGroup(gi) {
  const c = state.cur;
  if (!c) return;
  const g = c.doc.entity_groups[gi];
  if (!g) return;
  c.activeGroup = gi;
  for (const b of document.querySelectorAll('button.group')) b.setAttribute('aria-pressed', String(Number(b.dataset.group) === gi));
  for (const m of output.querySelectorAll('mark.hl')) m.classList.remove('hl');
  const last = g.mentions.length ? c.doc.entities[g.mentions[g.mentions.length - 1]] : null;
  if (last) renderUpTo(c, last.start);
  const marks = [];
  for (const m of g.mentions) for (const mk of output.querySelectorAll(`mark[data-ent="${m}"]`)) { mk.classList.add('hl'); marks.push(mk); }
  output.dataset.group = String(gi);
  selectView('text');
  if (marks.length) {
    marks[0].scrollIntoView({ block: 'center' });
    const first = c.doc.entities[g.mentions[0]];
    setCursor(first.token_start, false);
  }
}

/** Scrolls to entity `ei` in the text view, flashes it and puts the cursor on it. */
export function goToEntity(ei) {
  const c = state.cur;
  if (!c || !c.doc.entities[ei]) return;
  const e = c.doc.entities[ei];
  renderUpTo(c, e.start);
  selectView('text');
  const mark = output.querySelector(`mark[data-ent="${ei}"]`);
  if (mark) {
    mark.classList.remove('flash');
    void mark.offsetWidth; // restart the animation
    mark.classList.add('flash');
    mark.scrollIntoView({ block: 'center' });
  }
  output.focus({ preventScroll: true });
  setCursor(e.token_start, true);
}

