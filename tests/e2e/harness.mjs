// Shared set-up for the end-to-end tests: a static server over the release build in dist/
// (as any web host would serve it), and headless Chromium through playwright-core, collecting
// every console error and page error so that tests can assert there were none.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../dist/', import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/**
 * Serves dist/ on a free port of 127.0.0.1; resolves to { origin, close }. With `gzip`, bodies
 * are sent gzip-compressed to a client that accepts it, as a web host would. `files` adds
 * files beside the app, by path (`{ '/docs/desk.json': text }`), as a documentation site would.
 */
export async function serve({ gzip = false, files = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (Object.hasOwn(files, path)) {
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
      res.end(files[path]);
      return;
    }
    let file = join(root, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
        res.end(gzipSync(body, { level: 9 }));
      } else {
        res.writeHead(200, headers);
        res.end(body);
      }
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * The server and browser a test file's tests share: started before its first test and closed
 * after its last (`node:test` hooks), with `serveOptions` as [`serve`] takes them. Read
 * `env.server` and `env.browser` inside the tests.
 */
export function session(serveOptions) {
  const env = {};
  before(async () => {
    env.server = await serve(serveOptions);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Launches headless Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh page (own profile: empty storage) whose console errors and warnings are collected, at
 * the app's address, or at `path` after it (`?embed=1&…`). `init` is a script run in the page
 * before its own (as playwright's `addInitScript` takes it).
 */
export async function open(browser, origin, { path = '', init, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      problems.push(`${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.push(`network request outside the app: ${r.url()}`);
    }
  });
  await page.goto(origin + path);
  await page.waitForSelector('.app');
  return { context, page, problems };
}

/** Waits until a run has finished and results for the current scenario are shown. */
export async function waitForResults(page, timeout = 60000) {
  await page.waitForFunction(() => {
    const s = document.querySelector('#run-status');
    return s && s.dataset.state === 'idle' && /Up to date/.test(s.textContent) && document.querySelector('.kpi-card');
  }, null, { timeout });
}

/** Runs the current scenario unless live mode already does, and waits for its results. */
export async function runToResults(page, timeout = 60000) {
  await page.waitForFunction(() => {
    const t = document.querySelector('#run-status')?.textContent ?? '';
    return /Running|Up to date|Ready to run|earlier version/.test(t);
  });
  if (await page.locator('#run').isEnabled()) {
    await page.click('#run');
  }
  await waitForResults(page, timeout);
}

/** Shows a tab of the results pane: 'results', 'compare', 'what-if' or 'trainer'. */
export async function showView(page, key) {
  await page.click(`#view-${key}`);
  await page.waitForSelector(`#view-panel-${key}`);
}

/** Selects a preset by its key and waits for its results. */
export async function pickPreset(page, key) {
  await page.selectOption('#preset', key);
  await runToResults(page);
}
