// Live re-runs: each preset at a one-week horizon with one replication, edited five times; the
// time from the end of the edit's quiet period (the moment the run starts) to the painted result
// is printed per preset (a figure for the README, not an assertion: these machines are shared).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset, runToResults, waitForResults } from './harness.mjs';

const env = session();

/**
 * Arms a watch of the run status: resolves in the page to the ms from run start to the painted
 * result, and the part of it the worker spent on the run (its own clock).
 */
const armed = (page) => page.evaluate(() => {
  window.liveTiming = new Promise((resolve) => {
    const status = document.querySelector('#run-status');
    let started = null;
    const observer = new MutationObserver(() => {
      if (started === null && status.dataset.state === 'running') started = performance.now();
      if (started !== null && status.dataset.state === 'idle' && /Up to date/.test(status.textContent)) {
        observer.disconnect();
        // The frame after the result is in the DOM: the repaint.
        const simulated = Number(status.dataset.elapsedMs);
        requestAnimationFrame(() => setTimeout(() => resolve([performance.now() - started, simulated]), 0));
      }
    });
    observer.observe(status, { attributes: true, childList: true, subtree: true, characterData: true });
  });
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('a live re-run of each preset at one week and one replication, timed from the end of the quiet period to the repaint (printed)', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  const keys = await page.$$eval('#preset option', (os) => os.map((o) => o.value).filter((v) => v));
  const rows = [];
  for (const key of keys) {
    await pickPreset(page, key);
    await page.click('#tab-run');
    await page.locator('input[data-pointer="/run/horizon"]').fill('10080m');
    await page.locator('input[data-pointer="/run/warmup"]').fill('10%');
    await page.locator('input[data-pointer="/run/replications"]').first().fill('1');
    await runToResults(page).catch(async (e) => {
      throw new Error(`${key}: ${await page.textContent('#run-status')}: ${e.message}`);
    });
    const times = [];
    for (const horizon of ['168h', '10080m', '168h', '10080m', '168h', '10080m', '168h']) {
      await armed(page);
      await page.locator('input[data-pointer="/run/horizon"]').fill(horizon);
      times.push(await page.evaluate(() => Promise.race([
        window.liveTiming, new Promise((_, no) => setTimeout(() => no(new Error('no live re-run in 30 s')), 30000))])));
    }
    await waitForResults(page);
    // The first re-run after a preset's own run warms the worker's caches: the rest are timed.
    const timed = times.slice(1);
    const total = median(timed.map(([t]) => t));
    const worker = median(timed.map(([, w]) => w));
    rows.push(`${key.padEnd(18)} ${total.toFixed(0).padStart(4)} ms, of which ${worker.toFixed(0).padStart(3)} ms in the worker `
      + `(medians; totals ${timed.map(([t]) => t.toFixed(0)).join(', ')})`);
    assert.ok(timed.every(([t, w]) => t > 0 && w >= 0 && w <= t));
  }
  console.log(`live re-run, one week, one replication: run start to repaint\n${rows.join('\n')}`);
  assert.deepEqual(problems, []);
  await context.close();
});
