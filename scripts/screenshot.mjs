// Takes headless Chromium screenshots of the served app, for looking at what was built.
//   node scripts/screenshot.mjs [URL] [OUT_DIR]   (default http://127.0.0.1:8080/ and /tmp/shots)
// Writes wide.png (1280x800, light), dark.png (dark scheme), narrow.png (390x844) and one per
// editor tab, and prints the console errors it saw.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080/';
const out = process.argv[3] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const errors = [];
async function shot(name, options, action) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${name}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(base);
  await page.waitForSelector('#results .kpi-card, #results p', { timeout: 20000 });
  await page.waitForTimeout(2500);
  if (action) await action(page);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await context.close();
}
await shot('wide', { viewport: { width: 1280, height: 800 } });
await shot('dark', { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
await shot('narrow', { viewport: { width: 390, height: 844 }, isMobile: true });
for (const tab of (process.env.TABS ?? 'levels,categories,sla,workload,triggers,run,json').split(',').filter(Boolean)) {
  await shot(`tab-${tab}`, { viewport: { width: 1280, height: 800 } }, async (page) => {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(300);
  });
}
await browser.close();
console.log(errors.length ? errors.join('\n') : 'no console errors or warnings');
