/**
 * The naive and streaming generators against a real PostgreSQL: a full streamed pass ranks
 * exactly like load-everything; early stop reads a fraction of the rows.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testPostgresUrl } from '../../harness/testing/services.js';
import { seedContactsDataset, type ContactsDataset } from '../../scenarios/datasets/contacts-dataset.js';
import { createContactsTestDatabase, type ContactsTestDatabase } from '../../scenarios/test-fixtures/contacts-test-database.js';
import { StreamingContactRepository } from '../contacts/streaming-contact-repository.js';
import { MemoryCircuitBreaker } from '../memory/memory-circuit-breaker.js';
import { MemoryCircuitBreakerError } from '../memory/memory-circuit-breaker-error.js';
import { MemoryMonitor } from '../memory/memory-monitor.js';
import { freeTimeSlots } from './free-time-slots.js';
import { generateSuggestionsNaive } from './generate-suggestions-naive.js';
import { generateSuggestionsStreaming } from './generate-suggestions-streaming.js';

let db: ContactsTestDatabase;
let pool: pg.Pool;
let dataset: ContactsDataset;
let repo: StreamingContactRepository;
let activeContacts: number;

const options = () => ({ nowMs: dataset.referenceTimeMs, slots: freeTimeSlots(dataset.referenceTimeMs) });

beforeAll(async () => {
  db = await createContactsTestDatabase(testPostgresUrl(), 'suggest');
  pool = db.pool({ max: 1, connectionTimeoutMillis: 5_000 });
  const client = await pool.connect();
  try {
    dataset = (await seedContactsDataset(client, { records: 700 })).dataset;
    activeContacts = (
      await client.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE user_id = $1 AND NOT archived', [dataset.userId])
    ).rows[0]!.n;
  } finally {
    client.release();
  }
  repo = new StreamingContactRepository({ pool });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('suggestion generation', () => {
  it('a full streamed pass returns exactly the naive top 50, with either streaming strategy', async () => {
    const naive = await generateSuggestionsNaive(pool, dataset.userId, options());
    expect(naive.suggestions).toHaveLength(50);
    expect(naive.rowsLoaded).toBe(700);
    // The top 50 mixes never-contacted contacts (Infinity, tie-broken by id) and dated ones.
    expect(naive.suggestions[0]!.priority).toBe(Infinity);
    expect(naive.suggestions.at(-1)!.priority).toBeLessThan(Infinity);
    for (const strategy of ['cursor', 'keyset'] as const) {
      const full = await generateSuggestionsStreaming(repo, dataset.userId, { ...options(), stopEarly: false, strategy });
      expect(full.suggestions, strategy).toEqual(naive.suggestions);
      expect(full.rowsRead).toBe(activeContacts);
      expect(full.batches).toBe(Math.ceil(activeContacts / 100));
    }
  });

  it('early stop reads a fraction of the rows and still returns 50 due contacts', async () => {
    const early = await generateSuggestionsStreaming(repo, dataset.userId, options());
    expect(early.suggestions).toHaveLength(50);
    expect(early.batches).toBe(1);
    expect(early.rowsRead).toBe(100);
    expect(early.rowsRead).toBeLessThan(activeContacts / 5);
    expect(early.suggestions.every((s) => s.priority >= 1)).toBe(true);
    expect(pool.idleCount).toBe(1);
  });

  it('checks the breaker per batch and wraps each batch in the monitor', async () => {
    const logger = vi.fn();
    const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 100, checkIntervalMs: 0 });
    const check = vi.spyOn(breaker, 'checkMemory');
    const result = await generateSuggestionsStreaming(repo, dataset.userId, {
      ...options(),
      stopEarly: false,
      breaker,
      monitor: new MemoryMonitor({ logger, enableAlerts: false }),
    });
    expect(check).toHaveBeenCalledTimes(result.batches);
    expect(logger).toHaveBeenCalledTimes(result.batches);
    expect(logger.mock.calls[0]![0]).toBe('[memory] generate-suggestions-batch');
  });

  it('stops with MemoryCircuitBreakerError when the breaker trips, and releases the connection', async () => {
    const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 0.0001, enableLogging: false });
    const err = await generateSuggestionsStreaming(repo, dataset.userId, { ...options(), strategy: 'cursor', breaker }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MemoryCircuitBreakerError);
    expect((err as MemoryCircuitBreakerError).memoryUsage.heapUsed).toBeGreaterThan(0);
    expect(pool.totalCount).toBe(1);
    expect(pool.idleCount).toBe(1);
    const { rows } = await pool.query<{ portals: number }>('SELECT count(*)::int AS portals FROM pg_cursors');
    expect(rows[0]!.portals).toBe(0);
  });
});
