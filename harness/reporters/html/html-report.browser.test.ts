/**
 * Opens the HTML report in real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; nothing downloads a browser) from a file:// URL and checks what a person
 * would see: headings, charts drawn, no console errors, no network requests, no script run by a
 * hostile name. Writes reports/screenshots/report.png (and report-compare.png).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOSTILE, buildResultsFixture } from '../test-fixtures/results-fixture.js';
import { renderHtmlReport } from './render-html-report.js';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../reports/screenshots/', import.meta.url));

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'heapgate-html-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens `html` from a file and records everything that went wrong. */
async function open(html: string, name: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const file = path.join(dir, name, 'index.html');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('dialog', async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

describe('HTML report in headless Chromium', () => {
  test('renders headings and charts, offline, without errors or script; writes a screenshot', async () => {
    const { page, problems, requests } = await open(
      renderHtmlReport(buildResultsFixture(), { title: 'heapgate report — contact-scan sweep' }),
      'head',
    );
    expect(await page.locator('h1').textContent()).toBe('heapgate report — contact-scan sweep');
    const headings = await page.locator('section.scenario > h2').allTextContents();
    // The hostile name shows as text, exactly.
    expect(headings).toEqual(['contact-scan', HOSTILE]);
    expect(await page.locator('script, img, iframe, object').count()).toBe(0);

    const sweep = page.locator('section.scenario').nth(0);
    expect(await sweep.locator('svg.chart').count()).toBe(4);
    expect(await sweep.locator('svg.chart[data-chart="timeline"] path.series').count()).toBe(2);
    expect(await sweep.locator('svg.chart[data-chart="scaling"] circle.point').count()).toBe(12);
    expect(await page.locator('section.scenario').nth(1).locator('svg.chart').count()).toBe(1);
    for (const box of await Promise.all((await page.locator('svg.chart').all()).map((c) => c.boundingBox()))) {
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(150);
    }
    expect(await sweep.locator('table.growth').textContent()).toMatch(/after-full-scanheap Δ \(peak\).*constant/);

    const screenshot = path.join(SCREENSHOT_DIR, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
    await page.close();
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  test('renders base vs head with its comparison chart', async () => {
    const base = buildResultsFixture({ hostile: false });
    const head = buildResultsFixture({ hostile: false, beforeFactor: 1.3, seed: 7 });
    const { page, problems, requests } = await open(renderHtmlReport(head, { base, title: 'heapgate: base vs head' }), 'compare');
    expect(await page.locator('h3', { hasText: 'Base vs head' }).count()).toBe(1);
    expect(await page.locator('svg.chart[data-chart="compare"] rect.bar').count()).toBe(4);
    expect(await page.locator('table.compare td.worse').count()).toBeGreaterThan(0);
    const screenshot = path.join(SCREENSHOT_DIR, 'report-compare.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
    await page.close();
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });
});
