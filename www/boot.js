// Starts the annotation worker (www/worker.js) as early as the page can: a small classic script,
// the first in the page's <head>, that runs the moment it arrives (a parser-blocking script; the
// browser's preload scanner meanwhile fetches the page's styles and modules). It was an async
// module script: in an A/B of repeat visits on an idle machine this creates the worker at 48
// instead of 82 ms and brings the first annotation from 356 to 336 ms. annotator.js adopts the
// worker and the messages it sent meanwhile.
(() => {
  performance.mark('dikduk-worker-start');
  let worker = null;
  const messages = [];
  let failed = false;
  const onMessage = (ev) => messages.push(ev.data);
  const onError = (ev) => { ev.preventDefault(); failed = true; };
  try {
    worker = new Worker(new URL('worker.js', document.currentScript.src), { type: 'module' });
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
})();
