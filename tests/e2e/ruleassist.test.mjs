// End-to-end tests of the rule editor's completion and explanations, by keyboard only: a level
// completed after `escalate to`, the list's keys, the explanation of the rule at the caret, and
// the time a keystroke takes to paint in a 200-rule text with completion in place (printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open } from './harness.mjs';

const env = session();

const listed = (page) => page.$$eval('#rules-completion [role="option"]', (os) => os.map((o) => o.querySelector('.completion-label').textContent));

test('rule completion: a level after escalate to, chosen with the arrow keys, and the rule at the caret explained', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await page.uncheck('#live');
  await page.selectOption('#preset', 'b1');
  await page.click('#tab-rules');
  const area = page.locator('#rules-text');
  await area.fill('rule "P2 waits"\n  when priority is "P2" and waiting > 5m\n  then escalate to ');
  await area.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('L');
  await page.keyboard.press('Control+Space');
  await page.waitForSelector('#rules-completion[role="listbox"]');
  assert.deepEqual(await listed(page), ['L1', 'L2', 'L3', 'L4']);
  assert.equal(await area.getAttribute('aria-activedescendant'), 'rules-completion-0');
  await page.keyboard.press('ArrowDown');
  const chosen = await area.getAttribute('aria-activedescendant');
  assert.equal(await page.getAttribute(`#${chosen}`, 'aria-selected'), 'true');
  assert.equal(await page.textContent(`#${chosen} .completion-label`), 'L2');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#rules-completion', { state: 'detached' });
  const text = await area.inputValue();
  assert.ok(text.endsWith('then escalate to "L2"'), text);
  assert.equal(await area.evaluate((a) => a.selectionStart), text.length, 'the caret is after the name');
  await page.waitForFunction(() => document.querySelector('#rules-problems').textContent === 'The rules are valid.');
  assert.equal(await area.getAttribute('aria-activedescendant'), null);

  // The caret resting in the rule explains it: its moment in words.
  await page.waitForFunction(() => /waited in a level's queue over 5m/.test(document.querySelector('#rules-explain').textContent));
  const explained = await page.textContent('#rules-explain');
  assert.match(explained, /rule “P2 waits”/);
  assert.match(explained, /move it to “L2” \(issues of priority “P2”\)/);

  // Escape closes the list and leaves the text as it was.
  await page.keyboard.press('Control+Space');
  await page.waitForSelector('#rules-completion');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#rules-completion', { state: 'detached' });
  assert.equal(await area.inputValue(), text);

  // The list opens by itself after `is `, at the caret, and a name's explanation follows the caret.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type(' and level is ');
  await page.waitForSelector('#rules-completion');
  assert.deepEqual(await listed(page), ['L1', 'L2', 'L3', 'L4']);
  // The list is the text area's (its first entry active) before Tab takes it, however slow the machine.
  await page.waitForFunction(() => document.querySelector('#rules-text').getAttribute('aria-activedescendant') === 'rules-completion-0');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('#rules-text').value.includes('and level is "L1"\n'));
  // The caret is put after the name once the text is in: only then does ArrowLeft move from there.
  await page.waitForFunction(() => {
    const area = document.querySelector('#rules-text');
    const end = area.value.indexOf('and level is "L1"') + 'and level is "L1"'.length;
    return area.selectionStart === end && area.selectionEnd === end;
  });
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /Level “L1”: frontline/.test(document.querySelector('#rules-explain').textContent));
  assert.match(await page.textContent('#rules-explain'), /Staff: 10\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test('rule completion: a keystroke in 200 rules paints in about the time it did (printed)', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await page.uncheck('#live');
  await page.selectOption('#preset', 'b1');
  await page.click('#tab-rules');
  const rules = Array.from({ length: 200 }, (_, i) =>
    `rule "rule ${i}"\n  when priority is "P${(i % 4) + 1}" and waiting > ${i + 1}m\n  then notify "L4"\n`).join('\n');
  const area = page.locator('#rules-text');
  await area.fill(rules);
  await page.waitForSelector('#rules-problems');
  await area.focus();
  await page.keyboard.press('Control+End');
  await page.evaluate(() => {
    window.paints = [];
    document.querySelector('#rules-text').addEventListener('input', (e) => {
      const start = e.timeStamp;
      requestAnimationFrame(() => window.paints.push(performance.now() - start));
    });
  });
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'r' : 'Backspace');
    await page.waitForFunction((n) => window.paints.length >= n, i + 1);
    await page.waitForTimeout(50);
  }
  const paints = (await page.evaluate(() => window.paints)).sort((a, b) => a - b);
  const median = (paints[9] + paints[10]) / 2;
  console.log(`keystroke to paint in a 200-rule text with completion: median ${median.toFixed(1)} ms of ${paints.length} (min ${paints[0].toFixed(1)}, max ${paints[paints.length - 1].toFixed(1)})`);
  assert.equal(paints.length, 20);
  assert.deepEqual(problems, []);
  await context.close();
});
