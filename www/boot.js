// Starts the annotation worker (www/worker.js) as early as the page can: this module has no
// imports and runs as soon as it arrives (<script type="module" async>), while the page's other
// modules still load; annotator.js adopts the worker and the messages it sent meanwhile.
performance.mark('dikduk-worker-start');
let worker = null;
const messages = [];
let failed = false;
const onMessage = (ev) => messages.push(ev.data);
const onError = (ev) => { ev.preventDefault(); failed = true; };
try {
  worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
} catch {
  worker = null;
}

window.dikdukBoot = {
  /** Hands the worker over (once): {worker, messages, failed}; its listeners here are removed. */
  take() {
    if (!worker) return null;
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
    const w = { worker, messages: messages.splice(0), failed };
    worker = null;
    return w;
  },
  /** Stops the worker (the page is about to reload). */
  stop() {
    if (worker) worker.terminate();
    worker = null;
  },
};
