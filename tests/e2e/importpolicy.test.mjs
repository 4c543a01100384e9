// A vendor's policy given to the header's Import…: the app previews it (what was read, what
// maps, every warning the command line prints for the file) and replaces the scenario only on
// "Use this scenario", one Undo away; Cancel, Escape and a file it cannot read change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { session, open, runToResults } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// A PagerDuty policy of two rules that loops once, with ten fields the scenario cannot express.
const fixture = join(root, 'tests/fixtures/import/pagerduty/unexpressed.json');

const env = session();

/** The warnings the command line prints for the fixture, as "path: message". */
function cliWarnings() {
  const out = spawnSync('cargo', ['run', '--locked', '--quiet', '--bin', 'escalation-lab', '--', 'import', fixture],
    { cwd: root, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stderr, /a PagerDuty escalation policy imported/);
  return out.stderr.split('\n').filter((l) => l.includes(': warning: ')).map((l) => l.split(': warning: ')[1]);
}

async function scenarioJson(page) {
  await page.click('#tab-json');
  return page.inputValue('#raw-json-text');
}

test('a PagerDuty policy is previewed with every warning, used, and undone', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await runToResults(page);
  const before = await scenarioJson(page);
  const title = await page.textContent('#scenario-title strong');

  await page.setInputFiles('#import-file', fixture);
  const dialog = page.locator('dialog#import-preview');
  await dialog.waitFor();
  // A modal dialog, named by its heading, with the primary choice focused.
  assert.equal(await dialog.evaluate((d) => d.open && d.matches(':modal')), true);
  assert.equal(await page.getByRole('dialog', { name: 'Import “Web platform”' }).count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'import-use');
  assert.equal(await page.textContent('#import-preview-read'), 'Read “unexpressed.json”: a PagerDuty escalation policy.');
  assert.deepEqual(await page.locator('#import-maps li').allTextContents(), [
    '1 priority: high',
    '1 category: Storefront',
    'Level 1, “Rule 1: Ana, Ben”: 2 staff',
    'Level 2, “Rule 2: Platform leads”: 1 staff by shift (1 shift)',
    "Wait timer at “Rule 1: Ana, Ben”: 10m, then escalate to the next level of its category's path",
    'Wait timer at “Rule 2: Platform leads”: 20m, then send it back to “Rule 1: Ana, Ben” to go through the escalation again, at most 1 time',
    'Open longer than 4h in Storefront, then close it as resolved',
  ]);
  const warnings = cliWarnings();
  assert.equal(warnings.length, 10);
  assert.deepEqual(await page.locator('#import-warnings li').allTextContents(), warnings);
  assert.equal(await page.textContent('#import-unmapped-title'), 'What does not map (10)');
  // Nothing has changed while the preview is open.
  assert.equal(await page.textContent('#scenario-title strong'), title);

  await page.click('#import-use');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.textContent('#scenario-title strong'), 'Web platform');
  assert.match(await page.textContent('#undo-bar'),
    new RegExp(`A PagerDuty escalation policy in the file “unexpressed\\.json” replaced your scenario “${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”`));
  // The imported scenario is valid and runs; its levels and the loop are in the matrix.
  await runToResults(page);
  await page.click('#tab-levels');
  assert.deepEqual(await page.locator('input[data-pointer$="/name"][data-pointer^="/levels/"]').evaluateAll((es) => es.map((e) => e.value)),
    ['Rule 1: Ana, Ben', 'Rule 2: Platform leads']);
  await page.click('#tab-matrix');
  const matrix = await page.textContent('#matrix');
  assert.match(matrix, /Rule 1: Ana, Ben/);
  assert.match(matrix, /back to Rule 1: Ana, Ben after 20m \(at most 1×/);

  // The header's Undo says what it undoes, and undoes it (the bar's offer goes with it).
  assert.equal(await page.getAttribute('#undo', 'title'),
    'Undo: open a PagerDuty escalation policy in the file “unexpressed.json”');
  await page.click('#undo');
  await page.waitForSelector('#undo-bar', { state: 'detached' });
  assert.equal(await page.textContent('#scenario-title strong'), title);
  assert.equal(await scenarioJson(page), before, 'Undo brings back the scenario the policy replaced');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Cancel and Escape close the preview and change nothing', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await runToResults(page);
  const before = await scenarioJson(page);
  for (const close of [() => page.click('#import-cancel'), () => page.keyboard.press('Escape')]) {
    await page.setInputFiles('#import-file', fixture);
    await page.waitForSelector('dialog#import-preview');
    await close();
    await page.waitForSelector('dialog#import-preview', { state: 'detached' });
    assert.equal(await page.$('#undo-bar'), null);
    assert.equal(await scenarioJson(page), before);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a foreign or malformed file is refused with where and what, and the scenario stays', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await runToResults(page);
  const before = await scenarioJson(page);
  const dir = mkdtempSync(join(tmpdir(), 'el-'));
  for (const [file, text, why] of [
    ['package.json', '{ "name": "left-pad", "dependencies": {} }',
      [/As a scenario: it has no "version", so it is not a scenario file/, /As a vendor's policy: \(the file\): not a policy this importer knows/]],
    ['broken.json', '{ "escalation_policy": {\n  "name": ', [/line 2, column \d+: not valid JSON/]],
    ['missing.json', '{ "escalation_policy": { "name": "P", "escalation_rules": [ { "targets": [] } ] } }',
      [/Read as a PagerDuty escalation policy: escalation_policy\.escalation_rules\[0\]\.escalation_delay_in_minutes: "escalation_delay_in_minutes" is missing/]],
  ]) {
    writeFileSync(join(dir, file), text);
    await page.setInputFiles('#import-file', join(dir, file));
    await page.waitForFunction((f) => (document.querySelector('.notice.error')?.textContent ?? '').includes(f), file);
    const notice = await page.textContent('.notice.error');
    assert.match(notice, new RegExp(`Could not import ${file.replace('.', '\\.')}; the current scenario is unchanged`));
    for (const w of why) assert.match(notice, w);
    assert.equal(await page.$('dialog#import-preview'), null);
    assert.equal(await scenarioJson(page), before, 'the scenario is unchanged');
  }
  assert.deepEqual(problems, []);
  await context.close();
});
