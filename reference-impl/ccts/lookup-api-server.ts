/**
 * A Strapi-like CCT lookup API backed by PostgreSQL: what on-demand mode calls (seed 000
 * §On-demand Mode). It serves one route,
 *
 *   GET /api/ccts?filters[clave][$eq]=09DPR1234X
 *   → 200 { data: [{ id, attributes: { clave, nombre } }], meta: { pagination: { total } } }
 *
 * with an empty `data` for an unknown clave and Strapi's error shape (400) for a query without
 * exactly one clave filter. Bound to 127.0.0.1 on a free port; every query is parameterised.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { cctsTableIdentifier } from './ccts-schema.js';

/** Options of {@link startLookupApiServer}. */
export interface LookupApiServerOptions {
  /** PostgreSQL to query (`postgres://…`). Ignored when `pool` is given. */
  readonly connectionString?: string;
  /** A pool to query instead; the server does not end it (but adds an `error` listener, so a lost idle connection cannot crash the process). */
  readonly pool?: pg.Pool;
  /** Table holding the CCTs (see `createCCTsTable`). @default 'ccts' */
  readonly table?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Connections of the pool the server creates. @default 8 */
  readonly poolSize?: number;
}

/** A running lookup API. */
export interface LookupApiServer {
  /** `http://127.0.0.1:<port>`: pass it as `lookupApiUrl`. */
  readonly url: string;
  /** Requests answered on the CCT route, any status. */
  readonly requests: number;
  /** Stops accepting, closes open connections (keep-alive ones too), ends its own pool. Idempotent. */
  close(): Promise<void>;
}

const FILTER = 'filters[clave][$eq]';

/** Starts the API and resolves once it listens. */
export async function startLookupApiServer(options: LookupApiServerOptions): Promise<LookupApiServer> {
  const table = cctsTableIdentifier(options.table ?? 'ccts');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`port must be a TCP port number (0 = any), got ${String(port)}`);
  if (!options.pool && !options.connectionString) throw new TypeError('connectionString or pool is required');
  const ownPool = !options.pool;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8 });
  // An idle client that loses its connection must not crash the process hosting the API. Never
  // removed: pg-pool's end() resolves before its clients' sockets close
  // (https://github.com/brianc/node-postgres/issues/2328), and a server stopping in that window
  // still reports through this event.
  pool.on('error', () => {});
  const sql = `SELECT id, clave, nombre FROM ${table} WHERE clave = $1 LIMIT 1`;
  let requests = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const error = (res: http.ServerResponse, status: number, name: string, message: string) =>
    send(res, status, { data: null, error: { status, name, message, details: {} } });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/ccts') return error(res, 404, 'NotFoundError', 'Not Found');
    requests++;
    if (req.method !== 'GET') return error(res, 405, 'MethodNotAllowedError', 'Method Not Allowed');
    const claves = url.searchParams.getAll(FILTER);
    if (claves.length !== 1 || claves[0]!.length === 0 || claves[0]!.length > 64) {
      return error(res, 400, 'ValidationError', `expected exactly one ${FILTER} parameter`);
    }
    pool.query<{ id: number; clave: string; nombre: string | null }>(sql, [claves[0]]).then(
      ({ rows }) =>
        send(res, 200, {
          data: rows.map((r) => ({ id: r.id, attributes: { clave: r.clave, nombre: r.nombre } })),
          meta: { pagination: { page: 1, pageSize: 25, pageCount: rows.length > 0 ? 1 : 0, total: rows.length } },
        }),
      (err: Error) => error(res, 500, 'InternalServerError', `database error: ${err.message}`),
    );
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get requests() {
      return requests;
    },
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (ownPool) await pool.end();
      })()),
  };
}
