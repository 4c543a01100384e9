// End-to-end: the Rules tab lists the warnings of rules that cannot do what they say (a condition
// that contradicts itself, a rule of a first-match set that an earlier rule leaves nothing, a
// time past every SLA target) with their line and column, and they do not stop a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset } from './harness.mjs';

const env = session();

test('the rule editor lists a contradictory rule, a shadowed rule and a late timer as warnings with their line', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-rules');
  await page.locator('#rules-text').fill([
    'rule "late"',
    '  when priority is "P1" and waiting > 2h',
    '  then notify "L4"',
    'ruleset "waits" first match',
    'rule "impossible"',
    '  when priority is "P1" and priority is "P2" and waiting > 5m',
    '  then notify "L4"',
    'rule "all waits"',
    '  when waiting > 20m',
    '  then notify "L4"',
    'rule "P2 waits"',
    '  when priority is "P2" and waiting > 20m',
    '  then notify "L4"',
  ].join('\n'));
  await page.waitForFunction(() => document.querySelectorAll('#rules-problems .problem.warning').length === 3);
  const listed = await page.$$eval('#rules-problems .problem', (ps) => ps.map((p) => [p.className, p.textContent]));
  assert.ok(listed.every(([c]) => c.includes('warning')), JSON.stringify(listed));
  const find = (place) => listed.map(([, t]) => t).find((t) => t.includes(place)) ?? '';
  assert.match(find('line 6, column 8'), /the rule "impossible" never acts: priority is "P1" and priority is "P2" cannot both hold/);
  assert.match(find('line 11, column 6'), /the rule "P2 waits" never acts: the earlier rule "all waits" \(line 8\)/);
  assert.match(find('line 2, column 29'), /waiting > 2h fires only after every SLA target of "P1" \(1h resolution\) has passed/);
  assert.equal(await page.getAttribute('#rules-text', 'aria-invalid'), 'false');
  assert.ok(await page.locator('#run').isEnabled(), 'warnings do not block the run');
  assert.deepEqual(problems, []);
  await context.close();
});
