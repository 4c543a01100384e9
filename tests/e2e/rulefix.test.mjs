// End-to-end tests of the rule editor's quick fixes, by keyboard: Ctrl+. in the rule text makes
// the fix at the caret, a problem's fix button makes its fix, and each fix is one undo step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open } from './harness.mjs';

const env = session();

/** Replaces the rule text by typing `text` into it. */
async function type(page, text) {
  await page.focus('#rules-text');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

const valid = (page) => page.waitForFunction(() => document.querySelector('#rules-problems')?.textContent === 'The rules are valid.');
const value = (page) => page.$eval('#rules-text', (a) => a.value);

test('quick fixes mend rule errors from the keyboard, each one undo step', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await page.selectOption('#preset', 'b1');
  await page.focus('#tab-rules');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#rules-text');

  // A misspelt level: Ctrl+. on its line puts the known name and the caret after it.
  const misspelt = 'rule "to the lead"\n  when arrives\n  then route to "L33"\n';
  await type(page, misspelt);
  await page.waitForSelector('#rules-problems .quick-fix');
  assert.equal(await page.textContent('#rules-problems .quick-fix'), 'Use "L3"');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.press('Control+.');
  await valid(page);
  const fixed = misspelt.replace('"L33"', '"L3"');
  assert.equal(await value(page), fixed);
  assert.equal(await page.$eval('#rules-text', (a) => a.selectionStart), fixed.indexOf('"L3"') + 4);
  await page.keyboard.press('Control+Z');
  await page.waitForSelector('#rules-problems .quick-fix');
  assert.equal(await value(page), misspelt);

  // A missing "then": its button, reached by Tab from the text, adds it.
  const missing = 'rule "b" when arrives route to "L2"';
  await type(page, missing);
  await page.waitForFunction(() => document.querySelector('#rules-problems .quick-fix')?.textContent === 'Add "then"');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'quick-fix');
  await page.keyboard.press('Enter');
  await valid(page);
  assert.equal(await value(page), 'rule "b" when arrives then route to "L2"');
  await page.keyboard.press('Control+Z');
  await page.waitForSelector('#rules-problems .quick-fix');
  assert.equal(await value(page), missing);

  assert.deepEqual(problems, []);
  await context.close();
});
