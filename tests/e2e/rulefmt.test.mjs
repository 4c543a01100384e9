// End-to-end tests of the Rules tab's Format button and its Shift+Alt+F key: the canonical
// layout with the comments kept, as one step of undo, and the button off while the text has
// syntax errors. Run by scripts/test.sh after `trunk build --release`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset } from './harness.mjs';

const env = session();

const messy = '# tell the lead early\nrule "P1 waits" when priority is "P1" # urgent ones\n and waiting > 60m then notify "L4";';
const tidy = '# tell the lead early\nrule "P1 waits"\n  when priority is "P1" and waiting > 1h # urgent ones\n  then notify "L4"\n';

test('Format lays the rules out with their comments kept, as one step of undo, and so does Shift+Alt+F', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'b1');
  await page.click('#tab-rules');
  const area = page.locator('#rules-text');
  const button = page.locator('#rules-format');

  await area.fill(messy);
  await page.waitForSelector('#rules-problems.problems-none');
  assert.ok(await button.isEnabled(), 'a valid text can be formatted');
  assert.match(await button.getAttribute('title'), /canonical form, comments kept/);
  await button.click();
  await page.waitForFunction((t) => document.querySelector('#rules-text').value === t, tidy);
  const comments = await page.$$eval('.rule-editor .tok-comment', (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(comments, ['# tell the lead early', '# urgent ones']);
  await page.click('#undo');
  await page.waitForFunction((t) => document.querySelector('#rules-text').value === t, messy);

  // The key, straight after typing: the typing and the formatting are two steps of undo.
  await area.fill(messy.replace('60m', '2h'));
  await area.press('Shift+Alt+F');
  await page.waitForFunction((t) => document.querySelector('#rules-text').value === t, tidy.replace('1h', '2h'));
  await page.click('#undo');
  await page.waitForFunction((t) => document.querySelector('#rules-text').value === t, messy.replace('60m', '2h'));
  await page.click('#undo');
  await page.waitForFunction((t) => document.querySelector('#rules-text').value === t, messy);

  // A text with a syntax error is not formatted, and the button says why.
  await area.fill('# a note\nrule "x" whem arrives then escalate');
  await page.waitForSelector('.rule-problems .problem.error');
  assert.ok(await button.isDisabled(), 'the button is off');
  assert.match(await button.getAttribute('title'), /syntax errors/);
  await area.press('Shift+Alt+F');
  assert.equal(await area.inputValue(), '# a note\nrule "x" whem arrives then escalate');
  assert.deepEqual(problems, []);
  await context.close();
});
