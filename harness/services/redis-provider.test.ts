import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { HeapgateError } from '../errors.js';
import { findRedisServer, redisProvider, startRedis } from './redis-provider.js';
import { selectProvider } from './select-provider.js';
import type { ServiceHandle } from './service-handle.js';
import type { RedisEndpoint } from '../scenario/types.js';

describe('selectProvider(redisProvider)', () => {
  it('names the three ways to provide Redis when none is available', async () => {
    const err = await selectProvider(redisProvider, { env: {}, dockerAvailable: async () => false, findBinary: () => undefined }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HeapgateError);
    expect((err as HeapgateError).code).toBe('HEAPGATE_SERVICE');
    const message = (err as Error).message;
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('Docker');
    expect(message).toContain('apt-get install -y redis-server');
  });
});

describe('findRedisServer', () => {
  it('finds the binary in the system directories even with an empty PATH', () => {
    // The machine this project targets has redis-server installed by its scripts (apt).
    expect(findRedisServer({ PATH: '' })).toMatch(/\/redis-server$/);
  });
});

describe('startRedis (binary provider)', () => {
  const handles: ServiceHandle<RedisEndpoint>[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop()));
  });

  it('starts a password-protected redis-server on loopback and removes everything on stop', async () => {
    const h = await startRedis({ env: { HEAPGATE_SERVICES: 'local' } });
    handles.push(h);
    expect(h.provider).toBe('binary');
    const url = new URL(h.endpoint.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.password.length).toBeGreaterThan(10);

    const unauthenticated = new Redis({ host: '127.0.0.1', port: Number(url.port), lazyConnect: true, retryStrategy: () => null });
    unauthenticated.on('error', () => {});
    await unauthenticated.connect().catch(() => {});
    await expect(unauthenticated.set('k', 'v')).rejects.toThrow(/NOAUTH|Authentication|AUTH|closed|writeable/i);
    unauthenticated.disconnect();

    const client = new Redis(h.endpoint.url);
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    const dir = (await client.config('GET', 'dir')) as string[];
    client.disconnect();
    expect(fs.existsSync(dir[1]!)).toBe(true);

    await h.stop();
    expect(fs.existsSync(dir[1]!)).toBe(false);
    const probe = new Redis(h.endpoint.url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });

  it('says why REDIS_URL was refused: a wrong password is WRONGPASS, not just "Connection is closed"', async () => {
    const h = await startRedis({ env: { HEAPGATE_SERVICES: 'local' } });
    handles.push(h);
    const wrong = new URL(h.endpoint.url);
    wrong.password = 'definitely-wrong-1';
    const err = await startRedis({ env: { REDIS_URL: wrong.toString() } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/cannot reach REDIS_URL redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
    expect(err?.message).not.toContain('definitely-wrong-1');
  });

  it('hands the password to redis-server on stdin, never on its command line', async () => {
    // A stand-in binary records what it was given, then fails like a broken install would.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-fake-redis-'));
    try {
      const fake = path.join(dir, 'redis-server');
      fs.writeFileSync(fake, `#!/bin/sh\necho "$@" > ${dir}/argv\ncat > ${dir}/stdin\nexit 1\n`, { mode: 0o755 });
      const password = 'Argv-check-secret-123';
      await startRedis({ env: { HEAPGATE_SERVICES: 'local' }, findBinary: () => fake, password, readyTimeoutMs: 3000 }).catch(() => {});
      expect(fs.readFileSync(path.join(dir, 'argv'), 'utf8')).not.toContain(password);
      expect(fs.readFileSync(path.join(dir, 'stdin'), 'utf8')).toContain(`requirepass ${password}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts on the same port and password, so existing clients reconnect', async () => {
    const first = await startRedis({ env: { HEAPGATE_SERVICES: 'local' } });
    handles.push(first);
    const url = new URL(first.endpoint.url);
    const client = new Redis(first.endpoint.url, { retryStrategy: () => 50 });
    client.on('error', () => {});
    await client.set('before', '1');
    await first.stop();

    const second = await startRedis({ env: { HEAPGATE_SERVICES: 'local' }, port: Number(url.port), password: url.password });
    handles.push(second);
    expect(second.endpoint.url).toBe(first.endpoint.url);
    // Same client object: it reconnects by itself; the data did not survive (no persistence).
    await new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
    expect(await client.get('before')).toBeNull();
    await client.set('after', '2');
    expect(await client.get('after')).toBe('2');
    client.disconnect();
  });

  it('fails with the three alternatives when the binary cannot start', async () => {
    const err = await startRedis({ env: { HEAPGATE_SERVICES: 'local' }, findBinary: () => '/nonexistent/redis-server' }).catch(
      (e: unknown) => e,
    );
    expect((err as HeapgateError).code).toBe('HEAPGATE_SERVICE');
    expect((err as Error).message).toContain('REDIS_URL');
  });
});
