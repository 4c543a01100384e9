// Precision mode in the app: chosen in the run settings, run until precise, with the widest
// interval narrowing in the run status and the result saying how many replications it took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset, waitForResults } from './harness.mjs';

const env = session();

test('precision mode runs until precise and says how many replications it took', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'blank');
  await page.uncheck('#live');
  await page.click('#tab-run');
  await page.selectOption('#run-mode', 'precise');
  await page.fill('input[data-pointer="/run/precision/share_half_width"]', '0.05');
  await page.fill('input[data-pointer="/run/precision/time_relative_half_width"]', '0.1');
  await page.fill('input[data-pointer="/run/precision/max_replications"]', '100');
  // The run panel no longer offers a count the run would ignore: it says what the run will do.
  assert.equal(await page.textContent('#replications-precise'), 'Replications: until precise, up to 100');
  assert.equal(await page.locator('.run-panel input[data-pointer="/run/replications"]').count(), 0);
  // Every narrowing the run status shows, however briefly.
  await page.evaluate(() => {
    window.narrowing = [];
    new MutationObserver(() => {
      const t = document.querySelector('#precision-progress')?.textContent;
      if (t && window.narrowing.at(-1) !== t) window.narrowing.push(t);
    }).observe(document.querySelector('#run-status'), { subtree: true, childList: true, characterData: true });
  });
  if (await page.locator('#run').isEnabled()) {
    await page.click('#run');
  }
  await waitForResults(page);
  await page.waitForSelector('#precision-note');
  const note = await page.textContent('#precision-note');
  const m = note.match(/^Precise after (\d+) replications; the last figure to converge was (.+) ±[\d.]+(%| points) \(target ±[\d.]+%?\)\.$/);
  assert.ok(m, note);
  const n = Number(m[1]);
  assert.ok(n >= 5 && n < 100, note);
  assert.match(m[2], /^(SLA attainment|utilization|mean time to resolve) of (normal|Support)$/);
  assert.match(await page.textContent('#run-status'), new RegExp(`Up to date: ${n} replications`));
  const seen = await page.evaluate(() => window.narrowing);
  assert.ok(seen.length > 0, 'the widest interval was shown while running');
  assert.match(seen.at(-1), /\d+ replications so far; widest interval: .+ ±[\d.]+/);
  assert.deepEqual(problems, []);
  await context.close();
});
