// A policy change in the middle of a trainer playback: an edit of a level's staff and of a
// timer, applied at the moment reached, plays on from there and is logged; a return to a
// checkpoint before it plays the old policy again (and offers the edit again); an edit beyond
// timers, rules and staff ends the playback and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset, showView } from './harness.mjs';

const env = session();

const answered = (page) => page.waitForSelector('#trainer:not([aria-busy="true"])');
const minute = (page) => page.getAttribute('#trainer-view', 'data-minute').then(Number);
const atMinute = (page, m) =>
  page.waitForFunction((m) => Number(document.querySelector('#trainer-view')?.dataset.minute) === m, m);
const staffOf = (page, level) => page.getAttribute(`.trainer-level[data-level="${level}"]`, 'data-staff').then(Number);

async function editJson(page, edit) {
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  edit(doc);
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
}

test('a policy edited mid-playback applies from the moment reached, and a return before it plays the old one', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.uncheck('#live');
  await showView(page, 'trainer');
  await page.click('#trainer-start');
  await page.waitForSelector('#trainer-view');
  await page.selectOption('#trainer-speed', { label: '2 h' });
  await page.click('#trainer-step');
  await atMinute(page, 120);
  await answered(page);
  await page.click('#trainer-checkpoint');
  await answered(page);
  assert.equal(await staffOf(page, 'L1'), 10);
  assert.equal(await page.locator('#trainer-edited').count(), 0, 'nothing edited yet');

  // Six at L1 and a shorter P4 wait timer: both listed, to apply at day 1 02:00.
  await page.click('#tab-levels');
  await page.fill('input[data-pointer="/levels/0/staff"]', '6');
  await page.waitForSelector('#trainer-edited');
  assert.match(await page.textContent('#trainer-edited'), /L1: staff 10 → 6/);
  await editJson(page, (doc) => {
    doc.triggers[0].when.queue_wait_over.P4 = '1h';
  });
  await page.waitForFunction(() => /changed;|changed\./.test(document.querySelector('#trainer-edited')?.textContent ?? ''));
  const notice = await page.textContent('#trainer-edited');
  assert.match(notice, /trigger “[^”]+” changed/);
  assert.match(notice, /L1: staff 10 → 6/);
  assert.equal((await page.textContent('#trainer-apply')).trim(), 'Apply at day 1 02:00');
  assert.equal(await minute(page), 120, 'an edit does not end the playback');

  await page.click('#trainer-apply');
  await answered(page);
  await page.waitForSelector('#trainer-edited', { state: 'detached' });
  assert.equal(await staffOf(page, 'L1'), 6);
  const log = await page.textContent('#trainer-log');
  assert.match(log, /day 1 02:00 Policy changed: trigger “[^”]+” changed; L1: staff 10 → 6/);
  await page.click('#trainer-step');
  await atMinute(page, 240);
  await answered(page);
  assert.equal(await staffOf(page, 'L1'), 6, 'the new policy holds on');

  // Back to the checkpoint before the change: the old policy plays, and the edit is offered again.
  await page.click('#trainer-checkpoints button[data-checkpoint="0"]');
  await atMinute(page, 120);
  await answered(page);
  assert.equal(await staffOf(page, 'L1'), 10);
  await page.waitForSelector('#trainer-log-empty');
  await page.waitForSelector('#trainer-apply');

  // An edit beyond the policy (a level's service time) ends the playback and says where.
  await editJson(page, (doc) => {
    doc.levels[0].service.mean = '5m';
  });
  await page.waitForSelector('#trainer-view', { state: 'detached' });
  assert.match(
    await page.textContent('#trainer-ended'),
    /The playback ended: the scenario changed beyond its timers, rules and staff \(first at levels\[0\]\.service\.mean\)/,
  );
  assert.deepEqual(problems, []);
  await context.close();
});
