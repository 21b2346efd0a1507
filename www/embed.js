// The embedding page's own script: uses dikduk's ES-module API directly, and listens to the
// custom element's event. Everything the text contributes goes in with textContent.
import init, { annotate } from './pkg/dikduk.js';

const story = document.getElementById('story');
const own = document.getElementById('own');
const ownText = document.getElementById('own-text');

story.addEventListener('dikduk-annotated', (e) => {
  const { doc } = e.detail;
  document.getElementById('story-note').textContent =
    `האירוע dikduk-annotated: ${doc.tokens.length} מילים, ${doc.entities.length} ישויות, ${doc.values.length} ערכים, ${doc.quotes.length} ציטוטים.`;
});

own.text = ownText.value;
ownText.addEventListener('input', () => { own.text = ownText.value; });

await init();
const doc = annotate(story.textContent);
const rows = doc.entity_groups.map((g) => {
  const tr = document.createElement('tr');
  for (const v of [g.name, g.label, String(g.count)]) {
    const td = document.createElement('td');
    td.textContent = v;
    tr.append(td);
  }
  return tr;
});
document.querySelector('#api-table tbody').replaceChildren(...rows);
document.getElementById('api-note').textContent = `annotate() → ${doc.schema}, dikduk ${doc.version}.`;
document.documentElement.dataset.ready = 'true';
