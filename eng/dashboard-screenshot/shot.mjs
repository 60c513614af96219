// node shot.mjs LOGIN_URL OUT_DIR — screenshots of the Aspire dashboard's Resources, Traces and Metrics
// pages, rendered by Debian's chromium driven by Playwright (a plain `chromium --screenshot` of this
// Blazor app is blank). LOGIN_URL is the link the AppHost prints (http://localhost:18888/login?t=…).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

// TRACE_ID (optional): also the detail page of that trace (the X-Correlation-Id of a write through the gateway).
const [login, out = '../../docs/images', traceId] = process.argv.slice(2);
if (!login) {
  console.error('usage: node shot.mjs LOGIN_URL [OUT_DIR] [TRACE_ID]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const base = new URL(login).origin;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: 'light' });
await page.goto(login, { waitUntil: 'networkidle' });

async function shot(path, waitFor, file) {
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.getByText(waitFor, { exact: false }).first().waitFor({ state: 'attached', timeout: 30000 });
  await page.waitForTimeout(1500); // let the grid settle
  await page.screenshot({ path: `${out}/${file}` });
  console.log(`${out}/${file}`);
}

await shot('/', 'gateway', 'dashboard-resources.png');
await shot('/traces', 'gateway', 'dashboard-traces.png');
if (traceId) {
  await shot(`/traces/detail/${traceId}`, 'gateway', 'dashboard-trace.png');
}
await browser.close();
