// End-to-end tests of the release build in headless Chromium: what a user does, checked in the
// DOM the user sees. Run by scripts/test.sh after `trunk build --release`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { session, open, waitForResults, runToResults, pickPreset, showView } from './harness.mjs';

const env = session();

const presets = async (page) =>
  page.$$eval('#preset option', (os) => os.map((o) => o.value).filter((v) => v));

test('first load renders the default preset and its results, with no console errors', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  const rendered = await page.evaluate(() => performance.now());
  await runToResults(page);
  const title = await page.textContent('h1');
  assert.equal(title, 'Escalation Lab');
  assert.ok((await page.$$('.kpi-card')).length >= 2, 'KPI cards are shown');
  assert.match(await page.textContent('#bottleneck-summary'), /\S/);
  console.log(`first render at ${rendered.toFixed(0)} ms after navigation start`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every preset runs and shows results', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  const keys = await presets(page);
  assert.ok(keys.length >= 6, `presets: ${keys}`);
  for (const key of keys) {
    await pickPreset(page, key);
    const cards = await page.$$('.kpi-card');
    // One card per priority: the blank start has one, every other preset several.
    assert.ok(cards.length >= (key === 'blank' ? 1 : 2), `${key}: KPI cards`);
    assert.ok(await page.$('#results svg'), `${key}: charts`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

/** The utilization text shown for a level, as a number. */
// Trainer playback answers from a worker of its own, a moment after each click: wait until every
// request sent has its answer, or until the view shows a given figure.
const answered = (page) => page.waitForSelector('#trainer:not([aria-busy="true"])');
const trainerShows = (page, selector, attr, value) =>
  page.waitForFunction(([s, a, v]) => document.querySelector(s)?.getAttribute(a) === v, [selector, attr, String(value)]);

async function utilization(page, level) {
  const text = await page.textContent(`.util-bar[data-level="${level}"]`);
  const m = text.match(/(\d+(?:\.\d+)?)%/);
  assert.ok(m, `a percentage in "${text}"`);
  return Number(m[1]);
}

test("changing a level's staff changes its utilization", async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1'); // its levels have constant staff
  await page.click('#tab-levels');
  const staff = page.locator('input[data-pointer="/levels/0/staff"]');
  const level = await page.getAttribute('.level-card', 'data-level');
  const before = await utilization(page, level);
  const n = Number(await staff.inputValue());
  await staff.fill(String(n * 2));
  await runToResults(page);
  const after = await utilization(page, level);
  assert.ok(after < before * 0.7, `${level}: utilization ${before}% -> ${after}% after doubling staff`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a name changed to one already taken and back leaves every reference as it was', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  const scenario = async () => {
    await page.click('#tab-json');
    return JSON.parse(await page.inputValue('#raw-json-text'));
  };
  const before = await scenario();
  const rename = async (tab, pointer, name) => {
    await page.click(tab);
    await page.fill(`input[data-pointer="${pointer}"]`, name);
    await page.press(`input[data-pointer="${pointer}"]`, 'Tab');
  };
  const cases = [
    ['#tab-levels', '/levels/0/name', before.levels],
    ['#tab-categories', '/categories/0/name', before.categories],
    ['#tab-workload', '/priorities/0/name', before.priorities],
  ];
  for (const [tab, pointer, items] of cases) {
    await rename(tab, pointer, items[1].name);
    await rename(tab, pointer, items[0].name);
    assert.deepEqual(await scenario(), before, `${pointer}: to "${items[1].name}" and back`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a priority renamed to a taken name and then to a free one takes its references along', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  const field = 'input[data-pointer="/priorities/0/name"]';
  const rename = async (name) => {
    await page.click('#tab-workload');
    await page.fill(field, name);
    await page.press(field, 'Tab');
  };
  await rename('P2');
  // Two priorities called P2: the duplicate is reported, and P1's references wait for a name.
  await page.waitForFunction(() => /unknown priority/.test(document.querySelector('#problems').textContent));
  await rename('Sev1');
  await page.waitForFunction(() => /No problems found/.test(document.querySelector('#problems').textContent), null, { timeout: 5000 })
    .catch(() => {});
  assert.doesNotMatch(await page.textContent('#problems'), /unknown priority/);
  assert.match(await page.textContent('#problems'), /No problems found/);
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  assert.deepEqual(Object.keys(doc.workload.priority_mix), ['Sev1', 'P2', 'P3', 'P4']);
  assert.equal(doc.workload.priority_mix.Sev1, 0.05);
  assert.equal(doc.workload.priority_mix.P2, 0.15);
  assert.deepEqual(Object.keys(doc.sla[0].targets), ['Sev1', 'P2', 'P3', 'P4']);
  assert.equal(doc.triggers[0].when.queue_wait_over.Sev1, '10m');
  assert.equal(doc.triggers[0].when.queue_wait_over.P2, '30m');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid value shows its error at the field, blocks the run, and the edit survives a reload', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-levels');
  const staff = page.locator('input[data-pointer="/levels/0/staff"]');
  await staff.fill('-2');
  const field = page.locator('.field', { has: staff });
  await page.waitForFunction(() => document.querySelector('input[data-pointer="/levels/0/staff"]').getAttribute('aria-invalid') === 'true');
  assert.match(await field.locator('.field-problems').textContent(), /\S/);
  assert.ok(await page.locator('#run').isDisabled(), 'the run button is disabled');
  assert.match(await page.textContent('#run-status'), /Cannot run/);
  const listed = await page.textContent('#problems');
  assert.match(listed, /levels › “L1” › staff/, 'the place is named in words');
  assert.match(listed, /must be a whole number of staff, 0 or more, not -2/, 'the message is in plain words');

  await staff.fill('7');
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector('.app');
  await page.click('#tab-levels');
  assert.equal(await page.locator('input[data-pointer="/levels/0/staff"]').inputValue(), '7');
  assert.deepEqual(problems, []);
  await context.close();
});

test('typing a time into a matrix cell key by key keeps the cell focused', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await page.click('#mx-1-0');
  await page.keyboard.press('Control+A');
  // "3" alone is an error (no unit) for a moment: the cell must survive it.
  await page.keyboard.type('30m', { delay: 30 });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'mx-1-0');
  assert.equal(await page.inputValue('#mx-1-0'), '30m');
  await page.keyboard.press('Backspace');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'mx-1-0');
  await page.keyboard.type('h');
  assert.equal(await page.inputValue('#mx-1-0'), '30h');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong shift time is marked at its field, with the message in its row', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await page.click('#tab-levels');
  const from = 'input[data-pointer="/levels/0/shifts/0/from"]';
  await page.fill(from, '25:00');
  await page.waitForFunction((f) => document.querySelector(f).getAttribute('aria-invalid') === 'true', from);
  const listed = await page.getAttribute(from, 'aria-describedby');
  assert.match(await page.textContent(`#${listed}`), /"25:00" is not a valid time of day/);
  // The message wraps inside the card instead of widening the shift table past it.
  const [message, card] = await Promise.all([`#${listed}`, '.level-card'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().right)));
  assert.ok(message <= card, `message ends at ${message}, card at ${card}`);
  assert.match(await page.textContent('#run-status'), /Cannot run: 1 error/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Try an issue fits a phone screen', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin, { viewport: { width: 390, height: 844 } });
  await pickPreset(page, 'billing-dispute');
  await page.click('#tab-rules');
  const card = await page.$eval('.try-levels', (t) => t.closest('section').getBoundingClientRect().right);
  const widest = await page.$$eval('.try-levels input, .try-levels select', (es) => Math.max(...es.map((e) => e.getBoundingClientRect().right)));
  assert.ok(widest <= card, `inputs end at ${widest}, their card at ${card}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a broken import shows what is wrong and keeps the current scenario', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await runToResults(page);
  await page.click('#tab-json');
  const before = await page.inputValue('#raw-json-text');
  const dir = mkdtempSync(join(tmpdir(), 'el-'));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{ "version": 1, "levels": [ }');
  await page.setInputFiles('#import-file', broken);
  await page.waitForSelector('.notice.error');
  const notice = await page.textContent('.notice.error');
  assert.match(notice, /broken\.json/);
  assert.match(notice, /line 1, column \d+/);
  await page.click('#tab-json');
  assert.equal(await page.inputValue('#raw-json-text'), before, 'the scenario is unchanged');

  // JSON that is not a scenario, and a scenario from a newer version, are refused too.
  for (const [file, text, why] of [
    ['list.json', '[1, 2]', /the document is a list, not a scenario/],
    ['newer.json', JSON.stringify({ ...JSON.parse(before), version: 9 }), /format version 9, written by a newer Escalation Lab/],
  ]) {
    writeFileSync(join(dir, file), text);
    await page.setInputFiles('#import-file', join(dir, file));
    await page.waitForFunction((f) => (document.querySelector('.notice.error')?.textContent ?? '').includes(f), file);
    assert.match(await page.textContent('.notice.error'), why);
    assert.equal(await page.inputValue('#raw-json-text'), before, 'the scenario is unchanged');
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a scenario with errors, exported or shared, opens again with its errors shown, and Undo brings back the one it replaced', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin, { acceptDownloads: true });
  await pickPreset(page, 'b1');
  await page.click('#tab-levels');
  const staff = 'input[data-pointer="/levels/0/staff"]';
  await page.fill(staff, '-1');
  await page.waitForFunction((f) => document.querySelector(f).getAttribute('aria-invalid') === 'true', staff);
  // A backup of the work in progress, as a file and as a link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  const file = join(mkdtempSync(join(tmpdir(), 'el-')), download.suggestedFilename());
  await download.saveAs(file);
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  await page.click('#share');

  const opensWithItsError = async (by) => {
    await page.waitForFunction((b) => (document.querySelector('.notice.warning')?.textContent ?? '').includes(b), by);
    const notice = await page.textContent('.notice.warning');
    assert.match(notice, /opened with 1 error: fix it to run the scenario/);
    assert.match(notice, /levels › “L1” › staff: must be a whole number of staff, 0 or more, not -1/);
    assert.match(await page.textContent('#problems'), /must be a whole number of staff, 0 or more, not -1/);
    assert.ok(await page.locator('#run').isDisabled(), 'it cannot run until fixed');
    await page.click('#tab-levels');
    assert.equal(await page.inputValue(staff), '-1');
    assert.equal(await page.getAttribute(staff, 'aria-invalid'), 'true', 'the error is shown at its field');
    assert.match(await page.textContent('#undo-bar'), /replaced your scenario “Utility call centre/);
    await page.click('#undo-replace');
    await page.waitForSelector('#undo-bar', { state: 'detached' });
    assert.equal(await page.$('.notice.warning'), null, 'no word left of the errors of a scenario undone');
    assert.equal(await page.getAttribute('#scenario-title', 'data-preset'), 'billing-dispute',
      'Undo brings back the scenario it replaced');
  };
  await pickPreset(page, 'billing-dispute');
  await page.click('#keep-replace');
  await page.setInputFiles('#import-file', file);
  await opensWithItsError(download.suggestedFilename());
  await page.evaluate((l) => { location.href = l; }, link);
  await opensWithItsError('The shared link');
  assert.deepEqual(problems, []);
  await context.close();

  // Loaded with a fresh page, the link opens the same way.
  const fresh = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page2 = await fresh.newPage();
  await page2.goto(link);
  await page2.waitForSelector('.notice.warning');
  assert.match(await page2.textContent('.notice.warning'), /The shared link opened with 1 error/);
  await page2.click('#tab-levels');
  assert.equal(await page2.inputValue(staff), '-1');
  await fresh.close();
});

/** B1 with runs so long that nothing started on it can finish before a cancel. */
async function openLongB1() {
  const opened = await open(env.browser, env.server.origin);
  const { page } = opened;
  await pickPreset(page, 'b1');
  await page.click('#tab-run');
  await page.fill('input[data-pointer="/run/horizon"]', '20000h');
  await page.waitForFunction(() => /Ready to run|earlier version/.test(document.querySelector('#run-status').textContent));
  return opened;
}

/** Once the worker reports progress, the page still answers at once, and Cancel stops the work. */
async function answersThenCancels(page) {
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'running');
  await page.waitForFunction(() => Number(document.querySelector('#run-progress').value) > 0);
  // The UI thread is free while the worker runs: switching tabs answers at once.
  const t0 = Date.now();
  await page.click('#tab-levels');
  await page.waitForSelector('.level-card');
  assert.ok(Date.now() - t0 < 2000, 'the UI answers while the worker runs');
  await page.click('#cancel');
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'idle', null, { timeout: 5000 });
}

test('a long run can be cancelled and the page stays responsive', async () => {
  const { context, page, problems } = await openLongB1();
  await page.click('#run');
  await answersThenCancels(page);
  // From the keyboard: Run hands the focus to Cancel, and Cancel back to Run when the run ends.
  await page.focus('#run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'cancel');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'idle');
  await page.waitForFunction(() => document.activeElement?.id === 'run');
  assert.doesNotMatch(await page.textContent('#run-status'), /Up to date/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('full or disabled storage is reported, not ignored', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
    };
  });
  const page = await context.newPage();
  await page.goto(env.server.origin);
  await page.waitForSelector('.app');
  await page.click('#tab-run');
  await page.fill('input[data-pointer="/name"]', 'kept only in memory');
  await page.waitForSelector('.notice.warning');
  assert.match(await page.textContent('.notice.warning'), /storage is full/);
  await context.close();

  const disabled = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await disabled.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page2 = await disabled.newPage();
  await page2.goto(env.server.origin);
  await page2.waitForSelector('.notice.warning');
  assert.match(await page2.textContent('.notice.warning'), /storage is not available/);
  assert.ok(await page2.$('#matrix'), 'the app still works');
  await disabled.close();
});

test('the editor tabs are one Tab stop and the arrow keys move between them', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await page.focus('#tab-matrix');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#tab-levels[aria-selected="true"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-levels');
  assert.ok(await page.$('.levels-tab'), 'the Levels editor is shown');
  await page.keyboard.press('End');
  await page.waitForSelector('#tab-json[aria-selected="true"]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#tab-matrix[aria-selected="true"]');
  const stops = await page.$$eval('.editors [role="tab"]', (ts) => ts.filter((t) => t.tabIndex === 0).map((t) => t.id));
  assert.deepEqual(stops, ['tab-matrix']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the rule editor underlines a mistake, lists it with its place and hint, and counts firings after a run', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-rules');
  const area = page.locator('#rules-text');
  await area.fill('rule "tell L4"\n  when priority is "P1" and waitng > 5m\n  then notify "L4"');
  await page.waitForSelector('.rule-problems .problem.error');
  const listed = await page.textContent('#rules-problems');
  assert.match(listed, /line 2, column 29/);
  assert.match(listed, /unknown word "waitng"/);
  assert.match(listed, /did you mean "waiting"\?/);
  assert.equal(await page.locator('.rule-highlight .rule-error').first().textContent(), 'waitng');
  assert.ok(await page.locator('#run').isDisabled(), 'a broken rule blocks the run');

  await area.fill('rule "tell L4"\n  when priority is "P1" and waiting > 5m\n  then notify "L4"\nrule "never"\n  when priority is "P4" and waiting > 4w\n  then escalate');
  // No error left ("never" is warned: it waits past every SLA target of P4).
  await page.waitForFunction(() => document.querySelector('#rules-problems') && !document.querySelector('#rules-problems .problem.error'));
  await runToResults(page);
  await page.waitForSelector('#rule-counts li');
  const counts = await page.$$eval('#rule-counts li', (ls) => ls.map((l) => [l.dataset.rule, l.classList.contains('dead'), l.textContent]));
  assert.equal(counts.length, 2, JSON.stringify(counts));
  assert.deepEqual(counts.map((c) => c[0]), ['tell L4', 'never']);
  assert.equal(counts[0][1], false, `the first rule fires: ${counts[0][2]}`);
  assert.equal(counts[1][1], true, 'the rule that never fires is flagged');
  const fired = await page.$$eval('#fired-counts .fired-row', (rs) => rs.map((r) => [r.dataset.trigger, r.classList.contains('dead')]));
  assert.deepEqual(fired, [['queue wait timer', false], ['tell L4', false], ['never', true]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('trying one issue shows its journey with the rule that acted and the SLA used', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-rules');
  await page.locator('#rules-text').fill('rule "P2 open 30 minutes: tell L4"\n  when priority is "P2" and age > 30m\n  then notify "L4"');
  await page.waitForSelector('#rules-problems.problems-none');
  await page.selectOption('#try-priority', 'P2');
  await page.locator('#try-level-L1-service').fill('45m');
  await page.selectOption('#try-level-L1-outcome', 'yes');
  await page.click('#try-run');
  await page.waitForSelector('#try-steps li');
  assert.match(await page.textContent('#try-status'), /resolved after 45 min, within the resolution target/);
  const rule = page.locator('#try-steps li[data-trigger="P2 open 30 minutes: tell L4"]');
  assert.match(await rule.textContent(), /\+30 min/);
  assert.match(await rule.textContent(), /rule: when priority is "P2" and age > 30m/);
  assert.match(await rule.textContent(), /SLA used: resolution 12%/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('trying an issue with chosen tags shows the rule that routes on a tag', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'hr-harassment');
  await page.click('#tab-rules');
  await page.waitForSelector('#rules-problems.problems-none');
  await page.selectOption('#try-category', 'grievance');
  await page.selectOption('#try-priority', 'P2');
  const tag = page.locator('#try-tags input[data-tag="tribunal_threat"]');
  assert.equal(await tag.isDisabled(), true, 'tags are drawn until chosen');
  await page.uncheck('#try-tags-drawn');
  await tag.check();
  await page.click('#try-run');
  await page.waitForSelector('#try-steps li');
  const routed = page.locator('#try-steps li[data-trigger="tribunal threat goes to HR/legal"]');
  assert.match(await routed.first().textContent(), /hr_legal/);
  // Without the tag the case starts with an HR advisor and the rule does not act.
  await tag.uncheck();
  await page.click('#try-run');
  await page.waitForFunction(() => !document.querySelector('#try-steps li[data-trigger="tribunal threat goes to HR/legal"]'));
  assert.match(await page.textContent('#try-steps li:first-child'), /hr_advisor/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** What the results show: the KPI cards and the utilization bars, as text. */
async function figures(page) {
  const kpis = await page.$$eval('.kpi-card', (cs) => cs.map((c) => c.textContent));
  const bars = await page.$$eval('.util-bar', (bs) => bs.map((b) => b.textContent));
  return { kpis, bars };
}

test('a shared link opens the same scenario with the same figures in a fresh browser', async () => {
  const a = await open(env.browser, env.server.origin);
  await pickPreset(a.page, 'b1-stress');
  await a.page.click('#tab-levels');
  await a.page.locator('input[data-pointer="/levels/1/staff"]').fill('12');
  await runToResults(a.page);
  const shown = await figures(a.page);
  await a.page.click('#share');
  const link = await a.page.inputValue('#share-link');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=2\./);
  assert.ok(link.length < 2000, `a link of ${link.length} characters`);
  assert.deepEqual(a.problems, []);
  await a.context.close();

  // Another profile: no autosave, nothing shared but the link.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  await page.goto(link);
  await page.waitForSelector('.app');
  await runToResults(page);
  await page.click('#tab-levels');
  assert.equal(await page.inputValue('input[data-pointer="/levels/1/staff"]'), '12');
  assert.deepEqual(await figures(page), shown);
  assert.equal(await page.evaluate(() => location.hash), '', 'the link is taken out of the address once opened');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a preset or a link that replaces edited work can be undone, and a link pasted into the open app opens', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  await pickPreset(page, 'billing-dispute');
  await page.click('#tab-run');
  const name = 'input[data-pointer="/name"]';
  await page.fill(name, 'My own scenario');
  // A preset replaces it; Undo brings it back.
  await page.selectOption('#preset', 'b1');
  await page.waitForSelector('#undo-bar');
  assert.match(await page.textContent('#undo-bar'), /replaced your scenario “My own scenario”/);
  await page.click('#undo-replace');
  await page.waitForSelector('#undo-bar', { state: 'detached' });
  assert.equal(await page.inputValue(name), 'My own scenario');
  // A link pasted into the address bar of the open app opens, and can be undone too.
  await page.evaluate((l) => { location.href = l; }, link);
  await page.waitForSelector('#undo-bar');
  assert.match(await page.textContent('#undo-bar'), /The shared link replaced your scenario “My own scenario”/);
  assert.notEqual(await page.inputValue(name), 'My own scenario');
  assert.equal(await page.evaluate(() => location.hash), '');
  await page.click('#undo-replace');
  assert.equal(await page.inputValue(name), 'My own scenario');
  // Keeping the new one lets the old go.
  await page.selectOption('#preset', 'b1');
  await page.click('#keep-replace');
  await page.waitForSelector('#undo-bar', { state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a damaged link shows what is wrong and keeps the current scenario', async () => {
  const { context, page } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  const good = await page.evaluate(() => localStorage.length);
  assert.ok(good > 0, 'the scenario is autosaved');
  for (const [fragment, why] of [
    ['#s=2.eJzLSM3JyVcozy_KSQEAGgQEXQ', /damaged|cut short/],
    ['#s=2.abc<script>', /character 4/],
    ['#s=7.AAAA', /newer version/],
  ]) {
    await page.goto('about:blank');
    await page.goto(env.server.origin + fragment);
    await page.waitForSelector('.notice.error');
    const text = await page.textContent('.notice.error');
    assert.match(text, /Could not open the link; the current scenario is unchanged/);
    assert.match(text, why);
    assert.equal(await page.getAttribute('#scenario-title', 'data-preset'), 'b1', 'the autosaved scenario is still there');
  }
  await context.close();
});

test('comparing a policy with itself shows no difference, and more staff at the bottleneck shows one', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  await showView(page, 'compare');
  await page.click('#keep-baseline');
  await page.click('#compare-run');
  await page.waitForSelector('#compare-table tbody tr');
  assert.match(await page.textContent('#compare-summary'), /No significant difference between A and B in any figure/);
  const verdicts = await page.$$eval('#compare-table tbody tr', (rs) => rs.map((r) => r.dataset.verdict));
  assert.ok(verdicts.length > 20 && verdicts.every((v) => v === 'same'), JSON.stringify(verdicts));
  // B: two more agents at L1, the bottleneck.
  await page.click('#tab-levels');
  const staff = page.locator('input[data-pointer="/levels/0/staff"]');
  await staff.fill(String(Number(await staff.inputValue()) + 2));
  await page.waitForFunction(() => !document.querySelector('#compare-run')?.disabled);
  await page.click('#compare-run');
  await page.waitForFunction(() => /significantly better in [1-9]/.test(document.querySelector('#compare-summary')?.textContent ?? ''));
  const wait = page.locator('#compare-table tr[data-kpi="mean queue wait"][data-of="L1"]');
  assert.equal(await wait.getAttribute('data-verdict'), 'better');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the rules tab lists what only the whole scenario can tell, one replication cannot tell, and panels without a drawing offer no SVG', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await page.click('#tab-rules');
  await page.fill('#rules-text', 'rule "P1 to finance fast" when priority is "P1" and age > 10m then escalate to "finance_manager"');
  await page.waitForFunction(() => /not on the path/.test(document.querySelector('#rules-problems').textContent));
  assert.doesNotMatch(await page.textContent('#rules-problems'), /The rules are valid/);
  await page.fill('#rules-text', '');
  assert.equal(await page.$('#kpi-cards button[data-export]'), null);
  assert.equal(await page.$('#fired-counts button[data-export]'), null);
  // Compare with one replication: no interval, so no verdict either way.
  await page.fill('#f-run-replications', '1');
  await showView(page, 'compare');
  await page.click('#keep-baseline');
  // Baseline A is kept with the autosave, across a reload.
  await page.reload();
  await showView(page, 'compare');
  await page.waitForSelector('#compare-run');
  await page.click('#tab-levels');
  await page.fill('input[data-pointer="/levels/0/shifts/0/staff"]', '9');
  await page.click('#compare-run');
  await page.waitForSelector('#compare-summary');
  assert.match(await page.textContent('#compare-summary'), /With one replication there is no confidence interval/);
  // The share box closes with Escape, back to its button.
  await page.click('#share');
  await page.press('#share-link', 'Escape');
  await page.waitForSelector('#share-link', { state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'share');
  assert.deepEqual(problems, []);
  await context.close();
});

test('results download as CSV, charts as SVG and PNG, and print as a review report', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin, { acceptDownloads: true });
  await pickPreset(page, 'b1-stress');
  const download = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const chunks = [];
    for await (const c of await d.createReadStream()) chunks.push(c);
    return { name: d.suggestedFilename(), body: Buffer.concat(chunks) };
  };
  const csv = await download('button[data-csv="levels"]');
  assert.match(csv.name, /-levels\.csv$/);
  const lines = csv.body.toString('utf8').trim().split('\r\n');
  assert.match(lines[0], /^level,utilization,utilization ±/);
  assert.equal(lines.length, 1 + 4, 'a row per level');
  const svg = await download('#utilization-chart button[data-export="svg"]');
  assert.equal(svg.name, 'utilization-chart.svg');
  const text = svg.body.toString('utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, /style="[^"]*fill:/, 'styles are inlined');
  const png = await download('#utilization-chart button[data-export="png"]');
  assert.equal(png.name, 'utilization-chart.png');
  assert.deepEqual([...png.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
  // Printing shows the review and the charts, not the editors.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.edit-column'), false);
  assert.equal(await page.isVisible('#review'), true);
  assert.match(await page.textContent('#review .recommendations'), /Add staff at L1: it is \d+% busy/);
  assert.match(await page.textContent('.results'), /Post-escalation review: B1-STRESS/);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an embed in an iframe runs its scenario with the chosen charts, moves with its slider, and keeps off storage', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#share');
  // The writer picks charts, read-only and a slider; the app writes the <iframe>.
  await page.click('.embed-snippet summary');
  await page.uncheck('.embed-snippet input[data-chart="kpi"]');
  await page.check('#embed-readonly');
  await page.check('#embed-sliders-as-text');
  await page.fill('#embed-sliders', 'staff:L1:0..6');
  const snippet = await page.inputValue('#embed-code');
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&charts=summary,utilization&readonly=1&slider=staff:L1:0\.\.6:1#s=2\./);
  await page.fill('#embed-sliders', 'staff:L1');
  assert.match(await page.textContent('#embed-sliders-problem'), /is not a slider/);
  // While the sliders do not read, the last code that did stays, marked as leaving them out.
  assert.equal(await page.inputValue('#embed-code'), snippet);
  assert.match(await page.getAttribute('#embed-code', 'class'), /stale/);
  assert.match(await page.textContent('#embed-code-stale'), /last code that worked/);
  // A slider the scenario cannot take is refused while writing, not by the reader's first move.
  await page.fill('#embed-sliders', 'staff:NOPE:0..6');
  assert.match(await page.textContent('.embed-snippet .problem'), /slider 1 \(staff added at NOPE\): there is no level "NOPE"/);
  await page.fill('#embed-sliders', 'rate:130..180:10');
  assert.match(await page.textContent('.embed-snippet .problem'), /leaves out the scenario's own value, 120/);
  await page.fill('#embed-sliders', 'staff:L1:0..6');
  const saved = await page.evaluate(() => JSON.stringify(localStorage));
  await page.setContent(`<h1>How escalation works</h1>${snippet.replace('<iframe ', '<iframe id="demo" ')}`);
  const frame = page.frameLocator('#demo');
  await frame.locator('.util-bar[data-level="L1"]').waitFor({ timeout: 60000 });
  assert.equal(await frame.locator('.kpi-card').count(), 0, 'only the charts asked for');
  assert.equal(await frame.locator('#bottleneck-summary').count(), 1);
  assert.equal(await frame.locator('text=Open in Escalation Lab').count(), 0, 'read-only');
  const l1 = async () => Number((await frame.locator('.util-bar[data-level="L1"]').textContent()).match(/(\d+(?:\.\d+)?)%/)[1]);
  const before = await l1();
  await frame.locator('#embed-slider-0').fill('4');
  // B1 is too big to re-run on every move: the embed says so, and Run updates it.
  await frame.locator('#run-status', { hasText: 'press Run' }).waitFor();
  await frame.locator('#run').click();
  let after = before;
  for (let i = 0; i < 300 && after === before; i += 1) {
    await page.waitForTimeout(100);
    after = await l1();
  }
  assert.ok(after < before * 0.85, `L1 utilization ${before}% -> ${after}% with 4 more staff`);
  const embedFrame = page.frames().find((f) => f.url().includes('embed=1'));
  assert.equal(await embedFrame.evaluate(() => JSON.stringify(localStorage)), saved, 'the embed leaves the storage alone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the embed writer picks sliders from the scenario\'s own names, with ranges that hold its values', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#share');
  await page.click('.embed-snippet summary');
  await page.click('#embed-slider-add');
  assert.match(await page.inputValue('#embed-code'), /&slider=staff:L1:-2\.\.4:1#s=2\./);
  // A wait timer of a trigger whose name has spaces: its range holds the scenario's 30 minutes.
  await page.selectOption('#embed-slider-0-knob', { label: 'P2 timer of “queue wait timer” (minutes)' });
  assert.deepEqual(
    await Promise.all(['from', 'to', 'step'].map((f) => page.inputValue(`#embed-slider-0-${f}`))), ['5', '55', '5']);
  assert.match(await page.inputValue('#embed-code'), /&slider=timer:queue%20wait%20timer:P2:5\.\.55:5#s=2\./);
  assert.equal(await page.$('#embed-sliders-problem'), null);
  // A range that leaves out the scenario's value is refused at the slider; the code stays.
  const good = await page.inputValue('#embed-code');
  await page.fill('#embed-slider-0-from', '40');
  assert.match(await page.textContent('#embed-sliders-problem'), /leaves out the scenario's own value, 30/);
  assert.equal(await page.inputValue('#embed-code'), good);
  await page.fill('#embed-slider-0-from', '5');
  await page.waitForSelector('#embed-code-stale', { state: 'detached' });
  // The text form, for experts: the sliders as text, names with spaces as typed.
  await page.check('#embed-sliders-as-text');
  assert.equal(await page.inputValue('#embed-sliders'), 'timer:queue wait timer:P2:5..55:5');
  await page.fill('#embed-sliders', 'timer:queue wait timer:P2:10..60:10\nrate:60..180:20');
  assert.match(await page.inputValue('#embed-code'), /&slider=timer:queue%20wait%20timer:P2:10\.\.60:10&slider=rate:60\.\.180:20#/);
  await page.uncheck('#embed-sliders-as-text');
  assert.equal(await page.inputValue('#embed-slider-1-to'), '180');
  // The empty text form's example fits the scenario, for every preset.
  for (const key of ['billing-dispute', 'b1']) {
    await page.selectOption('#preset', key);
    await page.check('#embed-sliders-as-text');
    await page.fill('#embed-sliders', '');
    const example = await page.getAttribute('#embed-sliders', 'placeholder');
    assert.match(example, /^staff:\S/);
    await page.fill('#embed-sliders', example);
    assert.equal(await page.$('#embed-sliders-problem'), null, `${key}: ${example}`);
    await page.uncheck('#embed-sliders-as-text');
  }
  // The embed's reader gets the timer's slider, at the scenario's value.
  await page.check('#embed-sliders-as-text');
  await page.fill('#embed-sliders', 'timer:queue wait timer:P2:5..55:5');
  const code = await page.inputValue('#embed-code');
  await page.setContent(code.replace('<iframe ', '<iframe id="demo" '));
  const frame = page.frameLocator('#demo');
  await frame.locator('#embed-slider-0').waitFor();
  assert.equal(await frame.locator('label[for="embed-slider-0"]').textContent(), 'P2 timer of “queue wait timer” (minutes)');
  assert.equal(await frame.locator('#embed-slider-0').inputValue(), '30');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a 700 px embed the utilization chart keeps its labels off the bars and its overload note inside the drawing', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-levels');
  // Too few staff at L1 overloads the chain; a long name fills the label column.
  await page.fill('input[data-pointer="/levels/0/staff"]', '5');
  await page.fill('input[data-pointer="/levels/3/name"]', 'escalation_manager');
  await page.press('input[data-pointer="/levels/3/name"]', 'Tab');
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  await context.close();
  const embed = await env.browser.newContext({ viewport: { width: 700, height: 900 } });
  const view = await embed.newPage();
  await view.goto(`${env.server.origin}?embed=1&charts=utilization${link.slice(link.indexOf('#'))}`);
  await view.waitForSelector('.util-bar .overload-label', { timeout: 60000 });
  const layout = await view.$$eval('#utilization-chart .util-bar', (rows) => {
    const width = document.querySelector('#utilization-chart svg').viewBox.baseVal.width;
    return rows.map((row) => {
      const box = (e) => { const b = e.getBBox(); return { x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height, text: e.textContent }; };
      const texts = [...row.querySelectorAll(':scope > text')].map(box).filter((b) => b.x1 > b.x0);
      return { level: row.dataset.level, width, label: box(row.querySelector('.row-label')), track: box(row.querySelector('.track')), texts };
    });
  });
  assert.ok(layout.some((r) => r.texts.some((t) => /overloaded/.test(t.text))), JSON.stringify(layout));
  for (const { level, width, label, track, texts } of layout) {
    assert.ok(label.x1 < track.x0, `${level}: its label ends at ${label.x1}, its bar starts at ${track.x0}`);
    for (const t of texts) {
      assert.ok(t.x0 >= 0 && t.x1 <= width, `${level}: "${t.text}" spans ${t.x0}..${t.x1} of ${width}`);
    }
    for (const [i, a] of texts.entries()) {
      for (const b of texts.slice(i + 1)) {
        const apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
        assert.ok(apart, `${level}: "${a.text}" runs into "${b.text}"`);
      }
    }
  }
  assert.deepEqual(problems, []);
  await embed.close();
});

test('a staff sweep plots utilization falling as staff are added, and the staffing helper answers', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  await showView(page, 'what-if');
  await page.selectOption('#sweep-knob', { label: 'Staff added at L1' });
  await page.fill('#sweep-step', '0');
  await page.click('#sweep-run');
  assert.match(await page.textContent('#what-if .problem'), /from ≤ to, and a step above 0/);
  await page.fill('#sweep-from', '0');
  await page.fill('#sweep-to', '3');
  await page.fill('#sweep-step', '1');
  await page.click('#sweep-run');
  await page.waitForSelector('#sweep-chart .sweep-series');
  // Resolution attainment first, with each priority's goal drawn; then utilization per level.
  assert.equal(await page.$$eval('#sweep-chart .sweep-goal', (ls) => ls.length), 4);
  await page.selectOption('#sweep-metric', 'utilization');
  const utilization = await page.$$eval('#sweep-chart .sweep-series[data-series="L1"] circle title',
    (ts) => ts.map((t) => Number(t.textContent.match(/: ([\d.]+)%$/)[1])));
  assert.equal(utilization.length, 4);
  for (let i = 1; i < utilization.length; i += 1) {
    assert.ok(utilization[i] < utilization[i - 1], `L1 utilization falls with staff: ${utilization}`);
  }
  // The table has a row per value saying whether every goal is met there, and a CSV of it.
  assert.equal(await page.$$eval('#sweep-table tbody tr', (rs) => rs.length), 4);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#sweep-csv')]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.match(csv.split('\r\n')[0], /^staff added at L1,P1 first response attainment,/);
  assert.equal(csv.trim().split('\r\n').length, 5);
  await page.selectOption('#staff-priority', 'P1');
  await page.fill('#staff-share', '95');
  await page.click('#staff-run');
  await page.waitForSelector('#staffing table');
  assert.match(await page.textContent('#staffing'), /Every goal is met and no level is overloaded/);
  assert.equal(await page.$$eval('#staffing .staffing-goals tr[data-standing="missed"]', (rs) => rs.length), 0);
  // After a reload the controls show what the page holds: the first knob and its own range, and
  // no chart of another knob beside them.
  await page.reload();
  await page.waitForSelector('.app');
  await showView(page, 'what-if');
  await page.waitForSelector('#sweep-knob');
  assert.equal(await page.$eval('#sweep-knob', (s) => s.selectedIndex), 0);
  assert.equal(await page.inputValue('#sweep-from'), '-2');
  assert.equal(await page.$('#sweep-chart'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Sets each level's constant staff in the levels tab. */
async function setStaff(page, counts) {
  await page.click('#tab-levels');
  for (const [i, n] of counts.entries()) {
    await page.fill(`input[data-pointer="/levels/${i}/staff"]`, String(n));
  }
}

test('an overloaded level is unstable, never on target; the staffing helper meets every goal and Apply sets its staff', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  assert.equal(await page.getAttribute('#goal-verdict', 'data-verdict'), 'good');
  // The staff once proposed for one goal: L4 swamped by timer arrivals.
  await setStaff(page, [3, 3, 1, 1]);
  await runToResults(page);
  assert.equal(await page.getAttribute('#goal-verdict', 'data-verdict'), 'unstable');
  assert.match(await page.textContent('#goal-verdict'), /^Unstable: L4's queue grows without bound/);
  const statuses = await page.$$eval('.kpi-card', (cs) => cs.map((c) => c.dataset.status));
  assert.deepEqual([...new Set(statuses)], ['unstable']);
  // The queueing cross-check gives no estimate for L4 and says why, instead of a tick.
  assert.equal(await page.$('#utilization-chart .util-bar[data-level="L4"] .estimate-tick'), null);
  assert.match(await page.textContent('#utilization-chart .estimate-notes'), /No queueing estimate for L4: it is overloaded.*grows without bound/);
  await showView(page, 'what-if');
  await page.click('#staff-run');
  await page.waitForSelector('#staffing table', { timeout: 120000 });
  assert.equal(await page.getAttribute('#staffing', 'data-met'), 'true');
  const found = await page.$$eval('#staffing .staffing-table tbody tr', (rs) => rs.map((r) => Number(r.dataset.after)));
  await page.click('#staffing-apply');
  await page.click('#tab-levels');
  for (const [i, n] of found.entries()) {
    assert.equal(await page.inputValue(`input[data-pointer="/levels/${i}/staff"]`), String(n));
  }
  await runToResults(page);
  assert.equal(await page.getAttribute('#goal-verdict', 'data-verdict'), 'good');
  assert.match(await page.textContent('#goal-verdict'), /^Every goal met/);
  // Apply is one edit: Undo takes every level's staff back at once.
  await page.click('#undo');
  for (const [i, n] of [3, 3, 1, 1].entries()) {
    assert.equal(await page.inputValue(`input[data-pointer="/levels/${i}/staff"]`), String(n));
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a long staffing search shows its progress and can be cancelled', async () => {
  const { context, page, problems } = await openLongB1();
  await showView(page, 'what-if');
  await page.selectOption('#staff-priority', 'P2');
  await page.fill('#staff-share', '99.9');
  await page.click('#staff-run');
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'running');
  assert.equal((await page.textContent('#staff-run')).trim(), 'Searching…');
  await answersThenCancels(page);
  assert.equal((await page.textContent('#staff-run')).trim(), 'Find staff');
  assert.equal(await page.$('#staffing table'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('trainer playback steps through time, takes a staff change, and returns to a checkpoint', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  await showView(page, 'trainer');
  await page.click('#trainer-start');
  await page.waitForSelector('#trainer-view');
  const minute = async () => Number(await page.getAttribute('#trainer-view', 'data-minute'));
  const L1 = '.trainer-level[data-level="L1"]';
  const l1 = async (attr) => Number(await page.getAttribute(L1, `data-${attr}`));
  assert.equal(await minute(), 0);
  assert.equal(await page.textContent('#trainer-clock'), 'day 1 00:00');
  assert.equal(await l1('busy'), 0);
  await page.selectOption('#trainer-speed', { label: '2 h' });
  await page.click('#trainer-step');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 120);
  // The step's moves are drawn: the clock, staff at work, the queue's figure, the moves.
  assert.equal(await page.textContent('#trainer-clock'), 'day 1 02:00');
  assert.ok(await l1('busy') > 0, 'staff are at work two hours in');
  assert.equal(await page.locator(`${L1} .trainer-staff i.busy`).count(), await l1('busy'));
  assert.equal(await page.textContent(`${L1} .trainer-queue .count`), `${await l1('waiting')} waiting`);
  // The matrix, live: a row per priority, a column per level; each column's cells add up to the
  // issues waiting at that level, and every cell that holds issues says how close they are.
  const matrix = await page.evaluate(() => {
    const table = document.querySelector('#live-matrix');
    const levels = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => ({
      priority: tr.querySelector('th').textContent,
      cells: [...tr.querySelectorAll('td')].map((td) => ({ n: Number(td.dataset.waiting), band: td.className, title: td.title })),
    }));
    const waiting = [...document.querySelectorAll('.trainer-level')].map((l) => Number(l.dataset.waiting));
    return { levels, rows, waiting };
  });
  assert.deepEqual(matrix.levels, ['L1', 'L2', 'L3', 'L4']);
  assert.deepEqual(matrix.rows.map((r) => r.priority), ['P1', 'P2', 'P3', 'P4']);
  matrix.levels.forEach((_, l) => {
    assert.equal(matrix.rows.reduce((sum, r) => sum + r.cells[l].n, 0), matrix.waiting[l], `column ${l}`);
  });
  const held = matrix.rows.flatMap((r) => r.cells).filter((c) => c.n > 0);
  assert.ok(held.length > 0, 'b1-stress has issues waiting after 2 hours');
  for (const c of held) {
    assert.ok(['calm', 'watch', 'close', 'late', 'no-target'].includes(c.band), c.band);
    assert.match(c.title, /^P\d at L\d: \d+ waiting/);
  }
  assert.ok(await l1('resolved') > 0 && await l1('moved') > 0, 'the step resolved issues at L1 and moved some on');
  await page.click('#trainer-checkpoint');
  const staffBefore = await l1('staff');
  await page.click('#trainer-leave');
  await page.click('#trainer-leave');
  await trainerShows(page, L1, 'data-staff', staffBefore - 2);
  await page.click('#trainer-step');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 240);
  // Back to the checkpoint: two hours in, with everyone there.
  await page.click('#trainer-checkpoints button[data-checkpoint="0"]');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 120);
  assert.equal(await l1('staff'), staffBefore);
  // An outage from the checkpoint brings more issues in the next two hours than none did.
  const arrived = async () => Number(await page.getAttribute('#trainer-view', 'data-arrived'));
  await page.click('#trainer-step');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 240);
  const calm = await arrived();
  await page.click('#trainer-checkpoints button[data-checkpoint="0"]');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 120);
  await page.click('#trainer-outage');
  await page.click('#trainer-step');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 240);
  assert.ok(await arrived() > calm * 1.5, `outage: ${await arrived()} issues vs ${calm} without`);
  // Playing moves the clock on by itself; a run of the scenario meanwhile stops neither the
  // playback nor itself; pausing stops the clock (a tick asked for before still arrives).
  await page.click('#trainer-play');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) >= 600);
  const movesOn = (m) => page.waitForFunction((m) => Number(document.querySelector('#trainer-view').dataset.minute) > m, m);
  await page.click('#run');
  await movesOn(await minute());
  await waitForResults(page);
  await movesOn(await minute());
  assert.equal((await page.textContent('#trainer-play')).trim(), 'Pause');
  await page.click('#trainer-play');
  await answered(page);
  const paused = await minute();
  await page.waitForTimeout(500);
  assert.equal(await minute(), paused);
  assert.deepEqual(problems, []);
  await context.close();
});

test('unfinished JSON survives a look at another tab, and a refused what-if shows only its own reason', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  await page.click('#tab-json');
  const broken = (await page.inputValue('#raw-json-text')).replace('"version": 1,', '"version": 1,,');
  await page.fill('#raw-json-text', broken);
  await page.waitForSelector('#raw-json-error');
  await page.click('#tab-levels');
  await page.click('#tab-json');
  assert.equal(await page.inputValue('#raw-json-text'), broken);
  assert.match(await page.textContent('#raw-json-error'), /Not valid JSON yet.*line 2, column/);
  await page.fill('#raw-json-text', broken.replace(',,', ','));
  await page.waitForSelector('#raw-json-error', { state: 'detached' });

  await showView(page, 'what-if');
  await page.selectOption('#sweep-knob', { label: 'Staff added at L1' });
  await page.fill('#sweep-step', '0.5');
  await page.click('#sweep-run');
  await page.waitForSelector('#what-if-result .problem');
  assert.match(await page.textContent('#what-if-result'), /staff come in whole people, not -?\d+\.5/);
  await page.fill('#sweep-step', '1');
  await page.fill('#sweep-from', '5');
  await page.fill('#sweep-to', '0');
  await page.click('#sweep-run');
  assert.match(await page.textContent('#what-if .problem'), /from ≤ to, and a step above 0/);
  assert.equal(await page.$('#what-if-result'), null, 'the earlier refusal is not shown beside the new one');
  await page.fill('#sweep-to', '1e12');
  await page.fill('#sweep-step', '1e-6');
  await page.click('#sweep-run');
  assert.match(await page.textContent('#what-if .problem'), /values: at most 25 in the app/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('trainer playback ends when the scenario changes, and stops at the end of its run', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await showView(page, 'trainer');
  await page.click('#trainer-start');
  await page.waitForSelector('#trainer-view');
  assert.match(await page.textContent('#trainer'), /Seed 7;/);
  await pickPreset(page, 'hr-harassment');
  await page.waitForSelector('#trainer-view', { state: 'detached' });
  assert.equal((await page.textContent('#trainer-start')).trim(), 'Start playback');
  await page.click('#trainer-start');
  await page.waitForSelector('#trainer-view');
  const levels = await page.$$eval('.trainer-level', (ls) => ls.map((l) => l.dataset.level));
  const scenario = await page.getAttribute('#scenario-title', 'data-preset');
  assert.equal(scenario, 'hr-harassment');
  assert.ok(!levels.includes('finance_manager'), `the new scenario's levels: ${levels}`);
  // To the end of the run: Step and Play turn off, and the clock stays where the run ended.
  await page.selectOption('#trainer-speed', { label: '1 day' });
  while (!(await page.isDisabled('#trainer-step'))) {
    await page.click('#trainer-step');
    await answered(page);
  }
  assert.match(await page.textContent('#trainer-view'), /the run has ended/);
  assert.ok(await page.isDisabled('#trainer-play'));
  const end = await page.getAttribute('#trainer-view', 'data-minute');
  await page.click('#trainer-play', { force: true });
  await page.waitForTimeout(400);
  assert.equal(await page.getAttribute('#trainer-view', 'data-minute'), end, 'the clock stays where the run ended');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the one-file build runs an embed from file:// with no request anywhere', async () => {
  const { context, page } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1-stress');
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  const file = new URL('../../dist/standalone.html', import.meta.url).href;
  const requests = [];
  const problems = [];
  const local = await context.newPage();
  local.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) requests.push(r.url()); });
  local.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  local.on('pageerror', (e) => problems.push(e.message));
  await local.goto(`${file}?embed=1&charts=summary,kpi${link.slice(link.indexOf('#'))}`);
  assert.equal(await local.evaluate(() => location.protocol), 'file:', 'the page runs from the file itself');
  await local.waitForSelector('.kpi-card', { timeout: 60000 });
  assert.match(await local.textContent('#bottleneck-summary'), /is the bottleneck/);
  // Its link into the full app opens this very file with the scenario, not the folder.
  const full = await local.getAttribute('text=Open in Escalation Lab', 'href');
  assert.ok(full.startsWith(`${file}#s=2.`), full);
  await local.goto(full);
  await local.waitForSelector('#tab-levels');
  await local.click('#tab-run');
  assert.match(await local.inputValue('input[data-pointer="/name"]'), /^B1-STRESS/);
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
  // The module is in the file once, for the page and the worker alike.
  const dist = new URL('../../dist/', import.meta.url);
  const html = readFileSync(new URL('standalone.html', dist), 'utf8');
  const module = readdirSync(dist).find((n) => /^escalation-lab-app-[0-9a-f]+_bg\.wasm$/.test(n));
  const wasm = readFileSync(new URL(module, dist)).toString('base64');
  const count = (part) => html.split(part).length - 1;
  assert.equal(count(wasm.slice(1000, 1200)), 1, 'the module once');
  assert.ok(html.length < wasm.length + 600000, `standalone.html is ${html.length} bytes, the module ${wasm.length} in base64`);
});

