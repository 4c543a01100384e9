// Drills in trainer playback: a scenario given a drill opens on the trainer, the playback stops
// at each question, the learner answers, and the debrief lists every question with the answer
// given, the right one and what decided it, graded as the score says; the exercise link (the
// share link) opens the same drill, with the same questions, in a fresh browser profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset } from './harness.mjs';

const env = session();

const DRILL = { issues: [5], sample: 2, ask: ['next', 'rule', 'breach'] };

/** Answers every question (option `pick(i)` of the i-th), playing on between them; the questions asked. */
async function answerAll(page, pick) {
  const asked = [];
  for (;;) {
    await page.waitForFunction(() =>
      document.querySelector('#drill-question') || document.querySelector('#drill-debrief')
      || (document.querySelector('#trainer-play')?.textContent === 'Play' && !document.querySelector('#trainer[aria-busy="true"]')));
    if (await page.$('#drill-debrief')) return asked;
    const question = await page.$('#drill-question');
    if (question) {
      const text = await question.textContent();
      const options = await page.locator('.drill-question button').allTextContents();
      asked.push({ text, options });
      const answeredBefore = asked.length - 1;
      await page.locator('.drill-question button').nth(pick(answeredBefore, options)).click();
      // The answer is taken: the progress counts it.
      await page.waitForFunction((n) => document.querySelector('#drill-progress')?.textContent.startsWith(`${n} of`), asked.length);
    } else {
      await page.click('#trainer-play');
    }
  }
}

test('a learner answers a drill in playback and sees the debrief; the exercise link opens the same drill elsewhere', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  doc.run.horizon = '1d';
  doc.drill = DRILL;
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
  // A scenario with a drill opens on the trainer, the drill offered.
  await page.waitForSelector('#view-panel-trainer:not([hidden]) #trainer-drill-start');
  await page.selectOption('#trainer-speed', { label: '2 h' });
  await page.click('#trainer-drill-start');
  await page.waitForSelector('#trainer-drill');
  assert.equal(await page.$('#trainer-leave'), null, 'the run is not changed while drilling');

  // The first answer is always the first option, the others the last: some right, some wrong.
  const asked = await answerAll(page, (i, options) => (i === 0 ? 0 : options.length - 1));
  assert.ok(asked.length >= 3, `questions asked: ${JSON.stringify(asked)}`);
  for (const q of asked) {
    assert.match(q.text, /^day 1 \d\d:\d\d: issue #\d+ \(.+\) (is at|has arrived at) L\d\. /);
  }
  assert.ok(asked.some((q) => /issue #5 /.test(q.text)), 'the chosen issue is asked about');
  const rows = await page.$$eval('#drill-debrief tbody tr', (trs) => trs.map((tr) => ({
    ok: tr.className,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
  })));
  assert.equal(rows.length, asked.length, 'every question is in the debrief');
  let right = 0;
  rows.forEach((r, i) => {
    const [question, given, correct, decided] = r.cells;
    assert.equal(question, asked[i].text);
    assert.equal(given.replace(/^[✓✗] /, ''), asked[i].options[i === 0 ? 0 : asked[i].options.length - 1]);
    assert.ok(asked[i].options.includes(correct), `${correct} is one of the options`);
    assert.equal(r.ok, given.slice(2) === correct ? 'right' : 'wrong');
    assert.ok(decided.length > 0);
    if (r.ok === 'right') right += 1;
  });
  assert.equal(await page.textContent('#drill-score'), `Score: ${right} of ${asked.length}`);
  // Printed, the debrief stands alone.
  await page.evaluate(() => document.documentElement.setAttribute('data-print', 'debrief'));
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('#drill-debrief'));
  assert.ok(!(await page.isVisible('#trainer-view')), 'the playback is not printed');
  assert.ok(!(await page.isVisible('#drill-print')));
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.documentElement.removeAttribute('data-print'));

  await page.click('#share');
  const link = await page.inputValue('#share-link');
  assert.match(link, /#s=2\./);
  assert.deepEqual(problems, []);
  await context.close();

  // The exercise link in a fresh profile: the same drill, the same questions.
  const fresh = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = { context: fresh, page: await fresh.newPage(), problems: [] };
  other.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') other.problems.push(m.text()); });
  await other.page.goto(link);
  await other.page.waitForSelector('.app');
  await other.page.waitForSelector('#view-panel-trainer:not([hidden]) #trainer-drill-start');
  await other.page.selectOption('#trainer-speed', { label: '2 h' });
  await other.page.click('#trainer-drill-start');
  const again = await answerAll(other.page, () => 0);
  assert.deepEqual(again.map((q) => q.text), asked.map((q) => q.text));
  assert.deepEqual(other.problems, []);
  await other.context.close();
});

test('a drill asking about an issue the run never reaches says so at its place', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  doc.run.horizon = '1h';
  doc.drill = { issues: [2, 100000] };
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
  await page.waitForSelector('#view-panel-trainer:not([hidden]) #trainer-drill-start');
  await page.click('#trainer-drill-start');
  await page.waitForSelector('#trainer .problem.error');
  assert.match(
    await page.textContent('#trainer .problem.error'),
    /^The drill cannot start: drill\.issues\[1\]: issue 100000 never arrives in this run: its issues are numbered 0 to \d+$/,
  );
  assert.equal(await page.$('#trainer-drill'), null);
  assert.deepEqual(problems, []);
  await context.close();
});
