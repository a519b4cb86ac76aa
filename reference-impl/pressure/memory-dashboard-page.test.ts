/**
 * The dashboard page over real HTTP: self-contained (no external script, style, font or
 * image), a Content-Security-Policy whose hashes are exactly the inline script's and
 * stylesheet's, security headers, the state at the moment it was served, and every templated
 * value escaped — a hostile cache name included.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatDashboardBytes,
  formatDashboardDuration,
  formatDashboardRatio,
  formatDashboardTime,
} from './memory-dashboard-format.js';
import { type DashboardApp, HOSTILE_CACHE_NAME, startDashboardApp } from './test-fixtures/memory-dashboard-app.js';

const started: DashboardApp[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.app.close();
});

async function start(options: Parameters<typeof startDashboardApp>[0] = {}) {
  const s = await startDashboardApp(options);
  started.push(s);
  return s;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('memory dashboard page', () => {
  it('is one self-contained document whose CSP allows exactly its inline script and stylesheet', async () => {
    const { pageUrl, dashboard } = await start();
    const response = await fetch(pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    const styles = [...html.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style>/g)];
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(scripts[0]![1]).toBe(''); // no src, no type
    const csp = response.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': sha256(scripts[0]![2]!),
      'style-src': sha256(styles[0]![2]!),
      'connect-src': "'self'",
      'img-src': 'data:',
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    // Nothing is loaded from anywhere: no src, no http(s) link, no @import or url() in the CSS.
    expect(html).not.toMatch(/\bsrc=/);
    expect(html).not.toMatch(/(href|action)="(?!data:)/);
    expect(styles[0]![2]).not.toMatch(/@import|url\(/);
    expect(html).not.toMatch(/\sstyle="/); // the CSP would refuse inline style attributes
    expect(html).not.toMatch(/\son[a-z]+=/); // nor inline event handlers
    expect(html).toContain(`data-events-url="${dashboard.eventsPath}"`);
  });

  it('renders the state it was served with: level, figures, cache rows and pressure events', async () => {
    const { pageUrl, scripted } = await start();
    scripted.read(0.9); // normal → critical
    const html = await (await fetch(pageUrl)).text();
    expect(html).toMatch(/<span id="level" class="level level-critical" data-level="critical">critical<\/span>/);
    expect(html).toContain(`<span id="pressure">${formatDashboardRatio(0.9)}</span>`);
    expect(html).toContain(`<dd id="fig-heap">${formatDashboardBytes(900_000_000)}</dd>`);
    expect(html).toContain(`<dd id="fig-limit">${formatDashboardBytes(1_000_000_000)}</dd>`);
    expect(html).toContain('<dd id="fig-readings">2</dd>');
    expect(html).toContain('<dd id="fig-transitions">1</dd>');
    // contacts: 2 entries, 3 hits, 1 miss → 75.0 %; full capacity.
    expect(html).toMatch(
      /<tr><td class="name">contacts<\/td><td>2<\/td><td>[^<]+ B<\/td><td>75\.0 %<\/td><td>3<\/td><td>1<\/td><td>0<\/td><td>100\.0 %<\/td><\/tr>/,
    );
    expect(html).toMatch(/<tr><td class="name">suggestions<\/td><td>0<\/td><td>0 B<\/td><td>0\.0 %<\/td>/);
    expect(html).toMatch(
      /<tr><td class="time">\d\d:\d\d:\d\d<\/td><td class="change to-critical">normal → critical<\/td><td>90\.0 %<\/td><\/tr>/,
    );
  });

  it('says so when there are no caches and no pressure events', async () => {
    const { pageUrl } = await start({ cacheNames: [] });
    const html = await (await fetch(pageUrl)).text();
    expect(html).toContain('<tbody id="cache-rows"><tr class="empty"><td colspan="8">no caches registered</td></tr></tbody>');
    expect(html).toContain('<tbody id="transition-rows"><tr class="empty"><td colspan="3">no pressure events yet</td></tr></tbody>');
  });

  it('escapes a hostile cache name: it shows as text and adds no markup', async () => {
    const { pageUrl } = await start({ cacheNames: [HOSTILE_CACHE_NAME] });
    const html = await (await fetch(pageUrl)).text();
    expect(html).toContain(`<td class="name">${escapeHtml(HOSTILE_CACHE_NAME)}</td>`);
    expect(escapeHtml(HOSTILE_CACHE_NAME)).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect([...html.matchAll(/<script\b/g)]).toHaveLength(1);
  });

  it('serves under the app prefix when registered inside a prefixed plugin', async () => {
    const Fastify = (await import('fastify')).default;
    const { registerMemoryDashboard } = await import('./memory-dashboard.js');
    const { scriptedHandler } = await import('./test-fixtures/scripted-pressure.js');
    const app = Fastify();
    let dashboard: ReturnType<typeof registerMemoryDashboard> | undefined;
    await app.register(
      async (ops) => {
        dashboard = registerMemoryDashboard(ops, { handler: scriptedHandler().handler, path: '/memory' });
      },
      { prefix: '/ops' },
    );
    try {
      await app.ready();
      expect(dashboard!.path).toBe('/ops/memory');
      expect(dashboard!.eventsPath).toBe('/ops/memory/events');
      const page = await app.inject({ url: '/ops/memory' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-events-url="/ops/memory/events"');
      expect((await app.inject({ url: '/memory' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('memory dashboard text formatting', () => {
  it('formats bytes in binary units with three significant digits, ratios, UTC times and durations', () => {
    expect([0, 512, 1536, 12.3 * 1024 ** 2, 1.02 * 1024 ** 3, -2 * 1024 ** 2, Number.NaN].map(formatDashboardBytes)).toEqual([
      '0 B',
      '512 B',
      '1.50 KB',
      '12.3 MB',
      '1.02 GB',
      '-2.00 MB',
      'n/a',
    ]);
    expect([0, 0.853, 1].map(formatDashboardRatio)).toEqual(['0.0 %', '85.3 %', '100.0 %']);
    expect(formatDashboardTime(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('03:04:05');
    expect([0, 42_900, 187_000, 7_500_000, -1].map(formatDashboardDuration)).toEqual(['0 s', '42 s', '3 min 07 s', '2 h 05 min', 'n/a']);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
