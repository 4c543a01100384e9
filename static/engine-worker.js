// The engine worker's loader. The worker runs the app's own wasm module (one download for the
// page and the worker): it loads the module's JavaScript glue, instantiates the module, and asks
// it to register as the engine worker. Names are fixed because Trunk.toml turns file hashes off.
import('./escalation-lab-app.js')
  .then(async (glue) => {
    await glue.default({ module_or_path: new URL('./escalation-lab-app_bg.wasm', self.location.href) });
    glue.start_engine_worker();
  })
  .catch((error) => console.error(`the engine worker could not start: ${error}`));
