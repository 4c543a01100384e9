// The script editor in the Workload tab: events added, their kind changed, their fields edited
// (a bad moment shown at its field and reached from the problem list, blocking the run), the
// scenario's JSON holding exactly the events made, the queue chart marking them after a run,
// and Undo taking back the last edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset, runToResults, showView } from './harness.mjs';

const env = session();

async function scenarioJson(page) {
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  await page.click('#tab-workload');
  return doc;
}

const at = (i) => `input[data-pointer="/script/${i}/at"]`;

test('script events are made in the Workload tab, checked at their fields, and marked on the queue chart', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await page.uncheck('#live');
  await page.click('#tab-workload');
  assert.equal(await page.textContent('nav[aria-label="Workload sections"] a[href="#wl-script"]'), 'Script');
  assert.equal(await page.locator('.script-card').count(), 0, 'the preset has no script');

  // A level closes: the first level, two hours in, for an hour.
  await page.click('#add-script-event');
  await page.locator('.script-card').first().waitFor();
  await page.selectOption('#f-script-0', 'close');
  await page.waitForSelector('select[data-pointer="/script/0/close/level"]');
  assert.equal(await page.inputValue('select[data-pointer="/script/0/close/level"]'), 'agent', 'the first level is chosen');
  await page.fill(at(0), '2h');
  await page.fill('input[data-pointer="/script/0/close/for"]', '1h');

  // An issue arrives on Tuesday at 10:30 (added from the keyboard).
  await page.focus('#add-script-event');
  await page.keyboard.press('Enter');
  await page.locator('.script-card').nth(1).waitFor();
  assert.equal(await page.inputValue('#f-script-1'), 'issue', 'a new event is an issue until its kind is changed');
  await page.fill(at(1), 'Tue 10:30');

  assert.deepEqual((await scenarioJson(page)).script, [
    { at: '2h', close: { level: 'agent', for: '1h' } },
    { at: 'Tue 10:30', issue: { category: 'billing_dispute', priority: 'P1' } },
  ]);

  // A moment that is none: the error is at the field and the run is blocked.
  await page.fill(at(1), 'sometime');
  await page.waitForSelector('#f-script-1-at-problems');
  assert.match(await page.textContent('#f-script-1-at-problems'), /"sometime" is not a moment/);
  assert.equal(await page.getAttribute(at(1), 'aria-invalid'), 'true');
  assert.ok(await page.locator('#run').isDisabled(), 'the run waits for the fix');
  assert.match(await page.textContent('#run-status'), /Cannot run: 1 error/);
  // The problem list leads back to the field from another tab.
  await page.click('#tab-levels');
  await page.click('#problems li.problem.error button');
  await page.waitForFunction(() => document.activeElement?.id === 'f-script-1-at');

  await page.fill(at(1), 'Tue 10:30');
  await page.waitForSelector('#f-script-1-at-problems', { state: 'detached' });
  await runToResults(page);
  const chart = page.locator('#queue-chart');
  assert.equal(await chart.locator('g.script-mark').count(), 2);
  // Billing's clock starts on a Monday at midnight: Tuesday 10:30 is 34.5 hours in.
  const guide = await chart.locator('.chart-guide').textContent();
  assert.match(guide, /The dashed lines are the script's events: 1 at 2 h: agent closes for 1 h; 2 at 34\.5 h: a P1 issue of billing_dispute arrives\./);

  // Playback lists the script beside the changes made, striking out what has passed.
  await showView(page, 'trainer');
  await page.click('#trainer-start');
  await page.waitForSelector('#trainer-script li');
  const script = async () => page.$$eval('#trainer-script li', (lis) => lis.map((li) => [li.className, li.textContent]));
  assert.deepEqual(await script(), [
    ['coming', 'day 1 02:00 agent closes for 1 h'],
    ['coming', 'day 2 10:30 a P1 issue of billing_dispute arrives'],
  ]);
  await page.selectOption('#trainer-speed', { label: '2 h' });
  await page.click('#trainer-step');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 120);
  assert.deepEqual((await script()).map(([c]) => c), ['passed', 'coming']);
  assert.match((await script())[0][1], /\(passed\)$/);
  await showView(page, 'results');

  // Undo takes back the last edit: the moment is "sometime" again.
  await page.click('#undo');
  assert.equal(await page.inputValue(at(1)), 'sometime');
  assert.equal((await scenarioJson(page)).script[1].at, 'sometime');
  assert.ok(await page.locator('#run').isDisabled());

  // Removing an event is a labelled button.
  await page.click('button[aria-label="Remove event 2"]');
  assert.equal(await page.locator('.script-card').count(), 1);
  assert.deepEqual((await scenarioJson(page)).script, [{ at: '2h', close: { level: 'agent', for: '1h' } }]);
  assert.deepEqual(problems, []);
  await context.close();
});
