#!/usr/bin/env python3
"""Writes standalone.html beside a built app: the whole app (styles, JavaScript, WebAssembly) in
one file, for pages opened from file:// — where browsers refuse to fetch a .wasm file or start a
worker from a script file.

The module (base64) and its JavaScript glue are written once, in the page's script. The page
loads them through Blob URLs of its own, and writes the engine worker's source at run time with
the same two texts inside it: a worker started from a file:// page can neither fetch nor import
the page's Blob URLs (they belong to an opaque origin), so it is handed the texts themselves and
makes Blob URLs of its own. The app is told the worker's URL (`escalationLabWorkerUrl`).

Run after each release build by scripts/test.sh and scripts/serve.sh, or by hand:
    python3 scripts/standalone.py [DIR]      (default: dist)
"""

import base64
import json
import os
import sys

folder = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
read = lambda name, mode="r": open(os.path.join(folder, name), mode).read()


def named(prefix, suffix):
    """The one built file `prefix<-hash>suffix` (Trunk.toml hashes file names)."""
    found = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(suffix)
             and not n.endswith("_bg" + suffix)]
    if len(found) != 1:
        sys.exit(f"standalone.py: expected one {prefix}*{suffix} in {folder}, found {found}")
    return found[0]


wasm = base64.b64encode(read(named("escalation-lab-app", "_bg.wasm"), "rb")).decode()
glue = read(named("escalation-lab-app", ".js"))
styles = "\n".join(read(n) for n in sorted(os.listdir(folder)) if n.endswith(".css"))

# The worker's loader, after the two texts it is given (`glue`, `wasm`): it makes the glue a Blob
# URL of its own, instantiates the module and starts the engine. A member of the page's pool
# (static/engine-worker.js says more) instantiates the compiled module the page posts it first.
worker = """
const member = self.name === 'engine-pool-member';
const module = member
  ? new Promise((resolve) => self.addEventListener('message', (e) => resolve(e.data), { once: true }))
  : null;
import(URL.createObjectURL(new Blob([glue], { type: 'text/javascript' })))
  .then(async (g) => {
    const bytes = member ? await module : Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0));
    await g.default({ module_or_path: bytes });
    if (member) g.start_pool_member(); else g.start_engine_worker();
  })
  .catch((error) => console.error(`the engine worker could not start: ${error}`));
"""

# Base64 needs no escaping inside a JavaScript string, so the page quotes it as it is.
page = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Escalation Lab</title>
    <link rel="icon" href="data:," />
    <style>
{styles}
    </style>
  </head>
  <body>
    <noscript>Escalation Lab needs JavaScript and WebAssembly.</noscript>
    <script type="module">
      const glue = {json.dumps(glue)};
      const wasm = "{wasm}";
      const worker = [`const glue = ${{JSON.stringify(glue)}};`, `const wasm = "${{wasm}}";`, {json.dumps(worker)}];
      window.escalationLabWorkerUrl = URL.createObjectURL(new Blob(worker, {{ type: 'text/javascript' }}));
      const bytes = Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0));
      const app = await import(URL.createObjectURL(new Blob([glue], {{ type: 'text/javascript' }})));
      await app.default({{ module_or_path: bytes }});
    </script>
  </body>
</html>
"""
with open(os.path.join(folder, "standalone.html"), "w") as out:
    out.write(page)
