/**
 * The memory dashboard in real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; nothing downloads a browser), served by a fastify app whose handler reads
 * scripted heap figures: the page connects, shows the level, redraws when a scripted reading
 * jumps to critical, draws the bands and series, shows a hostile cache name as text, loads
 * nothing from anywhere else, runs without a console error or CSP violation, reads the same
 * with and without script, and works through a token. Writes
 * reports/dashboard/memory-dashboard.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type DashboardApp, HOSTILE_CACHE_NAME, startDashboardApp } from './test-fixtures/memory-dashboard-app.js';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../reports/dashboard/', import.meta.url));
const TOKEN = '0123456789abcdef0123456789abcdef';

let browser: Browser;
const started: DashboardApp[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
});

afterEach(async () => {
  // Pages first: an open EventSource would otherwise reconnect to an app going away.
  for (const p of pages.splice(0)) await p.context().close();
  for (const s of started.splice(0)) await s.app.close();
});

afterAll(async () => {
  await browser?.close();
});

async function start(options: Parameters<typeof startDashboardApp>[0] = {}) {
  const s = await startDashboardApp(options);
  started.push(s);
  return s;
}

/** A page in a fresh context that records every problem and every request. */
async function newPage(javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, javaScriptEnabled });
  const page = await context.newPage();
  pages.push(page);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Closing the context aborts the open event stream; anything else failing is a problem.
    if (!r.url().includes('/events')) problems.push(`request failed: ${r.url()}`);
  });
  page.on('dialog', async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  return { page, problems, requests };
}

/** Waits until `selector`'s text is `text` (no fixed sleeps: the page is live). */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent === t, [selector, text] as const, { timeout: 15_000 });
}

describe('memory dashboard in headless Chromium', () => {
  test('shows the level live and follows a pressure event to critical; offline, no errors; writes a screenshot', async () => {
    const s = await start({ intervalMs: 100, cacheNames: ['contacts', 'suggestions', HOSTILE_CACHE_NAME] });
    const { page, problems, requests } = await newPage();
    const response = await page.goto(s.pageUrl, { waitUntil: 'load' });
    expect(response!.status()).toBe(200);
    await waitForText(page, '#connection', 'live');
    await waitForText(page, '#level', 'normal');
    // A few updates in, the chart has its three bands and both series.
    await page.waitForFunction(() => (document.querySelector('#chart polyline.heap')?.getAttribute('points') ?? '').split(' ').length >= 3);
    expect(await page.locator('#chart rect.band').evaluateAll((rects) => rects.map((r) => r.getAttribute('data-level')))).toEqual([
      'warning',
      'critical',
      'emergency',
    ]);
    expect(await page.locator('#chart polyline.rss').count()).toBe(1);
    expect(await page.locator('#transition-rows').textContent()).toBe('no pressure events yet');

    // The pressure event: the scripted reading jumps to 90 % of the limit.
    expect(s.scripted.read(0.9)).toBe('critical');
    await waitForText(page, '#level', 'critical');
    expect(await page.locator('#level').getAttribute('class')).toBe('level level-critical');
    await waitForText(page, '#pressure', '90.0 %');
    await waitForText(page, '#transition-rows tr:first-child td.change', 'normal → critical');
    expect(await page.locator('#transition-rows tr:first-child td').nth(2).textContent()).toBe('90.0 %');
    await waitForText(page, '#fig-heap', '858 MB'); // 900,000,000 B in binary units
    // The heap line's newest point sits inside the critical band (85–95 % of the limit).
    await page.waitForFunction(() => {
      const dot = document.querySelector('#chart circle.last.heap');
      const band = document.querySelector('#chart rect.band-critical');
      if (!dot || !band) return false;
      const cy = Number(dot.getAttribute('cy'));
      const top = Number(band.getAttribute('y'));
      return cy > top && cy < top + Number(band.getAttribute('height'));
    });

    // The hostile cache name is text, exactly, and ran nothing.
    const names = await page.locator('#cache-rows td.name').allTextContents();
    expect(names).toEqual(['contacts', 'suggestions', HOSTILE_CACHE_NAME]);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('#cache-rows tr').first().locator('td').allTextContents()).toEqual([
      'contacts',
      '2',
      expect.stringMatching(/ B$/),
      '75.0 %',
      '3',
      '1',
      '0',
      '100.0 %',
    ]);

    const screenshot = path.join(SCREENSHOT_DIR, 'memory-dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
    expect(problems).toEqual([]);
    // Everything came from the app: the page and its event stream, nothing else.
    expect([...new Set(requests)].sort()).toEqual([s.eventsUrl, s.pageUrl].sort());
  });

  test('reads the same without script: the server-rendered tables match what the script draws', async () => {
    const s = await start({ intervalMs: 60_000, cacheNames: ['contacts', 'suggestions', 'tenants'] });
    s.scripted.read(0.9);
    s.scripted.read(0.97); // critical → emergency
    const tables = async (page: Page) => ({
      level: await page.locator('#level').textContent(),
      caches: await page.locator('#cache-rows tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))),
      transitions: await page
        .locator('#transition-rows tr')
        .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))),
    });
    const still = await newPage(false);
    await still.page.goto(s.pageUrl, { waitUntil: 'load' });
    const served = await tables(still.page);
    expect(await still.page.locator('#connection').textContent()).toBe('connecting…'); // no script ran
    const live = await newPage();
    await live.page.goto(s.pageUrl, { waitUntil: 'load' });
    await waitForText(live.page, '#connection', 'live');
    await live.page.waitForFunction(() => document.querySelector('#chart circle.last.heap') !== null); // drawn from init
    expect(await tables(live.page)).toEqual(served);
    expect(served.level).toBe('emergency');
    expect(served.transitions.map((t) => t[1])).toEqual(['critical → emergency', 'normal → critical']);
    expect(served.caches.map((c) => c[0])).toEqual(['contacts', 'suggestions', 'tenants']);
    expect([...still.problems, ...live.problems]).toEqual([]);
  });

  test('with a token: the page opened with ?token= streams live; without it the page is refused', async () => {
    const s = await start({ token: TOKEN });
    const refused = await newPage();
    const denied = await refused.page.goto(s.pageUrl);
    expect(denied!.status()).toBe(401);
    const { page, problems, requests } = await newPage();
    await page.goto(`${s.pageUrl}?token=${TOKEN}`, { waitUntil: 'load' });
    await waitForText(page, '#connection', 'live');
    s.scripted.read(0.75);
    await waitForText(page, '#level', 'warning');
    expect(requests).toContain(`${s.eventsUrl}?token=${TOKEN}`);
    expect(problems).toEqual([]);
  });
});
