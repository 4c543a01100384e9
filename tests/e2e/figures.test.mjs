// The app's charts and `escalation-lab render`'s standalone SVG files are one drawing: for a
// preset, each chart's SVG in the page matches the file drawn natively element for element (tag,
// attributes, text), beside what only the file has (its title, style sheet and legend). And the
// page's own controls on those drawings: the queue chart's hover readout and log scale, the
// journey picker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { session, open, pickPreset } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHARTS = {
  utilization: 'utilization-chart',
  flow: 'flow-diagram',
  queue: 'queue-chart',
  resolution: 'resolution-chart',
  heatmap: 'breach-heatmap',
  journeys: 'journey-timeline',
};

const env = session();

/** The standalone SVG of a chart, drawn by the command line from the preset file. */
function rendered(preset, chart) {
  const args = ['run', '--locked', '--quiet', '--bin', 'escalation-lab', '--',
    'render', `static/scenarios/${preset}.json`, '--chart', chart];
  return execFileSync('cargo', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Every element under the page's drawing of `id`, and under the file's, as [tag, attributes, text]. */
async function elements(page, id, file) {
  return page.evaluate(([id, file]) => {
    const flat = (parent) => {
      const out = [];
      const walk = (e) => {
        const attributes = [...e.attributes].map((a) => `${a.name}=${a.value}`).sort();
        const text = [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data).join('');
        out.push([e.tagName, attributes, text]);
        [...e.children].forEach(walk);
      };
      [...parent.children].forEach(walk);
      return out;
    };
    const doc = new DOMParser().parseFromString(file, 'image/svg+xml');
    const svg = doc.documentElement;
    const own = [...svg.children].filter((e) =>
      (e.tagName === 'title' && e === svg.firstElementChild) || e.tagName === 'style' || e.getAttribute('class') === 'legend');
    const legend = own.find((e) => e.getAttribute('class') === 'legend');
    const legendTexts = legend ? [...legend.querySelectorAll('text')].map((t) => t.textContent) : [];
    own.forEach((e) => e.remove());
    return {
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      rootName: svg.namespaceURI,
      page: flat(document.querySelector(`#${id} svg.chart-svg`)),
      file: flat(svg),
      legendTexts,
      pageLegend: [...document.querySelectorAll(`#${id} .chart-legend:not(.marker-legend) li`)].map((li) => li.textContent),
    };
  }, [id, file]);
}

test('each chart in the app and its standalone SVG file match element for element', async () => {
  const files = Object.fromEntries(Object.keys(CHARTS).map((c) => [c, rendered('it-outage', c)]));
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'it-outage');
  for (const [chart, id] of Object.entries(CHARTS)) {
    const e = await elements(page, id, files[chart]);
    assert.equal(e.parseError, null, `${chart}: the file is not well-formed SVG`);
    assert.equal(e.rootName, 'http://www.w3.org/2000/svg');
    assert.ok(e.page.length > 20, `${chart}: only ${e.page.length} elements drawn in the page`);
    assert.deepEqual(e.page, e.file, `${chart}: the page's drawing and the file's differ`);
    // The file's legend says what the page's legend beside the drawing says.
    assert.deepEqual(e.legendTexts, e.pageLegend, `${chart}: legends differ`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the queue chart shows a readout where the pointer is, and a log scale on demand', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'it-outage');
  const chart = page.locator('#queue-chart');
  assert.equal(await chart.locator('.readout').count(), 0);
  const columns = chart.locator('rect.hover-col');
  const count = await columns.count();
  assert.ok(count > 50, `${count} hover columns`);
  await columns.nth(Math.floor(count / 2)).hover({ force: true });
  await chart.locator('.readout').waitFor();
  // One dot and one row per level, and the time span of the column in the box's title.
  const levels = await chart.locator('polyline.series-line').count();
  assert.equal(await chart.locator('.readout circle').count(), levels);
  assert.match(await chart.locator('.readout-title').textContent(), /day [\d.]+ \([\d.]+–[\d.]+ h\)/);
  await page.mouse.move(5, 5);
  await chart.locator('.readout').waitFor({ state: 'detached' });

  const ticks = async () => chart.locator('.y-axis .tick-label').allTextContents();
  const linear = await ticks();
  await page.check('#queue-log-scale');
  await page.waitForFunction((before) =>
    JSON.stringify([...document.querySelectorAll('#queue-chart .y-axis .tick-label')].map((t) => t.textContent)) !== before,
  JSON.stringify(linear));
  const log = await ticks();
  // The log scale's ticks are 0, then powers of ten or 1-2-5 steps, up past the highest queue.
  assert.equal(log[0], '0');
  assert.ok(log.slice(1).every((t) => /^(1|2|5)0*$/.test(t)), `log ticks ${log}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the journey picker draws the issue picked', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'it-outage');
  const shown = await page.getAttribute('#journey-timeline .journey', 'data-issue');
  const options = await page.locator('#journey-select option').evaluateAll((o) => o.map((x) => [x.value, x.textContent]));
  assert.ok(options.length > 1);
  const other = options.find(([, text]) => !text.startsWith(`#${shown} `));
  await page.selectOption('#journey-select', other[0]);
  const issue = other[1].match(/^#(\d+)/)[1];
  await page.waitForSelector(`#journey-timeline .journey[data-issue="${issue}"]`);
  assert.match(await page.textContent('#journey-timeline .journey-head strong'), new RegExp(`^Issue #${issue} `));
  assert.ok(await page.locator('#journey-timeline .journey-steps li').count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});
