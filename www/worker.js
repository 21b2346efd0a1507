// The page's annotation worker (new Worker('worker.js', {type: 'module'})): the npm package's
// worker, served from www/pkg/ (copied there by scripts/build-wasm.sh). Protocol: see pkg/worker.js.
import './pkg/worker.js';
