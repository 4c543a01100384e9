// The reply, update and status SLA targets in the app: a scenario's next reply and agent work
// targets shown in the SLA editor's "More targets" disclosure, edited there (a bad value shown
// at its field), read on the results' priority cards with the command line's figures, and named
// when a walked issue breaches one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { session, open, runToResults } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const env = session();

/** The billing preset with reply and status targets on its second policy only. */
function scenario() {
  const doc = JSON.parse(readFileSync(join(root, 'static/scenarios/billing-dispute.json'), 'utf8'));
  doc.name = 'Billing with reply targets';
  Object.assign(doc.sla[1].targets.P1, { next_reply: '1h' });
  Object.assign(doc.sla[1].targets.P2, { next_reply: '2h', agent_work: '6h' });
  return doc;
}

async function scenarioJson(page) {
  await page.click('#tab-json');
  return JSON.parse(await page.inputValue('#raw-json-text'));
}

/** The command line's report of a scenario. */
function cliReport(doc) {
  const file = join(mkdtempSync(join(tmpdir(), 'el-')), 'scenario.json');
  writeFileSync(file, JSON.stringify(doc));
  const out = execFileSync('cargo', ['run', '--locked', '--quiet', '--bin', 'escalation-lab', '--', 'run', file, '--format', 'json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  return JSON.parse(out);
}

/** A fraction as the app's cards show an attainment: one decimal, trailing zeros dropped. */
const pct1 = (f) => `${Number((f * 100).toFixed(1))}%`;

test('reply and status targets are edited in the SLA tab and read on the priority cards', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await page.uncheck('#live');
  const dir = mkdtempSync(join(tmpdir(), 'el-'));
  const file = join(dir, 'reply-targets.json');
  writeFileSync(file, JSON.stringify(scenario()));
  await page.setInputFiles('#import-file', file);
  await page.waitForFunction(() => /Billing with reply targets/.test(document.querySelector('#scenario-title')?.textContent ?? ''));

  // The disclosure is open on the policy with such targets only, with the values in their fields.
  await page.click('#tab-sla');
  const details = page.locator('.sla-card details.more-targets');
  assert.equal(await details.count(), 2);
  assert.deepEqual(await details.evaluateAll((ds) => ds.map((d) => d.open)), [false, true]);
  assert.equal(await details.nth(1).locator('summary').textContent(), 'More targets (reply, update, status)');
  const field = (pointer) => page.locator(`input[data-pointer="${pointer}"]`);
  assert.equal(await field('/sla/1/targets/P1/next_reply').inputValue(), '1h');
  assert.equal(await field('/sla/1/targets/P2/next_reply').inputValue(), '2h');
  assert.equal(await field('/sla/1/targets/P2/agent_work').inputValue(), '6h');
  assert.equal(await field('/sla/1/targets/P3/agent_work').inputValue(), '');
  assert.match(await details.nth(1).locator('tr[data-target="agent_work"] th').textContent(), /^Agent work.*time on hold/);

  // An edit reaches the scenario.
  await field('/sla/1/targets/P1/next_reply').fill('2h');
  await field('/sla/1/targets/P1/next_reply').press('Tab');
  assert.equal((await scenarioJson(page)).sla[1].targets.P1.next_reply, '2h');

  // A bad value is shown at its field, and blocks the run.
  await page.click('#tab-sla');
  await field('/sla/1/targets/P1/next_reply').fill('0m');
  await page.waitForSelector('input[data-pointer="/sla/1/targets/P1/next_reply"][aria-invalid="true"]');
  const describedBy = await field('/sla/1/targets/P1/next_reply').getAttribute('aria-describedby');
  assert.equal(await page.textContent(`[id="${describedBy}"]`), 'the duration "0m" must be longer than zero');
  assert.ok(await page.locator('#run').isDisabled(), 'the run button is disabled');
  await field('/sla/1/targets/P1/next_reply').fill('2h');
  await page.waitForSelector('input[data-pointer="/sla/1/targets/P1/next_reply"][aria-invalid="false"]');

  await runToResults(page, 120000);
  const doc = await scenarioJson(page);
  const cli = cliReport(doc);
  const words = (p, key) => {
    const texts = [...new Set(cli.sla_targets.map((t) => t.more_text[p]?.find(([k]) => k === key)?.[1]).filter(Boolean))];
    return texts.join(' or ');
  };
  for (const [p, name, keys] of [[0, 'P1', ['next_reply']], [1, 'P2', ['next_reply', 'agent_work']], [2, 'P3', []], [3, 'P4', []]]) {
    const card = page.locator(`.kpi-card[data-priority="${name}"]`);
    const lines = await card.locator('.kpi-facts > div[data-target]').evaluateAll((ds) =>
      ds.map((d) => [d.dataset.target, d.querySelector('dt').textContent, d.querySelector('dd').textContent]));
    const expected = keys.map((key) => {
      const e = cli.summary.priorities[p].more_breach[key];
      assert.equal(typeof e.mean, 'number', `${name} ${key} was judged on some issue`);
      const value = e.ci95 > 0 ? `${pct1(1 - e.mean)} ± ${pct1(e.ci95)}` : pct1(1 - e.mean);
      const label = key === 'next_reply' ? 'Next reply' : 'Agent work';
      return [key, `${label} within ${words(p, key)}`, value];
    });
    assert.deepEqual(lines, expected, name);
  }
  assert.equal(await page.locator('.kpi-card[data-priority="P1"] dt', { hasText: 'Next reply within 2 business hours on office' }).count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a walked issue says which reply or status target it breached', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await page.uncheck('#live');
  const file = join(mkdtempSync(join(tmpdir(), 'el-')), 'reply-targets.json');
  writeFileSync(file, JSON.stringify(scenario()));
  await page.setInputFiles('#import-file', file);
  await page.waitForFunction(() => /Billing with reply targets/.test(document.querySelector('#scenario-title')?.textContent ?? ''));
  await page.click('#tab-rules');
  // A residential P2 enquiry at 09:00 on Monday: 10 minutes with an agent, handed to the team
  // lead at once (the reply it is owed comes at once), who resolves it in 7 hours. Its agent
  // work is 7 h 10 min of open time, past the 6 h target; the 8 h resolution target is met.
  await page.selectOption('#try-category', 'general_enquiry');
  await page.selectOption('#try-priority', 'P2');
  await page.locator('.try-issue label.field', { hasText: 'account' }).locator('select').selectOption('residential');
  await page.fill('#try-at', '9h');
  await page.fill('#try-level-agent-service', '10m');
  await page.selectOption('#try-level-agent-outcome', 'no');
  await page.fill('#try-level-team-lead-service', '7h');
  await page.selectOption('#try-level-team-lead-outcome', 'yes');
  await page.click('#try-run');
  await page.waitForSelector('#try-steps li');
  assert.equal(await page.textContent('#try-status'), 'resolved after 7.2 h, within the resolution target');
  assert.equal(await page.textContent('#try-also-breached'), 'Past its agent work target.');
  // Resolved by the agent within the hour, it breaches none of them, and says nothing more.
  await page.selectOption('#try-level-agent-outcome', 'yes');
  await page.click('#try-run');
  await page.waitForFunction(() => /resolved after 10 min/.test(document.querySelector('#try-status')?.textContent ?? ''));
  assert.equal(await page.locator('#try-also-breached').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
