import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityOf } from '../services/process-identity.js';
import { LEGACY_MAX_AGE_MS, sweepStaleTempDirs } from './sweep-stale-temp-dirs.js';

const roots: string[] = [];
afterEach(() => {
  for (const d of roots.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('sweepStaleTempDirs', () => {
  it('removes dirs whose recorded owner is gone and keeps live owners and foreign names', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-sweep-test-'));
    roots.push(tmp);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const me = identityOf();
    const names = {
      deadOwner: `heapgate-pg-${dead}-1-AbC123`,
      // Our pid, but another start time: the pid was reused, the recorded owner is gone.
      reusedPid: `heapgate-redis-${me.pid}-${(me.startTicks ?? 0) + 1}-XyZ789`,
      liveOwner: `heapgate-s3-${me.pid}-${me.startTicks ?? 0}-QwE456`,
      legacy: 'heapgate-pg-AbC123',
      foreign: 'something-else',
    };
    for (const n of Object.values(names)) {
      fs.mkdirSync(path.join(tmp, n, 'data'), { recursive: true });
      fs.writeFileSync(path.join(tmp, n, 'data', 'file'), 'x');
    }
    const removed = sweepStaleTempDirs(tmp).map((d) => path.basename(d));
    expect(removed.sort()).toEqual(me.startTicks === undefined ? [names.deadOwner] : [names.deadOwner, names.reusedPid].sort());
    expect(fs.readdirSync(tmp).sort()).toEqual(
      [names.liveOwner, names.legacy, names.foreign, ...(me.startTicks === undefined ? [names.reusedPid] : [])].sort(),
    );
  });

  it('removes a legacy unowned service dir only once nothing in it changed for a day', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-sweep-test-'));
    roots.push(tmp);
    const now = Date.now();
    const make = (name: string, ageMs: number, fileAgeMs = ageMs) => {
      const data = path.join(tmp, name, 'data');
      fs.mkdirSync(data, { recursive: true });
      fs.writeFileSync(path.join(data, 'file'), 'x');
      const at = (ms: number) => new Date(now - ms);
      fs.utimesSync(path.join(data, 'file'), at(fileAgeMs), at(fileAgeMs));
      fs.utimesSync(data, at(ageMs), at(ageMs));
      fs.utimesSync(path.join(tmp, name), at(ageMs), at(ageMs));
    };
    const day = LEGACY_MAX_AGE_MS;
    make('heapgate-pg-AbC123', day + 60_000);
    make('heapgate-redis-XyZ789', day + 60_000);
    make('heapgate-s3-QwE456', 60_000); // an older version's run under way
    make('heapgate-pg-Old001', day * 2, 60_000); // old dir, but a file changed a minute ago
    make('heapgate-cache-AbC123', day * 2); // not a service dir
    const removed = sweepStaleTempDirs(tmp, now).map((d) => path.basename(d));
    expect(removed.sort()).toEqual(['heapgate-pg-AbC123', 'heapgate-redis-XyZ789']);
    expect(fs.readdirSync(tmp).sort()).toEqual(['heapgate-cache-AbC123', 'heapgate-pg-Old001', 'heapgate-s3-QwE456']);
  });
});