test('a walk checks only the walked issue, and one that no level resolves ends at the last level', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  // IT outage: the desk fixed at 20 min, not resolving (its overrides set a resolve probability).
  await pickPreset(page, 'it-outage');
  await page.click('#tab-rules');
  await page.selectOption('#try-category', 'access_and_accounts');
  await page.selectOption('#try-priority', 'P3');
  await page.locator('#try-level-service-desk-service').fill('20m');
  await page.selectOption('#try-level-service-desk-outcome', 'no');
  await page.click('#try-run');
  await page.waitForSelector('#try-steps li');
  assert.equal(await page.locator('#try-problems').count(), 0);
  assert.ok(await page.locator('#try-steps li[data-event="escalated"]').count() > 0);
  // A service time that is not one: said in words, by the level's name.
  await page.locator('#try-level-service-desk-service').fill('abc');
  await page.click('#try-run');
  await page.waitForSelector('#try-problems');
  assert.match(await page.textContent('#try-problems'), /^service_desk: the service time "abc" is not a duration/);
  // Billing: both levels of general enquiries fixed not to resolve.
  await pickPreset(page, 'billing-dispute');
  await page.click('#tab-rules');
  await page.selectOption('#try-category', 'general_enquiry');
  await page.selectOption('#try-priority', 'P4');
  await page.fill('#try-at', '9h');
  await page.selectOption('#try-level-agent-outcome', 'no');
  await page.selectOption('#try-level-team-lead-outcome', 'no');
  await page.click('#try-run');
  await page.waitForSelector('#try-steps li');
  assert.equal(await page.locator('#try-problems').count(), 0);
  assert.match(await page.textContent('#try-status'), /not resolved: it goes round at team_lead/);
  const last = page.locator('#try-steps li').last();
  assert.equal(await last.getAttribute('data-event'), 'goes_round');
  assert.match(await last.textContent(), /the last level of its path/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('trainer playback logs each change, refuses a leave at zero on duty, and takes the outage size and length', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  await showView(page, 'trainer');
  await page.click('#trainer-start');
  await page.waitForSelector('#trainer-view');
  const agent = '.trainer-level[data-level="agent"]';
  // Monday 00:00: no agent on duty yet, so nobody can leave, and the page says why.
  assert.equal(await page.getAttribute(agent, 'data-staff'), '0');
  assert.ok(await page.isDisabled('#trainer-leave'));
  assert.match(await page.textContent('#trainer-staff-note'), /Nobody is on duty at agent now/);
  assert.match(await page.textContent('#trainer-log-empty'), /None yet/);
  // To 10:00: seven agents on duty; ten leave, one after the other, down to none, then two join.
  await page.selectOption('#trainer-speed', { label: '2 h' });
  for (let i = 0; i < 5; i += 1) await page.click('#trainer-step');
  await page.waitForFunction(() => Number(document.querySelector('#trainer-view').dataset.minute) === 600);
  assert.equal(await page.getAttribute(agent, 'data-staff'), '7');
  const resolved = await page.$$eval('.trainer-level', (ls) => ls.map((l) => l.dataset.resolved));
  let clicks = 0;
  while (!(await page.isDisabled('#trainer-leave')) && clicks < 10) {
    await page.click('#trainer-leave');
    clicks += 1;
    await answered(page);
  }
  assert.equal(clicks, 7);
  assert.equal(await page.getAttribute(agent, 'data-staff'), '0');
  await page.click('#trainer-join');
  await page.click('#trainer-join');
  await trainerShows(page, agent, 'data-staff', 2);
  assert.deepEqual(await page.$$eval('.trainer-level', (ls) => ls.map((l) => l.dataset.resolved)), resolved,
    'a change leaves the last step\u2019s counts as they were');
  // The outage: five times the usual arrivals for one hour.
  await page.fill('#trainer-outage-factor', 'lots');
  assert.ok(await page.isDisabled('#trainer-outage'));
  assert.match(await page.textContent('#trainer-outage-note'), /Outage size: “lots” is not a number/);
  await page.fill('#trainer-outage-factor', '5');
  await page.fill('#trainer-outage-hours', '1');
  assert.match(await page.textContent('#trainer-outage-note'), /5× the usual arrivals for 1 h/);
  await page.click('#trainer-outage');
  await answered(page);
  const log = await page.$$eval('#trainer-log li', (ls) => ls.map((l) => l.textContent));
  assert.equal(log.length, 10, JSON.stringify(log));
  assert.match(log[0], /^day 1 10:00 Someone left agent: 6 on duty$/);
  assert.match(log[6], /Someone left agent: 0 on duty$/);
  assert.match(log[8], /Someone joined agent: 2 on duty$/);
  assert.match(log[9], /^day 1 10:00 Outage: \d+(\.\d)? more arrivals an hour of billing_dispute \(5× the usual\) for 1 h$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the header names the scenario, not the preset it came from, once it is renamed', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  assert.match(await page.textContent('#scenario-title'), /^B1 .*from the preset “B1 reference benchmark”/);
  await page.click('#tab-run');
  await page.fill('input[data-pointer="/name"]', 'Our service desk');
  await page.waitForFunction(() => /^Our service desk/.test(document.querySelector('#scenario-title').textContent));
  const shown = await page.$eval('#preset', (s) => s.options[s.selectedIndex].textContent);
  assert.equal(shown, 'Start from a preset…', 'the list does not keep the preset\u2019s title as the scenario\u2019s');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the built-in 24x7 calendar named in an SLA policy shows as itself', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-sla');
  const calendar = 'select[data-pointer="/sla/0/calendar"]';
  assert.equal(await page.$eval(calendar, (s) => s.options[s.selectedIndex].textContent), '24x7 (every hour)');
  assert.equal(await page.locator(`${calendar} option`, { hasText: 'unknown' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('removing a priority the scenario refers to says where, and can take the references with it', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-workload');
  await page.click('button[aria-label="Remove priority P2"]');
  await page.waitForSelector('#remove-references');
  const text = await page.textContent('#remove-references');
  assert.match(text, /refers to priority P2 in 3 places/);
  assert.match(text, /SLA policy “B1 targets”: the targets for P2/);
  assert.match(await page.textContent('#remove-with-references'), /Remove it and its 3 references/);
  assert.equal((await page.textContent('#remove-only')).trim(), 'Remove only priority P2');
  await page.click('#remove-cancel');
  await page.waitForSelector('#remove-references', { state: 'detached' });
  assert.equal(await page.inputValue('input[data-pointer="/priorities/1/name"]'), 'P2', 'cancel keeps it');
  await page.click('button[aria-label="Remove priority P2"]');
  await page.click('#remove-with-references');
  await page.waitForSelector('#problems.problems-none');
  assert.equal(await page.locator('input[data-pointer="/priorities/2/name"]').inputValue(), 'P4');
  assert.equal(await page.locator('input[data-pointer="/priorities/3/name"]').count(), 0);
  await runToResults(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the blank preset is a valid scenario that runs', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'blank');
  assert.match(await page.textContent('#scenario-title'), /^New scenario/);
  assert.equal(await page.locator('#problems.problems-none').count(), 1);
  assert.ok(await page.locator('.kpi-card').count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('results of the scenario before an edit that broke it say so and offer no CSV or print', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  const tools = () => page.$$eval('.results-tools button', (bs) => bs.map((b) => b.disabled));
  assert.ok((await tools()).every((d) => !d), 'downloads are offered for current results');
  assert.equal(await page.$('#stale-results'), null);
  await page.click('#tab-levels');
  const staff = page.locator('input[data-pointer="/levels/0/staff"]');
  const n = await staff.inputValue();
  await staff.fill('-1');
  const banner = await page.waitForSelector('#stale-results');
  assert.match(await banner.textContent(),
    /These results are from the scenario before your last edits; the scenario now has 1 error, so it cannot run/);
  assert.ok((await tools()).every((d) => d), 'no CSV and no print for them');
  assert.ok(await page.locator('#print-report').isDisabled());
  // Printed from the browser's menu all the same, the page says so too.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#stale-results'), true);
  await page.emulateMedia({ media: 'screen' });
  await staff.fill(n);
  await runToResults(page);
  assert.equal(await page.$('#stale-results'), null);
  assert.ok((await tools()).every((d) => !d), 'offered again once the results are current');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reload during a run says the run was stopped, and Run again runs', async () => {
  const { context, page, problems } = await openLongB1();
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'running');
  await page.reload();
  await page.waitForSelector('.app');
  const notice = await page.waitForSelector('#interrupted-run');
  assert.match(await notice.textContent(), /A run was in progress when the page was closed or reloaded; it was stopped\./);
  await page.click('#run-again');
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'running');
  await page.waitForSelector('#interrupted-run', { state: 'detached' });
  await page.click('#cancel');
  await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'idle', null, { timeout: 5000 });
  // A run that ended leaves no mark behind.
  await page.reload();
  await page.waitForSelector('.app');
  await page.waitForTimeout(300);
  assert.equal(await page.$('#interrupted-run'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

/** The scenario as the JSON view shows it. */
async function jsonText(page) {
  await page.click('#tab-json');
  return page.inputValue('#raw-json-text');
}

test('removing a level is undone by Ctrl+Z exactly and redone by Ctrl+Shift+Z, Ctrl+Y or the buttons', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  const before = await jsonText(page);
  await page.click('#tab-levels');
  const levels = () => page.$$eval('.level-card', (cards) => cards.map((c) => c.dataset.level));
  const all = await levels();
  const count = (n) => page.waitForFunction((n) => document.querySelectorAll('.level-card').length === n, n);
  await page.click(`button[aria-label="Remove level ${all[1]}"]`);
  // The level is on the category's path: remove it alone, as asked.
  await page.click('#remove-only');
  await count(all.length - 1);
  assert.equal(await page.getAttribute('#undo', 'title'), `Undo: remove level “${all[1]}”`);
  assert.ok(await page.locator('#redo').isDisabled(), 'nothing to redo yet');

  await page.keyboard.press('Control+z');
  await count(all.length);
  assert.deepEqual(await levels(), all);
  assert.equal(await jsonText(page), before, 'the scenario is back exactly');
  assert.equal(await page.getAttribute('#redo', 'title'), `Redo: remove level “${all[1]}”`);
  await page.keyboard.press('Control+Shift+Z');
  await page.click('#tab-levels');
  await count(all.length - 1);
  assert.ok(!(await levels()).includes(all[1]));
  // The buttons do the same, and so does Ctrl+Y.
  await page.click('#undo');
  await count(all.length);
  await page.keyboard.press('Control+y');
  await count(all.length - 1);
  await page.click('#undo');
  await count(all.length);
  assert.equal(await jsonText(page), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('typing in a field is one undo step, undone by one Ctrl+Z or the Undo button', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  // A matrix cell, typed key by key.
  const cell = '#mx-1-0';
  const was = await page.inputValue(cell);
  assert.notEqual(was, '30m');
  await page.click(cell);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('30m', { delay: 30 });
  assert.equal(await page.inputValue(cell), '30m');
  await page.keyboard.press('Control+z');
  assert.equal(await page.inputValue(cell), was, 'one Ctrl+Z takes back the three keys');
  await page.keyboard.press('Control+Shift+Z');
  assert.equal(await page.inputValue(cell), '30m', 'and one redo brings them back');
  // A field of a form, and the Undo button.
  await page.click('#tab-run');
  const horizon = 'input[data-pointer="/run/horizon"]';
  const horizonWas = await page.inputValue(horizon);
  await page.click(horizon);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('30m', { delay: 30 });
  assert.equal(await page.getAttribute('#undo', 'title'), 'Undo: change run › horizon');
  await page.click('#undo');
  assert.equal(await page.inputValue(horizon), horizonWas);
  // The step before it is the matrix cell's, whole.
  await page.click('#undo');
  await page.click('#tab-matrix');
  assert.equal(await page.inputValue(cell), was);
  assert.deepEqual(problems, []);
  await context.close();
});

test('in the JSON view, text that is not JSON yet keeps the browser\'s own undo', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  const before = await jsonText(page);
  await page.click('#raw-json-text');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('x');
  await page.waitForSelector('#raw-json-error');
  await page.keyboard.press('Control+z');
  assert.equal(await page.inputValue('#raw-json-text'), before, 'the typed character is taken back');
  // The scenario itself was never changed, so the history has nothing of it.
  await page.click('#tab-levels');
  assert.equal(await jsonText(page), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the answer is on the first screen beside the editor, and the tools are tabs that keep their state', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await waitForResults(page);
  // 1280x800: the run line, the bottleneck sentence and the first SLA card are in view, beside
  // the editor.
  for (const selector of ['#run', '#bottleneck-summary', '.kpi-card', '#tab-matrix']) {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box && box.y >= 0 && box.y + Math.min(box.height, 40) <= 800, `${selector} is on the first screen: ${JSON.stringify(box)}`);
  }
  const editor = await page.locator('.edit-column').boundingBox();
  const results = await page.locator('#bottleneck-summary').boundingBox();
  assert.ok(results.x >= editor.x + editor.width, 'the results are beside the editor, not under it');
  // The editor stays in view while the results scroll.
  await page.mouse.move(900, 600);
  await page.mouse.wheel(0, 2000);
  await page.waitForFunction(() => window.scrollY > 1000);
  const kept = await page.locator('#tab-matrix').boundingBox();
  assert.ok(kept.y >= 0 && kept.y < 800, `the editor's tabs are still in view: ${JSON.stringify(kept)}`);
  // The pane's tabs: one Tab stop, arrows move between them, and only the chosen panel shows.
  await page.focus('#view-results');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#view-compare[aria-selected="true"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'view-compare');
  assert.ok(await page.isVisible('#compare'));
  assert.ok(!(await page.isVisible('#results')), 'the results are hidden behind the compare tab');
  await page.keyboard.press('End');
  await page.waitForSelector('#view-history[aria-selected="true"]');
  const stops = await page.$$eval('.view-tabs [role="tab"]', (ts) => ts.filter((t) => t.tabIndex === 0).map((t) => t.id));
  assert.deepEqual(stops, ['view-history']);
  // A tool keeps what was typed in it while another tab is shown.
  await showView(page, 'what-if');
  await page.fill('#sweep-to', '3');
  await showView(page, 'results');
  await showView(page, 'what-if');
  assert.equal(await page.inputValue('#sweep-to'), '3');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a ticket export is read in a worker of its own: its tickets, layout and dates are shown, a bad file is refused, a long read can be cancelled, and the scenario stays', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await waitForResults(page);
  const title = await page.textContent('#scenario-title');
  await showView(page, 'history');
  const sample = new URL('../fixtures/history/servicenow-incidents-sample.csv', import.meta.url).pathname;
  await page.setInputFiles('#history-file', sample);
  await page.waitForSelector('#history-read');
  assert.equal(await page.getAttribute('#history-read', 'data-tickets'), '890');
  assert.match(await page.textContent('#history-status'), /890 tickets from “servicenow-incidents-sample.csv” \(5\s?998 rows/);
  assert.match(await page.textContent('#history-layout'), /ServiceNow incident export/);
  assert.match(await page.textContent('#history-dates'), /opened_at: /);
  // A file with no usable row is refused, saying why.
  await page.setInputFiles('#history-file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await page.waitForSelector('#history-status[data-state="refused"]');
  assert.match(await page.textContent('#history-status'), /Could not read “empty.csv”: /);
  // A long read shows its progress and stops on Cancel.
  const text = readFileSync(sample, 'utf8');
  const [header, ...rows] = text.trimEnd().split('\n');
  const big = join(mkdtempSync(join(tmpdir(), 'history-')), 'big.csv');
  writeFileSync(big, [header, ...Array.from({ length: 30 }, (_, k) => rows.map((r) => r.replace(/^INC/, `INC${k}-`)).join('\n'))].join('\n'));
  await page.setInputFiles('#history-file', big);
  await page.waitForSelector('#history-status[data-state="reading"]');
  await page.click('#history-cancel');
  await page.waitForSelector('#history-status[data-state="cancelled"]');
  // Reading never touches the scenario.
  assert.equal(await page.textContent('#scenario-title'), title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the ServiceNow sample gives its trends, a proposed scenario to review, and the fit check of that scenario once used', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin, { acceptDownloads: true });
  await waitForResults(page);
  const title = await page.textContent('#scenario-title');
  await showView(page, 'history');
  const sample = new URL('../fixtures/history/servicenow-incidents-sample.csv', import.meta.url).pathname;
  await page.setInputFiles('#history-file', sample);
  await page.waitForSelector('#history-trends');
  // Trends: per day (the sample spans three days), findings in words, a chart per figure.
  assert.match(await page.textContent('#history-trends-title'), /per day/);
  assert.ok((await page.textContent('#history-findings')).length > 40);
  for (const id of ['history-opened', 'history-escalations', 'history-resolve', 'history-backlog', 'history-heatmap']) {
    assert.ok(await page.$(`#${id} svg.chart-svg`), `${id} is drawn`);
  }
  // The export has its own SLA flag: attainment is drawn from it, one line per priority.
  assert.ok((await page.$$('#history-attainment .series')).length >= 3);
  assert.equal((await page.$$('#history-heatmap .arrival-cell')).length, 7 * 24);
  assert.ok((await page.$$('#history-groups tbody tr')).length > 3);
  assert.ok((await page.$$('#history-paths tbody tr')).length > 0);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#history-opened [data-export="csv"]')]);
  assert.equal(csv.suggestedFilename(), 'history-opened.csv');
  const chunks = [];
  for await (const c of await csv.createReadStream()) chunks.push(c);
  assert.match(Buffer.concat(chunks).toString('utf8'), /^day,/);
  // The proposal: levels as lines, estimates with intervals, a fitted service time per level.
  await page.waitForSelector('#history-proposal');
  const levels = await page.inputValue('#history-levels');
  assert.ok(levels.split('\n').length >= 2, levels);
  assert.ok((await page.$$('#history-estimates tbody tr')).length > 5);
  assert.match(await page.textContent('#history-estimates'), /arrivals per hour/i);
  assert.ok((await page.$$('#history-fits .history-fit svg.chart-svg')).length >= 1);
  assert.match(await page.textContent('#history-assumptions'), /Assumptions \(\d+\)/);
  // A misspelt group is refused with its line, and nothing is asked of the worker.
  const first = levels.split('\n')[0].split(':')[0];
  await page.fill('#history-levels', `${first}: No such group\n`);
  await page.click('#history-propose');
  assert.match(await page.textContent('#history-problem'), /line 1: no group “No such group” in the history/);
  // Merging the two busiest levels into one proposes again with one level fewer.
  const [a, b] = levels.split('\n');
  const groupsOf = (line) => (line.includes(':') ? line.split(':')[1].split(',').map((g) => g.trim()) : [line.trim()]);
  const typed = `Frontline: ${[...groupsOf(a), ...groupsOf(b)].join(', ')}\n`;
  await page.fill('#history-levels', typed);
  await page.click('#history-propose');
  // The new proposal writes its own levels over what was typed.
  await page.waitForFunction((t) => document.querySelector('#history-levels').value !== t, typed);
  assert.match(await page.inputValue('#history-levels'), /^Frontline: /);
  assert.equal((await page.inputValue('#history-levels')).split('\n').length, levels.split('\n').length - 1);
  // Using it replaces the scenario, with an Undo; then the fit check compares it with the history.
  await page.click('#history-use');
  await page.waitForSelector('#undo-bar');
  assert.notEqual(await page.textContent('#scenario-title'), title);
  await page.fill('#history-replications', '4');
  await page.click('#history-check');
  await page.waitForSelector('#history-check-status[data-state="checked"]', { timeout: 120000 });
  const rows = await page.$$eval('#history-fit-check tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.ok(rows.some((r) => /tickets/.test(r)), rows.join('\n'));
  assert.ok(rows.every((r) => /inside|off by|no interval/.test(r)), rows.join('\n'));
  const compared = Number(await page.getAttribute('#history-check-result', 'data-compared'));
  assert.ok(compared >= 3, `compared ${compared}`);
  assert.match(await page.textContent('#history-check-status'), /\S/);
  // Undo brings the scenario the page had back.
  await page.click('#undo-replace');
  await page.waitForSelector('#undo-bar', { state: 'detached' });
  assert.equal(await page.textContent('#scenario-title'), title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an export of unknown layout is read through the columns the user picks, and those settings are kept with the scenario on request', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await waitForResults(page);
  await showView(page, 'history');
  const german = new URL('../fixtures/history/mapped-semicolon.csv', import.meta.url).pathname;
  await page.setInputFiles('#history-file', german);
  // Not a layout the reader knows: refused, and the column choice opens with the file's columns.
  await page.waitForSelector('#history-status[data-state="refused"]');
  assert.match(await page.textContent('#history-status'), /Ticketnummer/);
  await page.waitForSelector('#history-columns[open]');
  const options = await page.$$eval('#history-map-ticket_id option', (os) => os.map((o) => o.value));
  assert.ok(options.includes('Eröffnet') && options.includes('Team'), options.join(','));
  // Reading without a ticket id is refused on the page, nothing is read.
  await page.click('#history-map-read');
  assert.match(await page.textContent('#history-columns .problem'), /ticket id/);
  for (const [field, column] of [['ticket_id', 'Ticketnummer'], ['opened', 'Eröffnet'], ['resolved', 'Gelöst'],
    ['closed', 'Geschlossen'], ['category', 'Kategorie'], ['group', 'Team'], ['made_sla', 'SLA erfüllt']]) {
    await page.selectOption(`#history-map-${field}`, column);
  }
  await page.click('#history-map-read');
  await page.waitForSelector('#history-read');
  assert.equal(await page.getAttribute('#history-read', 'data-tickets'), '10');
  assert.match(await page.textContent('#history-layout'), /mapped CSV · semicolon/);
  // The choice is shown again after the read, as read.
  assert.equal(await page.inputValue('#history-map-group'), 'Team');
  // Kept with the scenario on request, as one undoable change.
  await page.click('#history-keep');
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  assert.equal(doc.history.mapping.ticket_id, 'Ticketnummer');
  assert.equal(doc.history.mapping.group, 'Team');
  assert.ok(await page.isDisabled('#history-keep'));
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !JSON.parse(document.querySelector('#raw-json-text').value).history);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a triage drawn as pairs keeps its pairs through the triage editor', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'it-outage');
  const doc = JSON.parse(await jsonText(page));
  const pairs = { organisation: { high: 0.03 }, department: { high: 0.07, medium: 0.1 }, single_user: { medium: 0.35, low: 0.45 } };
  doc.triage = { pairs, matrix: doc.triage.matrix };
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
  await page.waitForFunction(() => /No problems found/.test(document.querySelector('#problems').textContent));
  // The editor shows the matrix over its own names, with no mixes to edit and no row to remove.
  await page.click('#tab-workload');
  await page.waitForSelector('#triage-pairs');
  assert.equal(await page.locator('#triage-matrix tbody tr').count(), 3);
  assert.equal(await page.locator('#triage-matrix tr.unknown').count(), 0);
  assert.equal(await page.locator('input[data-pointer^="/triage/impact"]').count(), 0);
  await page.selectOption('select[data-pointer="/triage/matrix/single_user/low"]', 'P3');
  const after = JSON.parse(await jsonText(page));
  assert.equal(after.triage.matrix.single_user.low, 'P3');
  assert.deepEqual(after.triage.pairs, pairs);
  assert.equal(after.triage.impact, undefined);
  assert.equal(after.triage.urgency, undefined);
  assert.match(await page.textContent('#problems'), /No problems found/);
  assert.deepEqual(problems, []);
  await context.close();
});
