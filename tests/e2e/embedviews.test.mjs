// What an embed shows besides charts: the matrix (locked, or for the reader to change, the charts
// following), the rules, and Try an issue with an issue chosen in the address; and a scenario
// read from a file beside the page (src=), refused with the reason when it is elsewhere, missing
// or not a scenario. No embed writes to the visitor's storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { session, open } from './harness.mjs';

const scenario = (key) => readFileSync(new URL(`../../static/scenarios/${key}.json`, import.meta.url), 'utf8');

const env = session({
    files: {
      '/docs/billing.json': scenario('billing-dispute'),
      '/docs/hr.json': scenario('hr-harassment'),
      '/docs/broken.json': '{ "version": 1, "name": "half", "levels": [ { "name": "desk", "staff": -2 } ] }',
    },
  });

/** The embed at `query` (after `?`), with its storage and requests watched. */
async function embed(query) {
  const { context, page, problems } = await open(env.browser, env.server.origin, { path: `?${query}` });
  return { context, page, problems };
}

const nothingStored = (page) => page.evaluate(() => localStorage.length + sessionStorage.length);

test('a read-only matrix from a file beside the page: cells locked, categories still shown, the charts run', async () => {
  const { context, page, problems } = await embed('embed=1&view=matrix&charts=kpi&src=docs/billing.json');
  await page.waitForSelector('#matrix');
  assert.equal(await page.textContent('.embed-head h1'), 'Utility call centre — billing disputes');
  assert.equal(await page.locator('fieldset.matrix-lock').evaluate((f) => f.disabled), true);
  const cell = page.locator('#matrix .wait-input').first();
  assert.equal(await cell.isDisabled(), true);
  // Every control of the matrix: waits, SLA targets, entry levels.
  const controls = await page.$$eval('#matrix input, #matrix select', (all) => all.map((e) => e.matches(':disabled')));
  assert.ok(controls.length > 10 && controls.every(Boolean), `${controls.filter((d) => !d).length} of ${controls.length} enabled`);
  // Which category the matrix shows is the reader's to pick; how edits apply is not offered.
  assert.equal(await page.locator('#matrix-category').isEnabled(), true);
  assert.equal(await page.locator('#matrix-reach').count(), 0);
  const second = await page.locator('#matrix-category option').nth(1).getAttribute('value');
  const before = await page.getAttribute('#matrix', 'data-category');
  await page.selectOption('#matrix-category', second);
  await page.waitForFunction((b) => document.querySelector('#matrix').dataset.category !== b, before);
  await page.waitForSelector('.kpi-card', { timeout: 60000 });
  assert.equal(await nothingStored(page), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an editable matrix: the reader changes a wait and the charts follow', async () => {
  const { context, page, problems } = await embed('embed=1&view=matrix&edit=1&charts=summary,kpi&src=docs/billing.json');
  await page.waitForSelector('.kpi-card', { timeout: 60000 });
  await page.waitForFunction(() => /simulated/.test(document.querySelector('#run-status').textContent), null, { timeout: 60000 });
  const first = await page.textContent('#results');
  // P2 at the team lead: escalate to the finance manager after a minute's wait, not as written.
  const cell = page.locator('#matrix #mx-1-1');
  assert.equal(await cell.isEnabled(), true);
  await cell.fill('1m');
  // A scenario too big to re-run at each change says so, and Run brings the charts up to date.
  await page.waitForFunction(() => /Changed since|Running/.test(document.querySelector('#run-status').textContent)
    || document.querySelector('#run-status').dataset.state === 'idle');
  if (/Changed since/.test(await page.textContent('#run-status'))) {
    await page.click('#run');
  }
  await page.waitForFunction((f) => {
    const s = document.querySelector('#run-status');
    return s.dataset.state === 'idle' && /simulated/.test(s.textContent) && document.querySelector('#results').textContent !== f;
  }, first, { timeout: 60000 });
  assert.equal(await cell.inputValue(), '1m');
  assert.equal(await nothingStored(page), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the rules, read-only, and Try an issue with the issue the address chooses', async () => {
  const rules = await embed('embed=1&view=rules&src=docs/hr.json');
  await rules.page.waitForSelector('.embed-rules .rules-tab');
  assert.equal(await rules.page.locator('fieldset.embed-lock').evaluate((f) => f.disabled), true);
  assert.match(await rules.page.textContent('.embed-rules'), /tribunal threat goes to HR\/legal/);
  // No charts were asked for: nothing runs.
  assert.equal(await rules.page.locator('#run').count(), 0);
  assert.deepEqual(rules.problems, []);
  await rules.context.close();

  const tried = await embed('embed=1&view=try&issue=category:grievance,priority:P1,at:2h,seed:4&src=docs/hr.json');
  await tried.page.waitForSelector('.embed-try #try-steps li', { timeout: 30000 });
  assert.match(await tried.page.textContent('#try-status'), /resolved after|still open/);
  assert.equal(await tried.page.inputValue('#try-priority'), 'P1');
  assert.equal(await tried.page.inputValue('#try-category'), 'grievance');
  assert.equal(await tried.page.inputValue('#try-at'), '2h');
  assert.equal(await nothingStored(tried.page), 0);
  assert.deepEqual(tried.problems, []);
  await tried.context.close();
});

test('a scenario file elsewhere, missing or not a scenario is refused with the reason, and nothing runs', async () => {
  const cases = [
    ['src=http://192.0.2.1/desk.json', /reads only from the page's own site \(http:\/\/127\.0\.0\.1:\d+\), not from http:\/\/192\.0\.2\.1/],
    ['src=docs/missing.json', /docs\/missing\.json: the server answered 404/],
    ['src=docs/broken.json', /docs\/broken\.json is not a scenario this app can run: ./],
    ['view=try&issue=category:refund&src=docs/hr.json', /the issue's category "refund" is not in the scenario/],
  ];
  for (const [query, reason] of cases) {
    const { context, page, problems } = await embed(`embed=1&${query}`);
    await page.waitForSelector('.notice');
    const text = await page.textContent('.notice');
    assert.match(text, reason, query);
    assert.equal(await page.locator('.kpi-card').count(), 0);
    // Refused before any request leaves the page's origin (open() collects those as problems).
    assert.deepEqual(problems.filter((p) => !/404/.test(p)), [], query);
    await context.close();
  }
});
