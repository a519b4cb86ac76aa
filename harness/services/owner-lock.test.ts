import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLockOwner, tryOwnerLock } from './owner-lock.js';

const dirs: string[] = [];
function lockFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-lock-test-'));
  dirs.push(dir);
  return path.join(dir, 'lock');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A pid that ran and has exited (its number is free unless the kernel reuses it). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('tryOwnerLock', () => {
  it('is held by a live owner until released, and only the owner removes it', () => {
    const file = lockFile();
    const lock = tryOwnerLock(file);
    expect('release' in lock).toBe(true);
    expect(readLockOwner(file)?.pid).toBe(process.pid);
    const second = tryOwnerLock(file);
    expect(second).toEqual({ heldBy: readLockOwner(file) });
    if ('release' in lock) lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('takes over a lock whose owner is gone, after the takeover hook', () => {
    const file = lockFile();
    const pid = deadPid();
    fs.writeFileSync(file, JSON.stringify({ pid, startTicks: 1 }));
    const seen: unknown[] = [];
    const lock = tryOwnerLock(file, (owner) => seen.push(owner));
    expect('release' in lock).toBe(true);
    expect(seen).toEqual([{ pid, startTicks: 1 }]);
    expect(readLockOwner(file)?.pid).toBe(process.pid);
  });

  it('takes over a torn (malformed) lock file', () => {
    const file = lockFile();
    fs.writeFileSync(file, '{"pi');
    expect('release' in tryOwnerLock(file)).toBe(true);
  });

  it('does not release a lock another process took over', () => {
    const file = lockFile();
    const lock = tryOwnerLock(file);
    fs.writeFileSync(file, JSON.stringify({ pid: 1 }));
    if ('release' in lock) lock.release();
    expect(readLockOwner(file)?.pid).toBe(1);
  });
});
