// A repeating escalation (loop_back, as imported from PagerDuty loops or Opsgenie repeats) is
// edited like any other action in the triggers tab, and the matrix names it at the cells it acts on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset } from './harness.mjs';

const env = session();

test('a trigger set to loop back names its level and count, and the matrix shows the loop', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await page.click('#tab-triggers');
  const then = 'select[data-pointer="/triggers/1/then"]';
  await page.selectOption(then, 'loop_back');
  await page.selectOption('select[data-pointer="/triggers/1/then/loop_back/to"]', 'agent');
  await page.fill('input[data-pointer="/triggers/1/then/loop_back/times"]', '2');
  assert.equal(await page.inputValue(then), 'loop_back');
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  assert.deepEqual(doc.triggers[1].then, { loop_back: { to: 'agent', times: 2 } });
  // Valid: the run panel lists no error.
  assert.equal(await page.locator('.run-panel .problem.error').count(), 0);
  await page.click('#tab-matrix');
  const cell = page.locator('#matrix td[data-level="team_lead"][data-priority="P1"]');
  assert.match(await cell.textContent(), /back to agent after 15m \(at most 2×, “dispute waiting for a team lead”\)/);
  assert.deepEqual(problems, []);
  await context.close();
});
