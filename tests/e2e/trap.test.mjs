// An internal error stops the app's module with a WebAssembly trap (the release build formats no
// panic message); the page must say so rather than freeze silently, and only for such a trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, runToResults } from './harness.mjs';

const env = session();

// (module (func (export "f") unreachable)): calling `f` traps as a panic in the app's module does.
const TRAPPING = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11];

test('a trap reaching the page shows the internal-error banner, once; other errors do not', async () => {
  const { context, page } = await open(env.browser, env.server.origin);
  await runToResults(page);

  // Errors that are not traps (a page's other scripts, a rejected promise) are not the app's to report.
  await page.evaluate(() => {
    setTimeout(() => { throw new Error('not the app'); });
    Promise.reject(new TypeError('not the app either'));
  });
  await page.waitForTimeout(300);
  assert.equal(await page.locator('pre.panic').count(), 0, 'no banner for errors other than traps');

  // A real trap, uncaught, from an event-loop task and from a promise.
  await page.evaluate((bytes) => {
    const trap = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes))).exports.f;
    setTimeout(() => trap());
    Promise.resolve().then(() => trap());
  }, TRAPPING);
  const banner = page.locator('pre.panic[role="alert"]');
  await banner.waitFor();
  assert.equal(await banner.count(), 1, 'one banner for two traps');
  const text = await banner.textContent();
  assert.match(text, /Escalation Lab stopped on an internal error\. Please reload the page\./);
  assert.match(text, /unreachable/, `the trap's own message is shown: ${text}`);
  assert.ok(await banner.isVisible());
  await context.close();
});
