/**
 * SIGKILL of the CLI in the middle of a run (a CI cancellation, the OOM killer): no handler in
 * the CLI runs, so its reaper must stop PostgreSQL, Redis, the measured child and what that
 * child started, and remove the S3 and Redis temp dirs, within 10 s. Runs the real CLI with the
 * embedded PostgreSQL, a redis-server binary and the in-process S3 server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli } from '../testing/run-cli.js';

const FIXTURE = path.join(REPO_ROOT, 'harness/testing/fixtures/reaper-scenarios.mjs');

function parentsByPid(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  return parentOf;
}

function descendants(pid: number): number[] {
  const parentOf = parentsByPid();
  const out: number[] = [];
  const visit = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return out;
}

/** Running, not a zombie (an exited child whose parent, here the killed CLI, never waited for it). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function tempDirsOf(pid: number): string[] {
  return fs
    .readdirSync(os.tmpdir())
    .filter((n) => n.startsWith('heapgate-') && n.includes(`-${pid}-`))
    .map((n) => path.join(os.tmpdir(), n));
}

describe('SIGKILL of the CLI', () => {
  it('leaves no PostgreSQL, Redis, S3 dir or child of the run 10 s later', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-sigkill-out-'));
    const { child, done } = startCli(['run', 'fixture-everything-slow', '--scenarios', FIXTURE, '--out', out], {
      PG_URL: '',
      REDIS_URL: '',
      S3_ENDPOINT: '',
      HEAPGATE_SERVICES: 'local',
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const started = Date.now();
    while (!/\[1\/1\] fixture-everything-slow/.test(stderr)) {
      if (Date.now() - started > 90_000) throw new Error(`run never started:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The measured child starts its own process as soon as `run` begins.
    let tree: number[] = [];
    let commands: string[] = [];
    while (Date.now() - started < 90_000) {
      tree = descendants(child.pid!);
      commands = tree.map(cmdline);
      if (commands.some((c) => c.includes('setTimeout(() => {}, 120000)'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const kinds = {
      postgres: tree.filter((_, i) => /postgres/.test(commands[i]!)),
      redis: tree.filter((_, i) => /redis-server/.test(commands[i]!)),
      measured: tree.filter((_, i) => commands[i]!.includes('child-entry.js')),
      grandchild: tree.filter((_, i) => commands[i]!.includes('setTimeout(() => {}, 120000)')),
      reaper: tree.filter((_, i) => commands[i]!.includes('reaper-entry.js')),
    };
    for (const [kind, pids] of Object.entries(kinds)) expect(pids.length, `${kind} running before the kill`).toBeGreaterThan(0);
    const dirs = tempDirsOf(child.pid!);
    expect(dirs.some((d) => path.basename(d).startsWith('heapgate-s3-'))).toBe(true);
    expect(dirs.some((d) => path.basename(d).startsWith('heapgate-redis-'))).toBe(true);

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await done;
    let left = tree.filter(alive);
    let dirsLeft = dirs.filter((d) => fs.existsSync(d));
    while ((left.length > 0 || dirsLeft.length > 0) && Date.now() - killedAt < 10_000) {
      await new Promise((r) => setTimeout(r, 50));
      left = tree.filter(alive);
      dirsLeft = dirs.filter((d) => fs.existsSync(d));
    }
    const cleanMs = Date.now() - killedAt;
    process.stderr.write(`[sigkill] ${tree.length} processes and ${dirs.length} temp dirs gone ${cleanMs} ms after SIGKILL\n`);
    expect(left.map((p) => `${p} ${cmdline(p)}`)).toEqual([]);
    expect(dirsLeft).toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  }, 120_000);
});
