/**
 * A scenario with a `datasetVersion` is seeded once per (records, version) on a database:
 * the next invocation finds it recorded and hands the variants the dataset `seed()` returned
 * then, without calling `seed()`; a new version seeds again. Runs the real CLI twice against
 * the test run's PostgreSQL (as `PG_URL`), with a record count of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';
import { testPostgresUrl } from '../testing/services.js';

const FIXTURE = path.join(REPO_ROOT, 'harness/testing/fixtures/dataset-cache-scenarios.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-dataset-cache-out-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
// Unique per test run and file: the test database is shared by every file of the run.
const records = 1000 + (process.pid % 100_000);

async function run(version: string): Promise<{ stderr: string; seededInCall: number }> {
  const res = await runCli(
    [
      'run',
      'fixture-dataset-cache',
      '--records',
      String(records),
      '--scenarios',
      FIXTURE,
      '--live-heap',
      'observed',
      '--json',
      '--out',
      out,
    ],
    { PG_URL: testPostgresUrl(), HEAPGATE_FIXTURE_DATASET_VERSION: version },
  );
  expect(res.code, res.stderr).toBe(0);
  const doc = JSON.parse(res.stdout) as { runs: { counters?: Record<string, number> }[] };
  return { stderr: res.stderr, seededInCall: doc.runs[0]!.counters!.seededInCall! };
}

describe('datasetVersion', () => {
  it('seeds once per version and hands later runs the recorded dataset', async () => {
    const first = await run('a');
    expect(first.stderr).toMatch(/fixture-dataset-cache: seed\(\) call 1/);
    expect(first.seededInCall).toBe(1);

    const second = await run('a');
    expect(second.stderr).not.toMatch(/seed\(\) call/);
    expect(second.stderr).toMatch(/already seeded \(va\); seed\(\) not called/);
    expect(second.seededInCall).toBe(1);

    const bumped = await run('b');
    expect(bumped.stderr).toMatch(/fixture-dataset-cache: seed\(\) call 2/);
    expect(bumped.seededInCall).toBe(2);
  }, 180_000);
});
