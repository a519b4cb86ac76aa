/**
 * Client of the CCT lookup API: a Strapi-style collection endpoint,
 * `GET /api/ccts?filters[clave][$eq]=09DPR1234X` → `{ data: [{ id, attributes: {...} }] }`
 * (seed 000 §On-demand Mode). One HTTP request per call, over the global `fetch` (undici, which
 * keeps connections alive and reuses them). Caching belongs to the caller.
 */
import { CCTsError } from './ccts-error.js';

/** What the on-demand mode needs from a lookup API. */
export interface CCTLookupApi {
  /** The CCT id of `clave`, `null` when the API has no such CCT. Rejects with a {@link CCTsError}. */
  findId(clave: string): Promise<number | null>;
}

/** Options of {@link CCTLookupApiClient}. */
export interface CCTLookupApiClientOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:1337` (`CCTS_LOOKUP_API_URL`). */
  readonly baseUrl: string;
  /** Path of the CCT collection. @default '/api/ccts' */
  readonly collectionPath?: string;
  /** Give up on one request after this many milliseconds. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Sent as `Authorization: Bearer …` when set (Strapi API tokens). @default none */
  readonly apiToken?: string;
  /** The fetch implementation. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** Strapi's collection response, the part this client reads. */
interface StrapiCollection {
  data?: { id?: unknown }[] | null;
}

/** Calls the lookup API. Stateless apart from its request counter. */
export class CCTLookupApiClient implements CCTLookupApi {
  /** HTTP requests sent (successful or not). */
  requests = 0;
  readonly #origin: string;
  readonly #url: URL;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: CCTLookupApiClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options?.baseUrl)}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('baseUrl must be an http(s) URL');
    const path = options.collectionPath ?? '/api/ccts';
    if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('collectionPath must start with "/"');
    const timeoutMs = options.requestTimeoutMs ?? 5000;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
      throw new TypeError(`requestTimeoutMs must be a positive whole number of milliseconds, got ${String(timeoutMs)}`);
    this.#origin = base.origin;
    this.#url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    this.#timeoutMs = timeoutMs;
    this.#headers = { accept: 'application/json', ...(options.apiToken ? { authorization: `Bearer ${options.apiToken}` } : {}) };
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async findId(clave: string): Promise<number | null> {
    const url = new URL(this.#url);
    url.searchParams.set('filters[clave][$eq]', clave);
    this.requests++;
    let res: Response;
    try {
      res = await this.#fetch(url, { headers: this.#headers, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (cause) {
      throw new CCTsError(
        'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE',
        `CCT lookup API ${this.#origin} unreachable for clave ${clave}: ${describeFetchError(cause)}`,
        { clave, cause },
      );
    }
    let body: StrapiCollection;
    try {
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status}`);
      }
      body = (await res.json()) as StrapiCollection;
    } catch (cause) {
      throw new CCTsError(
        'HEAPGATE_CCTS_LOOKUP_FAILED',
        `CCT lookup API ${this.#origin} failed for clave ${clave}: ${(cause as Error).message}`,
        { clave, cause },
      );
    }
    if (!Array.isArray(body?.data)) {
      throw new CCTsError(
        'HEAPGATE_CCTS_LOOKUP_FAILED',
        `CCT lookup API ${this.#origin} answered without a data array for clave ${clave}`,
        { clave },
      );
    }
    if (body.data.length === 0) return null;
    const id = body.data[0]?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new CCTsError('HEAPGATE_CCTS_LOOKUP_FAILED', `CCT lookup API ${this.#origin} answered an invalid id for clave ${clave}`, {
        clave,
      });
    }
    return id;
  }
}

/** `ECONNREFUSED`, `timed out after …`: the useful part of undici's "fetch failed". */
function describeFetchError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'request timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
