/**
 * `npm run service` end to end, as a user runs it: the built script (`npm test` builds first)
 * in its own process starts its own PostgreSQL, seeds two users, prints the URL and the user
 * ids, serves real HTTP, and on SIGTERM stops the service and its PostgreSQL, leaving no process
 * and no temp dir behind. Bad command lines exit 2 with the usage line before starting anything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../reference-impl/test-fixtures/repo-root.js';

const SERVE = path.join(REPO_ROOT, 'dist/scenarios/concurrent-users/serve.js');
const USAGE = 'usage: npm run service -- [--users N] [--suggestions naive|streaming] [--port P]';
const tmpDirs: string[] = [];
const children: ChildProcess[] = [];

interface Serve {
  readonly child: ChildProcess;
  /** The script's private temp dir (TMPDIR): where its PostgreSQL keeps its data. */
  readonly tmp: string;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServe(args: readonly string[]): Serve {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-serve-test-'));
  tmpDirs.push(tmp);
  // As root, embedded PostgreSQL runs as the `postgres` user, and initdb reads its password
  // file from TMPDIR: that user must be able to enter it (traverse only, as the provider does).
  fs.chmodSync(tmp, 0o711);
  const env: NodeJS.ProcessEnv = { ...process.env, HEAPGATE_SERVICES: 'local', TMPDIR: tmp };
  delete env.PG_URL;
  const child = spawn(process.execPath, [SERVE, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, tmp, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with stdout once it holds the `users:` line; rejects if the script exits first. */
function untilReady(serve: Serve): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (/^users: .*\n/m.test(serve.stdout())) resolve(serve.stdout());
    };
    serve.child.stdout!.on('data', check);
    check();
    void serve.exited.then(({ code }) => reject(new Error(`serve exited (${code}) before it was ready:\n${serve.stderr()}`)));
  });
}

/** Pids of the direct children of `pid` whose command is `postgres` (the embedded server). */
function postgresChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && comm === 'postgres') found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run service', () => {
  it('serves two seeded users over HTTP and on SIGTERM stops, its PostgreSQL and temp dirs gone', async () => {
    const serve = startServe(['--users', '2']);
    const stdout = await untilReady(serve);
    const url = /^url: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
    expect(url).toBeDefined();
    const users = /^users: (.*)$/m.exec(stdout)![1]!.split(' ');
    expect(users).toEqual(['seed-1318', 'seed-1318-u1']);

    const postgres = postgresChildren(serve.child.pid!);
    expect(postgres).toHaveLength(1);
    expect(fs.readdirSync(serve.tmp).some((name) => name.startsWith('heapgate-pg-'))).toBe(true);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const suggestions = await fetch(`${url}/users/${users[1]}/suggestions`);
    expect(suggestions.status).toBe(200);
    const body = (await suggestions.json()) as { suggestions: { contactId: string }[]; rowsRead: number; batches: number };
    expect(body.suggestions).toHaveLength(50);
    // A full streamed pass over the user's active contacts (~3% of 1,318 are archived).
    expect(body.rowsRead).toBeGreaterThan(1200);
    expect(body.rowsRead).toBeLessThan(1318);
    const other = (await (await fetch(`${url}/users/${users[0]}/suggestions`)).json()) as typeof body;
    expect(other.suggestions.map((s) => s.contactId)).not.toEqual(body.suggestions.map((s) => s.contactId));

    serve.child.kill('SIGTERM');
    const { code, signal } = await serve.exited;
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(postgres.filter(alive)).toEqual([]);
    expect(fs.readdirSync(serve.tmp)).toEqual([]);
    // Progress only: the connection string (and its password) is never printed.
    expect(serve.stderr()).not.toMatch(/postgres(ql)?:\/\//);
    expect(stdout).not.toMatch(/postgres(ql)?:\/\//);
  });

  it('exits 2 with the usage line on a malformed command line, starting nothing', async () => {
    for (const args of [
      ['--users', '0'],
      ['--users', 'ten'],
      ['--suggestions', 'fast'],
      ['--port', '70000'],
      ['--bogus'],
      ['--users', '2', '--users', '3'],
    ]) {
      const serve = startServe(args);
      const { code } = await serve.exited;
      expect(code, args.join(' ')).toBe(2);
      expect(serve.stderr(), args.join(' ')).toContain(USAGE);
      expect(serve.stdout()).toBe('');
      expect(fs.readdirSync(serve.tmp)).toEqual([]);
    }
  });
});
