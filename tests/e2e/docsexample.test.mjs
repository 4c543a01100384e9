// The documentation example (docs/example/): a page that embeds three demos (a chart with
// sliders, the matrix, Try an issue) reading their scenario from a file beside it, and one
// static figure. Loaded as a docs site would serve it, every frame fits its content with no
// inner scrollbar, nothing is logged as an error, nothing is requested off the page's origin
// and the embeds write nothing to storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { session } from './harness.mjs';

const example = (name) => readFileSync(new URL(`../../docs/example/${name}`, import.meta.url));

const env = session({
    files: Object.fromEntries(['index.html', 'desk.json', 'flow.svg'].map((n) => [`/docs/example/${n}`, example(n)])),
  });

test('the docs example embeds three demos that fit their frames, and a static figure', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(env.server.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.push(`network request outside the page's origin: ${r.url()}`);
    }
  });
  await page.goto(`${env.server.origin}docs/example/index.html`);
  const demos = { 'demo-sliders': '.kpi-card', 'demo-matrix': '#matrix', 'demo-try': '#try-steps li' };
  for (const [id, shown] of Object.entries(demos)) {
    const handle = await page.waitForSelector(`#${id}`);
    await handle.scrollIntoViewIfNeeded();
    const frame = await handle.contentFrame();
    await frame.waitForSelector(shown, { timeout: 60000 });
    // Settled: the frame's height comes from its content, and the content fits in it.
    let size;
    for (let i = 0; i < 80; i += 1) {
      const outer = await handle.evaluate((f) => f.getBoundingClientRect().height);
      const inner = await frame.evaluate(() => ({ content: document.documentElement.scrollHeight, view: window.innerHeight }));
      size = { outer, ...inner };
      if (outer !== 720 && inner.content <= inner.view) break;
      await page.waitForTimeout(100);
    }
    assert.notEqual(size.outer, 720, `${id} was sized to its content: ${JSON.stringify(size)}`);
    assert.ok(size.content <= size.view, `${id} has no inner scrollbar: ${JSON.stringify(size)}`);
    assert.equal(await frame.evaluate(() => localStorage.length + sessionStorage.length), 0, `${id} wrote to storage`);
  }
  // The sliders' demo moves: a slider re-runs its charts.
  const sliders = await (await page.$('#demo-sliders')).contentFrame();
  assert.equal(await sliders.locator('input[type=range]').count(), 2);
  // The static figure is the flow chart, drawn without a script.
  const img = await page.$('#static-flow');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#static-flow').complete);
  assert.ok(await img.evaluate((i) => i.naturalWidth) >= 600);
  const svg = example('flow.svg').toString();
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart-svg"/);
  assert.match(svg, /class="flow-link"/);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
