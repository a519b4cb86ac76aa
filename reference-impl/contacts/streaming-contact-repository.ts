/**
 * Streaming contact repository (seed 001 §3): yields a user's contacts in batches from async
 * generators, so a caller never holds more than one batch, whatever the contact count.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { Contact, MinimalContact } from './contact.js';
import { CONTACT_QUERIES, type ContactProjection, type ContactQuerySet } from './contact-queries.js';
import { CONTACT_TYPE_PARSERS } from './contact-type-parsers.js';

/**
 * How pages are fetched.
 * - `offset`: `LIMIT/OFFSET` (the seed's simple pagination). Each page re-reads and discards
 *   every earlier row: O(n²) over a full pass. Kept as the seed's baseline.
 * - `keyset`: `WHERE (last_contact_date, id) > (last seen)`: each page is an index range scan,
 *   and the connection goes back to the pool between pages.
 * - `cursor`: one query read through a server-side portal (`pg-cursor`). Fewest round trips,
 *   but it holds one pooled connection (and an open snapshot) until the stream ends. PostgreSQL
 *   plans a protocol-level portal for its *whole* result (unlike `DECLARE CURSOR`, which uses
 *   `cursor_tuple_fraction`): ideal for a full pass, wasteful for reading a page or two and
 *   stopping (at 10k contacts the minimal query became a sort that computed every row's group
 *   ids before returning the first). Prefer `keyset` when the consumer stops early.
 *
 * Batches hold exactly `batchSize` rows except the last, whatever the strategy.
 */
export type StreamingStrategy = 'offset' | 'keyset' | 'cursor';

/** Per-call options (seed 001 §3 `StreamingOptions`). */
export interface StreamingOptions {
  /** Rows per yielded batch (≥ 1). @default the repository's `batchSize` (100) */
  readonly batchSize?: number;
  /** Pagination strategy. @default the repository's `strategy` (`'keyset'`) */
  readonly strategy?: StreamingStrategy;
}

/** Options of {@link StreamingContactRepository}. */
export interface StreamingContactRepositoryOptions {
  /** Pool the repository borrows connections from. Its owner ends it. */
  readonly pool: pg.Pool;
  /** Default rows per batch (≥ 1). @default 100 (seed 001 §4) */
  readonly batchSize?: number;
  /**
   * Default strategy. Keyset by default: stateless between pages (no connection or snapshot
   * held while the consumer works on a batch) and O(batch) per page. The seed's other two
   * remain available per call.
   * @default 'keyset'
   */
  readonly strategy?: StreamingStrategy;
}

const STRATEGIES: readonly StreamingStrategy[] = ['offset', 'keyset', 'cursor'];

interface Resolved {
  readonly batchSize: number;
  readonly strategy: StreamingStrategy;
}

function validateBatchSize(batchSize: unknown): number {
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1) {
    throw new TypeError(`batchSize must be an integer number of rows ≥ 1, got ${String(batchSize)}`);
  }
  return batchSize as number;
}

function validateStrategy(strategy: unknown): StreamingStrategy {
  if (!STRATEGIES.includes(strategy as StreamingStrategy)) {
    throw new TypeError(`strategy must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}`);
  }
  return strategy as StreamingStrategy;
}

/** Row fields keyset pagination reads from the last row of a page. */
interface KeysetRow {
  readonly id: string;
  readonly lastContactDate: Date | null;
}

/**
 * Streams one user's non-archived contacts ordered by `last_contact_date ASC NULLS FIRST, id`
 * (most overdue first), in batches.
 *
 * Ending a `for await` loop early (`break`, `return`, or a throw in its body) runs the
 * generator's cleanup: the cursor's portal is closed and its connection returned to the pool.
 * A generator that is neither run to the end nor left through `for await` (manual `.next()`
 * calls, then abandoned) must be closed with `.return()`.
 *
 * @example
 * const repo = new StreamingContactRepository({ pool });
 * for await (const batch of repo.streamMinimalContacts(userId)) {
 *   if (handle(batch) === 'enough') break; // portal closed, client released
 * }
 */
export class StreamingContactRepository {
  readonly #pool: pg.Pool;
  readonly #defaults: Resolved;

