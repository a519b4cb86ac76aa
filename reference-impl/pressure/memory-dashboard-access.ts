/**
 * Who may open the memory dashboard. The page and its stream reveal the process's memory, its
 * caches and its pressure history, so the rule is heapgate's service probe's
 * (`harness/service-probe/authorize-probe-request.ts`, re-implemented here because
 * `reference-impl/` imports nothing from the harness): without a token only the machine itself,
 * with a token anyone who presents it and nobody who does not (loopback included).
 *
 * One difference: the token may also come as a `token` query parameter, because a browser's
 * `EventSource` cannot send an `Authorization` header
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#the-eventsource-interface
 * takes only a URL and `withCredentials`). {@link redactDashboardToken} keeps it out of logs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { MIN_DASHBOARD_TOKEN_LENGTH } from './memory-dashboard-defaults.js';

/** What the dashboard knows about a request's origin. */
export interface DashboardRequestOrigin {
  /** The TCP peer (`request.raw.socket.remoteAddress`), never a header a client can set. */
  readonly remoteAddress: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The request target as received (`/admin/monitoring/memory?token=…`), for the `token` query parameter. */
  readonly url: string;
}

/** Why a request was refused: 403 (not loopback, or proxied) or 401 (token missing or wrong). */
export interface DashboardRefusal {
  readonly statusCode: 401 | 403;
  readonly code: 'HEAPGATE_DASHBOARD_FORBIDDEN' | 'HEAPGATE_DASHBOARD_UNAUTHORIZED';
  readonly message: string;
}

/** Checks one request; `undefined` means allowed. */
export type DashboardAuthorizer = (origin: DashboardRequestOrigin) => DashboardRefusal | undefined;

/** Headers a reverse proxy adds: with one in front, the TCP peer is the proxy, not the client. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** The query parameter that may carry the token. */
export const DASHBOARD_TOKEN_PARAMETER = 'token';

/** `127.0.0.0/8`, `::1` and IPv4-mapped `::ffff:127.x.y.z`. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (address === '::1') return true;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/**
 * Checks a dashboard token: a string of at least {@link MIN_DASHBOARD_TOKEN_LENGTH} visible
 * ASCII characters. Throws a `TypeError` naming `token` otherwise; the message never contains it.
 */
export function checkDashboardToken(token: unknown): string {
  if (typeof token !== 'string' || token.length < MIN_DASHBOARD_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(`token must be a string of at least ${MIN_DASHBOARD_TOKEN_LENGTH} visible ASCII characters (no spaces)`);
  }
  return token;
}

/**
 * The authorizer for `token` (none: loopback only).
 *
 * - Without a token, a request is allowed when its TCP peer is a loopback address and it carries
 *   no proxy header (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`): a reverse proxy on the same
 *   machine would otherwise make every remote client look local. 403 otherwise.
 * - With a token, every request must present it: `Authorization: Bearer <token>`, or, when no
 *   `Authorization` header is sent, `?token=<token>`. 401 otherwise. Only the token's SHA-256
 *   digest is kept, and digests are compared with `crypto.timingSafeEqual`, so the comparison
 *   takes the same time however much of a guess is right (and whatever its length).
 *
 * @throws TypeError from {@link checkDashboardToken}
 */
export function createDashboardAuthorizer(token: string | undefined): DashboardAuthorizer {
  if (token === undefined) {
    return ({ remoteAddress, headers }) => {
      if (!isLoopbackAddress(remoteAddress)) {
        return {
          statusCode: 403,
          code: 'HEAPGATE_DASHBOARD_FORBIDDEN',
          message: 'the memory dashboard answers only loopback requests unless it is configured with a token',
        };
      }
      if (PROXY_HEADERS.some((h) => headers[h] !== undefined)) {
        return {
          statusCode: 403,
          code: 'HEAPGATE_DASHBOARD_FORBIDDEN',
          message: 'the memory dashboard refuses proxied requests unless it is configured with a token',
        };
      }
      return undefined;
    };
  }
  const expected = digest(checkDashboardToken(token));
  return ({ headers, url }) => {
    const presented = headers.authorization !== undefined ? bearerToken(headers.authorization) : queryToken(url);
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return undefined;
    return {
      statusCode: 401,
      code: 'HEAPGATE_DASHBOARD_UNAUTHORIZED',
      message: `the memory dashboard needs Authorization: Bearer <token> or ?${DASHBOARD_TOKEN_PARAMETER}=<token>`,
    };
  };
}

/**
 * `url` with the value of every `token` query parameter replaced by `[redacted]`, for logs:
 * fastify's request log prints the URL, and a token in it would be readable by anyone who
 * reads the logs.
 */
export function redactDashboardToken(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const pairs = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return safeDecode(name) === DASHBOARD_TOKEN_PARAMETER ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, query)}?${pairs.join('&')}`;
}

function bearerToken(authorization: string): string | undefined {
  return /^Bearer ([\x21-\x7e]+)$/.exec(authorization)?.[1];
}

function queryToken(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get(DASHBOARD_TOKEN_PARAMETER) ?? undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
