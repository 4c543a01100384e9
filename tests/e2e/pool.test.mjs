// The pool of engine workers: a run's replications are shared over 1, 2 or 4 workers, and the
// report is the native one bit for bit whatever the size (the fingerprint of
// tests/fixtures/fingerprint.txt, which `cargo test` checks natively); the workers are as many as
// the run setting says, and the wasm module is fetched once, by the page, however many there are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { session, open, waitForResults } from './harness.mjs';

const expected = readFileSync(new URL('../fixtures/fingerprint.txt', import.meta.url), 'utf8').trim();

const env = session();

/**
 * The page with the pool's size set in the app's settings, on a browser that says it has 8 cores
 * (so that 4 is allowed on any machine), noting each run's report fingerprint.
 */
async function openWithWorkers(workers) {
  const init = `
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 });
    localStorage.setItem('escalation-lab/settings/v1', JSON.stringify({ workers: ${workers} }));
    window.escalationLabFingerprints = [];`;
  const opened = await open(env.browser, env.server.origin, { init });
  const wasm = [];
  opened.context.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
  return { ...opened, wasm };
}

/** Sets the scenario in the raw JSON view to `edit` of the preset `key`, and runs it. */
async function runEdited(page, key, edit) {
  await page.uncheck('#live');
  await page.selectOption('#preset', key);
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  edit(doc);
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
  await page.waitForFunction(() => !document.querySelector('#run').disabled);
  await page.click('#run');
  await waitForResults(page);
}

for (const workers of [1, 2, 4]) {
  test(`on ${workers} worker(s), B1's report is the native one bit for bit`, async () => {
    const { context, page, problems, wasm } = await openWithWorkers(workers);
    await runEdited(page, 'b1', (doc) => {
      doc.run.horizon = '300h';
      doc.run.replications = 2;
      doc.run.seed = 11;
    });
    assert.deepEqual(await page.evaluate(() => window.escalationLabFingerprints), [expected]);
    const members = page.workers().filter((w) => w.url().includes('engine-worker.js'));
    assert.equal(members.length, workers, 'one worker per member of the pool');
    assert.equal(wasm.length, 0, `no worker fetched the module again: ${wasm}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the run settings choose the pool\'s size, kept in this browser apart from the scenario', async () => {
  const init = `Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 12 });`;
  const { context, page, problems } = await open(env.browser, env.server.origin, { init });
  await waitForResults(page);
  await page.click('#tab-run');
  // One per core, at most 8.
  const options = await page.$$eval('#run-workers option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(options, ['1', '2', '3', '4', '5', '6', '7', '8 (one per core)']);
  assert.equal(await page.inputValue('#run-workers'), '8');
  const scenarioBefore = await page.evaluate(() => localStorage.getItem('escalation-lab/scenario/v1'));
  await page.selectOption('#run-workers', '3');
  assert.equal(await page.evaluate(() => localStorage.getItem('escalation-lab/settings/v1')), '{"workers":3}');
  assert.equal(await page.evaluate(() => localStorage.getItem('escalation-lab/scenario/v1')), scenarioBefore,
    'the scenario does not change');
  await runEdited(page, 'b1', (doc) => {
    doc.run.horizon = '100h';
    doc.run.replications = 6;
  });
  assert.equal(page.workers().filter((w) => w.url().includes('engine-worker.js')).length, 3);
  await page.reload();
  await page.waitForSelector('.app');
  await page.click('#tab-run');
  assert.equal(await page.inputValue('#run-workers'), '3');
  assert.deepEqual(problems, []);
  await context.close();
});
