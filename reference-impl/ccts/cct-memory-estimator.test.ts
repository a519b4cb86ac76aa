/**
 * The estimator against a measurement: a fresh `node --expose-gc` process pre-loads a
 * 100,000-row export from a local file and reports what the manager retained (V8 heap plus
 * ArrayBuffer backing stores, after forced GCs). Uses the compiled build (`npm test` builds
 * first), as the harness's measured children do.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/testing/run-cli.js';
import { estimatePreloadBytes, estimateRecordCount, PRELOAD_BYTES_PER_RECORD } from './cct-memory-estimator.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-estimator-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Measures in a child; returns retained bytes and what the manager reported. */
function measurePreload(records: number): { retainedBytes: number; recordsLoaded: number; estimatedBytes: number } {
  const dist = (p: string) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', p)).href);
  const file = path.join(dir, `export-${records}.csv`);
  const script = `
    const fs = await import('node:fs');
    const { CCTsManager } = await import(${dist('reference-impl/ccts/ccts-manager.js')});
    const { LocalCCTSource } = await import(${dist('reference-impl/ccts/local-cct-source.js')});
    const { generateCCTCsvLines } = await import(${dist('scenarios/ccts/rows.js')});
    const write = (n, f) => fs.writeFileSync(f, [...generateCCTCsvLines(n)].join('\\n') + '\\n');
    write(${records}, ${JSON.stringify(file)});
    write(2000, ${JSON.stringify(`${file}.warm`)});
    const warm = new CCTsManager({ source: new LocalCCTSource(${JSON.stringify(`${file}.warm`)}), mode: 'preload' });
    await warm.initialize(); await warm.lookup('09DPR0001A'); await warm.close();
    const settle = async () => { await new Promise((r) => setTimeout(r, 0)); gc(); await new Promise((r) => setTimeout(r, 0)); gc(); gc(); };
    const read = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    await settle();
    const before = read();
    const manager = new CCTsManager({ source: new LocalCCTSource(${JSON.stringify(file)}), mode: 'preload' });
    const stats = await manager.initialize();
    await manager.lookup('09DPR0001A');
    await settle();
    const after = read();
    process.stdout.write(JSON.stringify({ retainedBytes: after - before, recordsLoaded: stats.recordsLoaded, estimatedBytes: stats.estimatedBytes, alive: manager.mode }));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', '--no-flush-bytecode', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
    }).toString(),
  );
}

describe('pre-load memory estimator', () => {
  // At 270,000 records (the acceptance size) the index is ~3.6 MB, well above the ±0.3 MB of
  // unrelated heap movement a fresh process shows; at 100,000 that noise alone could exceed 15%.
  it('is within 15% of the measured retained bytes at 270,000 records (the seed guessed 100 B/record; it is ~13)', () => {
    const m = measurePreload(270_000);
    expect(m.recordsLoaded).toBe(270_000);
    const model = estimatePreloadBytes(m.recordsLoaded);
    expect(Math.abs(model - m.retainedBytes) / m.retainedBytes).toBeLessThanOrEqual(0.15);
    // The estimate the mode decision used (records guessed from the file size) too.
    expect(Math.abs(m.estimatedBytes - m.retainedBytes) / m.retainedBytes).toBeLessThanOrEqual(0.15);
    expect(m.retainedBytes / m.recordsLoaded).toBeLessThan(16);
  });

  it('estimates the record count from the size and a sample of the start', () => {
    const header = 'id,clave,nombre\n';
    const row = '123456,09DPR0001A,ESCUELA PRIMARIA\n';
    const sample = Buffer.from(header + row.repeat(100));
    expect(estimateRecordCount(header.length + row.length * 10_000, sample)).toBe(10_000);
    expect(estimateRecordCount(1000, Buffer.from('id,clave'))).toBeUndefined();
    expect(estimatePreloadBytes(1000) - estimatePreloadBytes(0)).toBe(1000 * PRELOAD_BYTES_PER_RECORD);
    expect(() => estimatePreloadBytes(-1)).toThrow(TypeError);
  });
});
