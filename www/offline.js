// The page's service worker (www/sw.js): offline use and fast repeat visits. Only this page
// registers it (never the npm package or <dikduk-annotate>), and only over https or from
// localhost (service workers need a secure context). ?nosw turns it off for this origin
// (unregisters it and deletes its caches), e.g. while developing.
import { $ } from './dom.js';

const params = new URLSearchParams(location.search);
const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
const eligible = !!sw && window.isSecureContext
  && (location.protocol === 'https:'
    || (location.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname)));

/** Posts `msg` to service worker `worker`; resolves with its answer (null after `ms`). */
function ask(worker, msg, ms = 3000) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), ms);
    channel.port1.onmessage = (ev) => { clearTimeout(timer); resolve(ev.data); };
    worker.postMessage(msg, [channel.port2]);
  });
}

/**
 * Runs before the page loads anything else. A new build that has finished installing takes over
 * now if no other tab of the site is open; the page then reloads (from the new build's cache), so
 * one page never mixes two builds. Resolves true when the page is reloading.
 */
export async function beforeStart() {
  if (!eligible) return false;
  if (params.has('nosw')) return turnOff();
  if (!sw.controller) return false;
  const reg = await sw.getRegistration();
  if (!reg || !reg.waiting) return false;
  // The worker boot.js started must not load anything from the new build: stop it first (it
  // starts again if the new build does not take over).
  if (window.dikdukBoot) window.dikdukBoot.stop();
  // This page never goes on once the new build has taken over: it reloads.
  let reloading = false;
  const onChange = () => { reloading = true; location.reload(); };
  sw.addEventListener('controllerchange', onChange);
  const answer = await ask(reg.waiting, { type: 'activate-if-alone' }, 10000);
  if (answer && !answer.activating) {
    sw.removeEventListener('controllerchange', onChange);
    return false;
  }
  if (!answer) return reloading; // no answer: go on, but a late take-over still reloads the page
  // It has agreed: wait for the take-over (and reload), at most 10 s.
  await new Promise((resolve) => setTimeout(resolve, 10000));
  if (!reloading) location.reload();
  return true;
}

/** ?nosw: unregisters the service worker, deletes its caches and reloads once from the network. */
async function turnOff() {
  for (const reg of await sw.getRegistrations()) await reg.unregister();
  for (const name of await caches.keys()) if (name.startsWith('dikduk-')) await caches.delete(name);
  // This page came from the cache: load it again from the network (once).
  if (!sw.controller || sessionStorage.getItem('dikduk-nosw') === location.href) return false;
  sessionStorage.setItem('dikduk-nosw', location.href);
  if (window.dikdukBoot) window.dikdukBoot.stop();
  location.reload();
  return true;
}

/**
 * Registers the service worker (after the page is ready, so it never delays the first
 * annotation) and shows in the footer which build runs from the cache.
 */
export async function afterReady() {
  if (!eligible || params.has('nosw')) return;
  try {
    await sw.register('sw.js', { updateViaCache: 'none' });
    if (sw.controller) {
      const answer = await ask(sw.controller, { type: 'version' });
      if (answer && answer.version) {
        $('build').textContent = answer.version;
        $('offline').hidden = false;
        document.documentElement.dataset.build = answer.version;
      }
    }
  } catch (err) {
    // No offline use (e.g. storage is off); the page works as before.
    console.warn(`dikduk: no service worker: ${err && err.message ? err.message : err}`);
  }
}
