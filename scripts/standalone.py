#!/usr/bin/env python3
"""Writes standalone.html beside a built app: the whole app (styles, JavaScript, WebAssembly) in
one file, for pages opened from file:// — where browsers refuse to fetch a .wasm file or start a
worker from a script file. The module is inlined as base64, loaded through Blob URLs in the page
and in the engine worker, and the app is told the worker's URL (`escalationLabWorkerUrl`).

Run by Trunk after each build (Trunk.toml, post_build hook, in TRUNK_STAGING_DIR), or by hand:
    python3 scripts/standalone.py [DIR]      (default: dist)
"""

import base64
import json
import os
import sys

folder = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
read = lambda name, mode="r": open(os.path.join(folder, name), mode).read()

wasm = base64.b64encode(read("escalation-lab-app_bg.wasm", "rb")).decode()
glue = read("escalation-lab-app.js")
styles = "\n".join(read(n) for n in sorted(os.listdir(folder)) if n.endswith(".css"))

# The worker's own loader: it makes the module's glue a Blob URL of its own and starts the engine.
worker = f"""
const glue = URL.createObjectURL(new Blob([{json.dumps(glue)}], {{ type: 'text/javascript' }}));
const bytes = Uint8Array.from(atob({json.dumps(wasm)}), (c) => c.charCodeAt(0));
import(glue)
  .then(async (g) => {{ await g.default({{ module_or_path: bytes }}); g.start_engine_worker(); }})
  .catch((error) => console.error(`the engine worker could not start: ${{error}}`));
"""

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
      const worker = {json.dumps(worker)};
      window.escalationLabWorkerUrl = URL.createObjectURL(new Blob([worker], {{ type: 'text/javascript' }}));
      const glue = URL.createObjectURL(new Blob([{json.dumps(glue)}], {{ type: 'text/javascript' }}));
      const bytes = Uint8Array.from(atob({json.dumps(wasm)}), (c) => c.charCodeAt(0));
      const app = await import(glue);
      await app.default({{ module_or_path: bytes }});
    </script>
  </body>
</html>
"""
with open(os.path.join(folder, "standalone.html"), "w") as out:
    out.write(page)
