/**
 * `heapgate run --capacity` end to end: the projected record count is checked the way a user
 * would, by running the variant under that heap at 0.85 × and 1.3 × the projection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/leak-scenarios.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-capacity-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const run = (dir: string, args: string[]) =>
  runCli(['run', 'fixture-capacity', '--scenarios', FIXTURES, '--json', '--out', path.join(out, dir), ...args]);

describe('heapgate run --capacity', () => {
  it('projects where a growing variant stops fitting: it completes at 0.85 × and runs out of heap at 1.3 ×', async () => {
    const res = await run('sweep', ['--records', 'sweep', '--capacity', '128MB']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    // The floors were searched (for the projection) without --heap-floor.
    expect(doc.heapFloors?.length).toBe(6);
    const grows = doc.capacity!.find((c) => c.variant === 'grows' && c.metric === 'heapFloor')!;
    expect(grows).toMatchObject({ limitBytes: 128 * 1024 * 1024, growthClass: 'linear', records: [100_000, 300_000, 600_000] });
    const projected = grows.projectedRecords!;
    // The interval holds the projection; floors found on a whole-MB grid can lie exactly on a
    // line (a zero-width interval), and a noisy sweep's lower edge may never cross the limit
    // within 100 × the sweep (high = null: not bounded above).
    expect(grows.low!).toBeLessThanOrEqual(projected);
    if (grows.high !== null) expect(grows.high!).toBeGreaterThanOrEqual(projected);
    expect(res.stderr).toMatch(/capacity under 128 MB: fixture-capacity grows, from heap floor .*: ≈ [\d,]+ records/);
    const flat = doc.capacity!.filter((c) => c.variant === 'flat');
    expect(flat.map((c) => [c.growthClass, c.projectedRecords])).toEqual([
      ['constant', null],
      ['constant', null],
      ['constant', null],
    ]);
    expect(res.stderr).toMatch(/fixture-capacity flat, from heap floor .*: not bounded by records in the measured range/);

    const under = await run('under', ['--variant', 'grows', '--records', String(Math.round(0.85 * projected)), '--max-heap', '128']);
    expect(under.code, under.stderr).toBe(0);
    expect((JSON.parse(under.stdout) as ResultsDocument).runs[0]!.status).toBe('ok');
    const over = await run('over', ['--variant', 'grows', '--records', String(Math.round(1.3 * projected)), '--max-heap', '128']);
    expect(over.code).toBe(1);
    expect((JSON.parse(over.stdout) as ResultsDocument).runs[0]!.status).toBe('oom');
  });

  it('exits 2 with a usage line for a size without a byte unit', async () => {
    const res = await run('bad', ['--capacity', '512']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--capacity must be a size with a byte unit/);
    expect(res.stderr).toMatch(/^usage: heapgate run/m);
  });
});
