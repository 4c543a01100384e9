// The engine workers' loader. A worker runs the app's own wasm module (one download for the page
// and its workers): it loads the module's JavaScript glue, instantiates the module, and asks it to
// start as what the page wants. File names carry a hash of their content (Trunk.toml), so the
// page names the glue it runs in the query (`?glue=<its URL>`), and the module is beside it under
// the same name (Trunk writes `NAME-HASH.js` and `NAME-HASH_bg.wasm`). Only files of the page's
// own origin are loaded. A member of the page's pool of workers (started under the name
// `engine-pool-member`) is sent the page's compiled `WebAssembly.Module` as its first message and
// instantiates that, so that the module is compiled once however many workers there are; the
// trainer's and the History tab's workers compile it from its file.
const member = self.name === 'engine-pool-member';
const module = member
  ? new Promise((resolve) => self.addEventListener('message', (e) => resolve(e.data), { once: true }))
  : null;
const named = new URL(self.location.href).searchParams.get('glue');
const glue = named && new URL(named, self.location.href);
(glue && glue.origin === self.location.origin
  ? import(glue.href)
  : Promise.reject(new Error(`the page named no module of its own origin (${named})`)))
  .then(async (g) => {
    await g.default({ module_or_path: member ? await module : new URL(glue.href.replace(/\.js$/, '_bg.wasm')) });
    if (member) g.start_pool_member(); else g.start_engine_worker();
  })
  .catch((error) => console.error(`the engine worker could not start: ${error}`));
