// The build's files are named by their content, so that a cached old module can never meet a new
// page, and the first render over a modest network, measured (printed, not asserted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { session, serve, runToResults } from './harness.mjs';

const env = session();

test('the module and styles are named by a hash of their content, and the worker runs the page\'s own module', async () => {
  const dist = new URL('../../dist/', import.meta.url);
  const files = readdirSync(dist);
  const built = files.filter((n) => /\.(js|wasm|css)$/.test(n) && n !== 'engine-worker.js');
  assert.ok(built.length >= 4, `built files: ${files}`);
  for (const name of built) {
    // Trunk writes the 64-bit hash in hex without leading zeros: up to 16 digits.
    assert.match(name, /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/, `${name} carries a hash`);
  }
  const glue = built.find((n) => n.startsWith('escalation-lab-app-') && n.endsWith('.js'));

  // Watched from before the page loads: the engine worker starts at once.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const requested = [];
  const problems = [];
  context.on('request', (r) => requested.push(r.url()));
  page.on('worker', (w) => requested.push(`worker ${w.url()}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.origin);
  await runToResults(page);
  const workers = requested.filter((u) => u.startsWith('worker '));
  assert.ok(workers.length >= 1, `a worker started: ${requested.join('\n')}`);
  for (const w of workers) {
    const url = new URL(w.slice('worker '.length));
    assert.equal(url.pathname, '/engine-worker.js');
    assert.equal(url.searchParams.get('glue'), `${env.server.origin}${glue}`, 'the worker is told the page\'s glue');
  }
  // Nothing by an unhashed name: the module is only ever fetched under its hashed name.
  assert.deepEqual(requested.filter((u) => /escalation-lab-app(_bg)?\.(js|wasm)/.test(u)), []);

  // A loader told of a module of another origin loads nothing and says why.
  const refused = page.waitForEvent('console', (m) => m.type() === 'error');
  await page.evaluate(() => {
    new Worker('engine-worker.js?glue=' + encodeURIComponent('https://elsewhere.invalid/x.js'), { type: 'module' });
  });
  assert.match((await refused).text(), /the engine worker could not start: .*no module of its own origin/);
  assert.deepEqual(problems.filter((p) => !/could not start/.test(p)), []);
  await context.close();
});

test('first render of the default preset at 10 Mbit/s and 40 ms latency (printed)', async () => {
  const zipped = await serve({ gzip: true });
  try {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 40, downloadThroughput: (10e6 / 8), uploadThroughput: (10e6 / 8),
    });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    await page.goto(zipped.origin);
    await page.waitForSelector('.app', { timeout: 60000 });
    const rendered = await page.evaluate(() => performance.now());
    await runToResults(page, 120000);
    const answered = await page.evaluate(() => performance.now());
    console.log(`10 Mbit/s, 40 ms: ${(bytes / 1024).toFixed(0)} KiB transferred (gzip); `
      + `first render at ${rendered.toFixed(0)} ms, first results at ${answered.toFixed(0)} ms after navigation start`);
    assert.ok(rendered > 0 && answered >= rendered);
    await context.close();
  } finally {
    await zipped.close();
  }
});
