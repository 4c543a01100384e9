// The browser half of scripts/bench-browser.sh: loads the release build, sets B1 to HOURS hours
// and one replication in the raw JSON view, runs it in the engine worker RUNS times and prints the
// best wall time in seconds, as the page measured it (from the start to the report).
//   node tests/e2e/bench.mjs [HOURS] [RUNS]
// With `pool HOURS RUNS WORKERS REPS`, it runs REPS replications instead, on a pool of WORKERS
// engine workers (the app's run setting), and prints the best wall time in the same way.
// With `history LOG [RUNS]` (scripts/bench-history.sh), it reads the ticket export LOG in the
// History tab RUNS times instead and prints the best time the worker took to read it, work out
// its trends and propose a scenario, in seconds, as the worker measured it.
import { serve, launch, open, showView } from './harness.mjs';

const history = process.argv[2] === 'history';
const pool = process.argv[2] === 'pool';
const args = pool ? process.argv.slice(3) : process.argv.slice(2);
const hours = args[0] ?? '1000';
const runs = Number(process.argv[history ? 4 : 3 + Number(pool)] ?? '3');
const workers = Number(pool ? args[2] : 1);
const reps = Number(pool ? args[3] : 1);
const server = await serve();
const browser = await launch();
if (history) {
  try {
    const { page } = await open(browser, server.origin);
    await showView(page, 'history');
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const before = await page.$eval('#history-read', (e) => e.dataset.elapsedMs).catch(() => null);
      await page.setInputFiles('#history-file', process.argv[3]);
      await page.waitForFunction((b) => {
        const read = document.querySelector('#history-read');
        return read && read.dataset.elapsedMs !== b;
      }, before, { timeout: 300000 });
      best = Math.min(best, Number(await page.getAttribute('#history-read', 'data-elapsed-ms')) / 1000);
    }
    console.log(best);
  } finally {
    await browser.close();
    await server.close();
  }
  process.exit(0);
}
try {
  const init = `localStorage.setItem('escalation-lab/settings/v1', JSON.stringify({ workers: ${workers} }));`;
  const { page } = await open(browser, server.origin, { init });
  await page.uncheck('#live');
  await page.selectOption('#preset', 'b1');
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('#raw-json-text'));
  doc.run.horizon = `${hours}h`;
  doc.run.replications = reps;
  await page.fill('#raw-json-text', JSON.stringify(doc, null, 2));
  // A short run may be over before a poll could see it running: an observer notes that it ran.
  await page.evaluate(() => {
    const status = document.querySelector('#run-status');
    new MutationObserver(() => {
      if (status.dataset.state === 'running') window.ran = true;
    }).observe(status, { attributes: true });
  });
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    await page.waitForFunction(() => document.querySelector('#run-status').dataset.state === 'idle');
    await page.evaluate(() => { window.ran = false; });
    await page.click('#run');
    await page.waitForFunction(() => window.ran && document.querySelector('#run-status').dataset.state === 'idle', null,
      { timeout: 300000 });
    best = Math.min(best, Number(await page.getAttribute('#run-status', 'data-elapsed-ms')) / 1000);
  }
  console.log(best);
} finally {
  await browser.close();
  await server.close();
}
