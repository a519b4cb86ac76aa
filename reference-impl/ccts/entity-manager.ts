/**
 * The seed's `EntityManager`, reduced to the part seed 000 changes: `getOrCreateCCT(clave)`.
 * Its signature and behaviour stay as they were (seed 000 §Migration Path: "Old code continues
 * to work unchanged"); the {@link CCTsManager} now answers the "get" half, so an existing CCT
 * costs no database or API round trip in pre-load mode and one per unique clave on demand.
 * The "create" half inserts the CCT into PostgreSQL (parameterised, race-safe) and tells the
 * manager, so the next lookup finds it.
 */
import type pg from 'pg';
import { requireClaveCode } from './clave.js';
import { cctsTableIdentifier } from './ccts-schema.js';
import type { CCTsManager } from './ccts-manager.js';

/** Options of {@link EntityManager}. */
export interface EntityManagerOptions {
  /** Answers lookups (pre-load or on demand). */
  readonly ccts: CCTsManager;
  /** Where new CCTs are created. */
  readonly pool: pg.Pool;
  /** Table of CCT entities (the lookup API's table). @default 'ccts' */
  readonly table?: string;
}

/** Entity access for the participant-processing pipeline. */
export class EntityManager {
  readonly #ccts: CCTsManager;
  readonly #pool: pg.Pool;
  readonly #insertSql: string;
  /** Creations in flight, so concurrent rows with one new clave insert once. */
  readonly #creating = new Map<string, Promise<number>>();
  /** CCTs this manager created. */
  created = 0;

  constructor(options: EntityManagerOptions) {
    if (!options?.ccts) throw new TypeError('ccts must be a CCTsManager');
    if (!options.pool) throw new TypeError('pool must be a pg.Pool');
    this.#ccts = options.ccts;
    this.#pool = options.pool;
    const table = cctsTableIdentifier(options.table ?? 'ccts');
    // ON CONFLICT … DO UPDATE (a no-op update) so RETURNING yields the id even when another
    // process created the same clave in between.
    this.#insertSql = `INSERT INTO ${table} (clave) VALUES ($1) ON CONFLICT (clave) DO UPDATE SET clave = EXCLUDED.clave RETURNING id`;
  }

  /**
   * The id of the CCT with `clave`, creating the CCT when it does not exist. Rejects with
   * `HEAPGATE_CCTS_INVALID_CLAVE` for a malformed clave (nothing is created), and with the
   * lookup error when on-demand mode cannot reach the lookup API (nothing is created either:
   * "unknown" and "could not ask" are different answers).
   */
  async getOrCreateCCT(clave: string): Promise<number> {
    requireClaveCode(clave);
    const existing = await this.#ccts.lookup(clave);
    if (existing !== null) return existing;
    let pending = this.#creating.get(clave);
    if (!pending) {
      pending = this.#create(clave).finally(() => this.#creating.delete(clave));
      this.#creating.set(clave, pending);
    }
    return pending;
  }

  async #create(clave: string): Promise<number> {
    const { rows } = await this.#pool.query<{ id: number }>(this.#insertSql, [clave]);
    const id = rows[0]!.id;
    this.created++;
    this.#ccts.remember(clave, id);
    return id;
  }
}
