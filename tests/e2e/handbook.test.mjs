// The escalation protocol exported from the app as a handbook page: the Markdown download is
// the page the command line writes for the same scenario and day, and the HTML download is a
// printable page with nothing to fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { session, open, pickPreset } from './harness.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const env = session();

async function downloaded(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return { name: d.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

test('the handbook page exported from the app is the command line\'s page for the same run', async () => {
  const { context, page, problems } = await open(env.browser, env.server.origin);
  await pickPreset(page, 'billing-dispute');
  const md = await downloaded(page, '#handbook-md');
  assert.match(md.name, /-handbook\.md$/);
  const day = new Date().toISOString().slice(0, 10);
  const cli = execFileSync('cargo', ['run', '--locked', '--quiet', '--bin', 'escalation-lab', '--',
    'handbook', 'static/scenarios/billing-dispute.json', '--date', day], { cwd: root, encoding: 'utf8' });
  assert.equal(md.text.trim(), cli.trim());
  assert.match(md.text, /^# Escalation protocol: Utility call centre — billing disputes/);
  assert.match(md.text, /P2 \(Disputed charge\): resolved within [\d.]+ \w+ in 9 of 10 cases/);

  const html = await downloaded(page, '#handbook-html');
  assert.match(html.name, /-handbook\.html$/);
  assert.match(html.text, /^<!doctype html>/i);
  assert.doesNotMatch(html.text, /https?:|<script|<link|src=/i);
  // Printable as it is: opened on its own, it shows the page and asks for nothing.
  const view = await context.newPage();
  const requests = [];
  view.on('request', (r) => requests.push(r.url()));
  await view.setContent(html.text);
  assert.match(await view.textContent('h1'), /Escalation protocol: Utility call centre — billing disputes/);
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
});
