// The engine worker's loader. The worker runs the app's own wasm module (one download for the
// page and the worker): it loads the module's JavaScript glue, instantiates the module, and asks
// it to register as the engine worker. File names carry a hash of their content (Trunk.toml), so
// the page names the glue it runs in the query (`?glue=<its URL>`), and the module is beside it
// under the same name (Trunk writes `NAME-HASH.js` and `NAME-HASH_bg.wasm`). Only files of the
// page's own origin are loaded.
const named = new URL(self.location.href).searchParams.get('glue');
const glue = named && new URL(named, self.location.href);
(glue && glue.origin === self.location.origin
  ? import(glue.href)
  : Promise.reject(new Error(`the page named no module of its own origin (${named})`)))
  .then(async (g) => {
    await g.default({ module_or_path: new URL(glue.href.replace(/\.js$/, '_bg.wasm')) });
    g.start_engine_worker();
  })
  .catch((error) => console.error(`the engine worker could not start: ${error}`));
