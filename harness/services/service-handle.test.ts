import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';
import { createServiceHandle } from './service-handle.js';

/** A release function that counts its calls. */
function counter() {
  const c = {
    calls: 0,
    stop: async () => {
      c.calls++;
    },
  };
  return c;
}

describe('createServiceHandle', () => {
  it('stops once however often stop() and asyncDispose are called, returning the same promise', async () => {
    const release = counter();
    const h = createServiceHandle({ service: 'redis', provider: 'binary', endpoint: { url: 'redis://127.0.0.1:1' }, stop: release.stop });
    const first = h.stop();
    expect(h.stop()).toBe(first);
    expect(h[Symbol.asyncDispose]()).toBe(first);
    await first;
    expect(release.calls).toBe(1);
  });

  it('reports a failed stop to every caller, without retrying it', async () => {
    let calls = 0;
    const h = createServiceHandle({
      service: 'postgres',
      provider: 'embedded',
      endpoint: { connectionString: 'postgres://127.0.0.1/x' },
      stop: async () => {
        calls++;
        throw new Error('pg_ctl failed');
      },
    });
    await expect(h.stop()).rejects.toThrow('pg_ctl failed');
    await expect(h.stop()).rejects.toThrow('pg_ctl failed');
    expect(calls).toBe(1);
  });

  it('freezes a copy of the endpoint and the handle', () => {
    const endpoint = { url: 'redis://127.0.0.1:1' };
    const h = createServiceHandle({ service: 'redis', provider: 'url', endpoint });
    endpoint.url = 'changed';
    expect(h.endpoint.url).toBe('redis://127.0.0.1:1');
    expect(Object.isFrozen(h.endpoint)).toBe(true);
    expect(Object.isFrozen(h)).toBe(true);
  });

  it('has a version only when one is known, and a no-op stop for a URL', async () => {
    const known = createServiceHandle({ service: 's3', provider: 'in-process', endpoint: {}, version: 's3rver 3.7.1' });
    const unknown = createServiceHandle({ service: 's3', provider: 'url', endpoint: {} });
    expect(known).toMatchObject({ service: 's3', provider: 'in-process', version: 's3rver 3.7.1' });
    expect('version' in unknown).toBe(false);
    await expect(unknown.stop()).resolves.toBeUndefined();
    await known.stop();
  });

  it('is stopped by the process cleanup on Ctrl-C, unless it was stopped already', () => {
    // A real process and a real SIGINT: cleanup.ts stops what is registered, then exits 130.
    const module = pathToFileURL(path.join(REPO_ROOT, 'dist/harness/services/service-handle.js')).href;
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        const { createServiceHandle } = await import(${JSON.stringify(module)});
        const handle = (name) => createServiceHandle({
          service: name, provider: 'binary', endpoint: {},
          stop: async () => { process.stdout.write('stopped ' + name + '\\n'); },
        });
        const early = handle('early');
        handle('running');
        await early.stop();
        process.kill(process.pid, 'SIGINT');
        setTimeout(() => process.stdout.write('still alive\\n'), 10_000);
      `,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status, r.stderr).toBe(130);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['stopped early', 'stopped running']);
  });
});
