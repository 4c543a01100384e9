// Embeds that fit their page: the code the app writes sizes its frame to the embed's content
// (no inner scrollbar, however the content grows), and the embed takes the theme it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, pickPreset } from './harness.mjs';

const env = session();

test('the pasted embed code fits its frame to the content, and theme=dark is dark on a light system', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin, { colorScheme: 'light' });
  await pickPreset(page, 'retail-complaints');
  await page.click('#share');
  await page.click('.embed-snippet summary');
  await page.selectOption('#embed-theme', 'dark');
  await page.check('.embed-snippet input[data-chart="flow"]');
  const code = await page.inputValue('#embed-code');
  assert.match(code, /^<iframe src="[^"]*&theme=dark#s=2\.[^"]*"[^>]*><\/iframe>\n<script>/);
  // A documentation page with the code pasted as it is, between two paragraphs.
  await page.setContent(`<!doctype html><body style="margin:0"><h1>Escalation, worked</h1>${code}<p id="after">After the demo.</p></body>`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('.flow-diagram, svg', { timeout: 60000 });
  await frame.waitForFunction(() => document.querySelector('#run-status')?.dataset.state === 'idle'
    && /simulated/.test(document.querySelector('#run-status').textContent), null, { timeout: 60000 });
  // The frame takes the content's height: not the 720 px the code starts with, and no inner scrollbar.
  const fits = async () => {
    const outer = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
    const inner = await frame.evaluate(() => ({
      content: document.documentElement.scrollHeight, view: window.innerHeight,
    }));
    return { outer, ...inner };
  };
  let size;
  for (let i = 0; i < 50; i += 1) {
    size = await fits();
    if (size.outer !== 720 && size.content <= size.view) break;
    await page.waitForTimeout(100);
  }
  assert.notEqual(size.outer, 720, `the frame was resized: ${JSON.stringify(size)}`);
  assert.ok(size.content <= size.view, `no inner scrollbar: ${JSON.stringify(size)}`);
  // A frame's height follows its content: a narrower page wraps the text and makes it taller.
  const wide = size.outer;
  await page.setViewportSize({ width: 520, height: 800 });
  for (let i = 0; i < 50; i += 1) {
    size = await fits();
    if (size.outer !== wide && size.content <= size.view) break;
    await page.waitForTimeout(100);
  }
  assert.ok(size.outer > wide, `taller when narrower: ${wide} -> ${JSON.stringify(size)}`);
  assert.ok(size.content <= size.view, `still no inner scrollbar: ${JSON.stringify(size)}`);
  // Dark, whatever the system says.
  assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(18, 21, 27)');
  // A message from elsewhere does not move the frame.
  await page.evaluate(() => window.postMessage({ type: 'escalation-lab:height', height: 5 }, '*'));
  await page.waitForTimeout(200);
  assert.equal((await fits()).outer, size.outer);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an embed address with an unknown theme says so', async () => {
  const { context, page } = await open(env.browser, env.server.origin);
  await page.goto(`${env.server.origin}?embed=1&theme=sepia`);
  await page.waitForSelector('text=unknown theme "sepia"');
  await context.close();
});
