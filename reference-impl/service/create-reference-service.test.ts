/**
 * The factory: options validated once with a TypeError naming the option, optional routes
 * mounted only when configured, and one error shape for every failure — validation, no such
 * route, and an unexpected error whose details stay out of the answer.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { createReferenceService } from './create-reference-service.js';
import { createTestContactsDatabase, startTestService, type TestContactsDatabase, type TestService } from './test-fixtures/test-service.js';

let data: TestContactsDatabase;
let service: TestService;
let empty: TestSchema;
let emptyPool: pg.Pool;

beforeAll(async () => {
  data = await createTestContactsDatabase('service_factory', 60);
  service = await startTestService({ pool: data.pool });
  empty = await createTestSchema('service_empty');
  emptyPool = empty.pool({ max: 1 });
});

afterAll(async () => {
  await service?.close();
  await data?.drop();
  await emptyPool?.end();
  await empty?.drop();
});

const ERROR_KEYS = ['code', 'error', 'message', 'statusCode'];

describe('createReferenceService', () => {
  it('rejects bad options with a TypeError naming the option', async () => {
    const pool = data.pool;
    const cases: [unknown, RegExp][] = [
      [undefined, /options must be an object/],
      [{}, /pool must be a pg\.Pool/],
      [{ pool, suggestions: 'fast' }, /suggestions must be one of naive, streaming/],
      [{ pool, suggestionScan: 'half' }, /suggestionScan must be one of full, early-stop/],
      [{ pool, maxSuggestions: 0 }, /maxSuggestions must be a whole number of suggestions ≥ 1/],
      [{ pool, clock: 5 }, /clock must be a function/],
      [{ pool, suggestionCache: { ttlMs: 0 } }, /suggestionCache\.ttlMs must be a whole number of milliseconds ≥ 1/],
      [{ pool, suggestionCache: { maxSizeBytes: 1.5 } }, /suggestionCache\.maxSizeBytes must be a whole number of bytes/],
      [{ pool, breaker: { maxHeapPercent: 120 } }, /maxHeapPercent must be a percentage/],
      [{ pool, ccts: {} }, /ccts must be a CCTsManager/],
      [{ pool, registry: {} }, /registry must be a prom-client Registry/],
    ];
    for (const [options, message] of cases) {
      const err = await createReferenceService(options as never).catch((e: unknown) => e);
      expect(err, String(message)).toBeInstanceOf(TypeError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('mounts the tenant and CCT routes only when configured', async () => {
    for (const path of ['/tenants/1/configs', '/ccts/09DPR0001A']) {
      const r = await service.get(path);
      expect(r.status, path).toBe(404);
      expect(r.json).toEqual({ statusCode: 404, error: 'Not Found', code: 'HEAPGATE_SERVICE_NOT_FOUND', message: `no route GET ${path}` });
    }
  });

  it('answers an unknown route with 404 naming the path, not the query string', async () => {
    const r = await service.get('/users?token=s3cr3t');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ statusCode: 404, error: 'Not Found', code: 'HEAPGATE_SERVICE_NOT_FOUND', message: 'no route GET /users' });
  });

  it('rejects a malformed user id with 400 on both user routes', async () => {
    for (const path of ['/users/%20x/suggestions', `/users/${'u'.repeat(129)}/contacts`, '/users/a%27%3B--/contacts']) {
      const r = await service.get(path);
      expect(r.status, path).toBe(400);
      expect(Object.keys(r.json as object).sort()).toEqual(ERROR_KEYS);
      expect(r.json).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'HEAPGATE_SERVICE_INVALID_REQUEST' });
      expect((r.json as { message: string }).message).toContain('params/userId');
    }
    // Longer than any parameter the router takes: refused before routing, in the same shape.
    const r = await service.get(`/users/${'u'.repeat(300)}/contacts`);
    expect(r.status).toBe(414);
    expect(Object.keys(r.json as object).sort()).toEqual(ERROR_KEYS);
    expect(r.json).toMatchObject({ statusCode: 414, error: 'URI Too Long', code: 'HEAPGATE_SERVICE_INVALID_REQUEST' });
    const bad = await service.get('/users/%E0%A4%A/contacts');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ statusCode: 400, code: 'HEAPGATE_SERVICE_INVALID_REQUEST' });
  });

  it('answers an unexpected failure with 500 and a message that tells nothing about it', async () => {
    // A schema without the contacts tables: every query fails inside PostgreSQL.
    for (const suggestions of ['streaming', 'naive'] as const) {
      const broken = await startTestService({ pool: emptyPool, suggestions });
      try {
        for (const path of ['/users/someone/suggestions', '/users/someone/contacts']) {
          const r = await broken.get(path);
          expect(r.status, path).toBe(500);
          expect(r.json).toEqual({
            statusCode: 500,
            error: 'Internal Server Error',
            code: 'HEAPGATE_SERVICE_INTERNAL',
            message: 'internal error',
          });
        }
        expect((await broken.get('/healthz')).status).toBe(200);
      } finally {
        await broken.close();
      }
    }
    expect(emptyPool.totalCount).toBeLessThanOrEqual(1);
    expect(emptyPool.idleCount).toBe(emptyPool.totalCount);
  });

  it('finishes a request in flight while closing and refuses the next one with 503 in the error shape', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const app = await createReferenceService({
      pool: data.pool,
      tenants: {
        dataTypes: ['configs'],
        load: async () => {
          entered();
          await gate;
          return { theme: 'dark' };
        },
      },
    });
    // Runs after the service's own preClose hook (registered first), and holds the close there
    // until the test has seen both answers: requests can still arrive on open connections.
    let closingStarted!: () => void;
    const closing = new Promise<void>((resolve) => (closingStarted = resolve));
    let finishClosing!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finishClosing = resolve));
    app.addHook('preClose', async () => {
      closingStarted();
      await mayFinish;
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as net.AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let bothAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (bothAnswered = resolve));
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      if ((received.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 2) bothAnswered();
    });
    const ended = new Promise<void>((resolve) =>
      socket.on('close', () => {
        bothAnswered();
        resolve();
      }),
    );
    socket.write('GET /tenants/1/configs HTTP/1.1\r\nHost: x\r\n\r\n');
    await inside;
    const closed = app.close();
    await closing;
    // A second request on the kept-alive connection, while the first is still being answered.
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    release();
    await answered;
    finishClosing();
    await closed;
    await ended;
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(responses[0]).toContain('{"tenantId":1,"dataType":"configs","value":{"theme":"dark"}}');
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(responses[1]).toContain(
      '{"statusCode":503,"error":"Service Unavailable","code":"HEAPGATE_SERVICE_UNAVAILABLE","message":"the service is shutting down"}',
    );
  });

  it('does not end the pool it was given when it closes', async () => {
    const pool = new pg.Pool({ connectionString: data.db.connectionString, max: 1 });
    const app = await createReferenceService({ pool });
    await app.listen({ host: '127.0.0.1', port: 0 });
    await app.close();
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
    expect(rows[0]!.n).toBeGreaterThan(0);
    await pool.end();
  });
});