  constructor(options: StreamingContactRepositoryOptions) {
    if (typeof options?.pool?.connect !== 'function') throw new TypeError('pool must be a pg.Pool');
    this.#pool = options.pool;
    this.#defaults = Object.freeze({
      batchSize: validateBatchSize(options.batchSize ?? 100),
      strategy: validateStrategy(options.strategy ?? 'keyset'),
    });
  }

  /** Full contact rows (every column), in batches. */
  streamContacts(userId: string, options?: StreamingOptions): AsyncGenerator<Contact[], void, undefined> {
    return this.#stream<Contact>('full', userId, this.#resolve(options));
  }

  /** The minimal projection (id, name, last contact date, frequency, group ids), in batches. */
  streamMinimalContacts(userId: string, options?: StreamingOptions): AsyncGenerator<MinimalContact[], void, undefined> {
    return this.#stream<MinimalContact>('minimal', userId, this.#resolve(options));
  }

  /** Full contact rows through a server-side cursor, whatever `options.strategy` says. */
  streamWithCursor(userId: string, options?: StreamingOptions): AsyncGenerator<Contact[], void, undefined> {
    return this.#stream<Contact>('full', userId, { ...this.#resolve(options), strategy: 'cursor' });
  }

  #resolve(options: StreamingOptions | undefined): Resolved {
    return {
      batchSize: options?.batchSize === undefined ? this.#defaults.batchSize : validateBatchSize(options.batchSize),
      strategy: options?.strategy === undefined ? this.#defaults.strategy : validateStrategy(options.strategy),
    };
  }

  #stream<Row extends KeysetRow>(
    projection: ContactProjection,
    userId: string,
    { batchSize, strategy }: Resolved,
  ): AsyncGenerator<Row[], void, undefined> {
    if (typeof userId !== 'string') throw new TypeError('userId must be a string');
    const queries = CONTACT_QUERIES[projection];
    // Statement names are unique per text: pg prepares each once per connection, so a page
    // after the first skips parsing and planning.
    const name = (key: keyof ContactQuerySet) => `heapgate-contacts-${projection}-${key}`;
    switch (strategy) {
      case 'offset':
        return this.#offsetPages<Row>(queries, name, userId, batchSize);
      case 'keyset':
        return this.#keysetPages<Row>(queries, name, userId, batchSize);
      case 'cursor':
        return this.#cursorPages<Row>(queries.cursor, [userId], batchSize);
    }
  }

  async *#offsetPages<Row>(
    queries: ContactQuerySet,
    name: (key: keyof ContactQuerySet) => string,
    userId: string,
    batchSize: number,
  ): AsyncGenerator<Row[], void, undefined> {
    for (let offset = 0; ; offset += batchSize) {
      const { rows } = await this.#pool.query<Row & pg.QueryResultRow>({
        name: name('offset'),
        text: queries.offset,
        values: [userId, batchSize, offset],
        types: CONTACT_TYPE_PARSERS,
      });
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
      await yieldToEventLoop();
    }
  }

  async *#keysetPages<Row extends KeysetRow>(
    queries: ContactQuerySet,
    name: (key: keyof ContactQuerySet) => string,
    userId: string,
    batchSize: number,
  ): AsyncGenerator<Row[], void, undefined> {
    // Two phases because NULL dates sort first but compare as unknown: one row comparison
    // cannot page through them. Phase 1 walks NULL dates by id, phase 2 the dated rows by
    // (date, id). A batch that straddles the two is filled from both, so batches are exactly
    // `batchSize` rows (the last one excepted), as with the other strategies.
    let phase: 'null' | 'dated' = 'null';
    let last: KeysetRow | undefined;
    let done = false;
    const page = (limit: number): pg.QueryConfig => {
      if (phase === 'null') {
        return last === undefined
          ? { name: name('keysetNullFirst'), text: queries.keysetNullFirst, values: [userId, limit] }
          : { name: name('keysetNullNext'), text: queries.keysetNullNext, values: [userId, limit, last.id] };
      }
      return last === undefined
        ? { name: name('keysetDatedFirst'), text: queries.keysetDatedFirst, values: [userId, limit] }
        : { name: name('keysetDatedNext'), text: queries.keysetDatedNext, values: [userId, limit, last.lastContactDate, last.id] };
    };
    while (!done) {
      let batch: Row[] = [];
      while (batch.length < batchSize) {
        const wanted = batchSize - batch.length;
        const { rows }: pg.QueryResult<Row & pg.QueryResultRow> = await this.#pool.query({
          ...page(wanted),
          types: CONTACT_TYPE_PARSERS,
        });
        if (rows.length > 0) {
          batch = batch.length === 0 ? rows : batch.concat(rows);
          last = rows[rows.length - 1]!;
        }
        if (rows.length < wanted) {
          if (phase === 'dated') {
            done = true;
            break;
          }
          phase = 'dated';
          last = undefined;
        }
      }
      if (batch.length > 0) yield batch;
      if (!done) await yieldToEventLoop();
    }
  }

  async *#cursorPages<Row>(text: string, values: unknown[], batchSize: number): AsyncGenerator<Row[], void, undefined> {
    const client = await this.#pool.connect();
    let cursor: Cursor<Row> | undefined;
    // A connection whose protocol state is unknown (a failed read or close) is destroyed,
    // never handed to the next borrower.
    let broken: Error | undefined;
    try {
      cursor = client.query(new Cursor<Row>(text, values, { types: CONTACT_TYPE_PARSERS }));
      for (;;) {
        let rows: Row[];
        try {
          rows = await cursor.read(batchSize);
        } catch (err) {
          broken = err as Error;
          throw err;
        }
        if (rows.length > 0) yield rows;
        // A short page means the portal ran to completion (pg-cursor closed it already).
        if (rows.length < batchSize) return;
        await yieldToEventLoop();
      }
    } finally {
      // Runs on completion, on an error, and when the consumer leaves early (`break` or a
      // throw in a `for await` body calls the generator's return()). Closing the portal ends
      // the implicit transaction it was running in; only then is the connection reusable.
      if (cursor && !broken) {
        try {
          await cursor.close();
        } catch (err) {
          broken = err as Error;
        }
      }
      client.release(broken);
    }
  }
}
