// The page's annotation worker (new Worker('worker.js', {type: 'module'})): the npm package's
// worker, served from www/pkg/ (copied there by scripts/build-wasm.sh). Protocol: see pkg/worker.js.
// Fetching and compiling the module start here, at once, while the package's worker script and
// its glue code load (a static import would wait for them); pkg/worker.js picks the compilation
// up from `self.dikdukEarly`.
const url = new URL('pkg/dikduk_bg.wasm', import.meta.url);
self.dikdukEarly = { url: url.href, start: performance.now(), module: WebAssembly.compileStreaming(fetch(url)) };
// Its failure is handled (by a plain fetch) where it is awaited; never an unhandled rejection here.
self.dikdukEarly.module.catch(() => {});
await import('./pkg/worker.js');
