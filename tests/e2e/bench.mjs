// The browser half of scripts/bench-browser.sh: loads the release build, sets B1 to HOURS hours
// and one replication in the raw JSON view, runs it in the engine worker RUNS times and prints the
// best wall time in seconds, as the worker measured it.
import { serve, launch, open } from './harness.mjs';

const hours = process.argv[2] ?? '1000';
const runs = Number(process.argv[3] ?? '3');
const server = await serve();
const browser = await launch();
try {
  const { page } = await open(browser, server.origin);
  await page.uncheck('#live');
  await page.selectOption('#preset', 'b1');
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  doc.run.horizon = `${hours}h`;
  doc.run.replications = 1;
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'idle');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'running');
    await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'idle', null,
      { timeout: 300000 });
    best = Math.min(best, Number(await page.getAttribute('#run-status', 'data-elapsed-ms')) / 1000);
  }
  console.log(best);
} finally {
  await browser.close();
  await server.close();
}
