/**
 * Who may read a service's heap probe. The probe reveals memory figures and its forced GCs pause
 * the service, so it answers only the machine itself, unless a token is configured: then it
 * answers anyone who presents the token, and nobody who does not (loopback included).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import type { ProbeErrorReason } from './probe-protocol.js';

/** What the probe knows about a request's origin. */
export interface ProbeRequestOrigin {
  /** The TCP peer (`req.socket.remoteAddress`), never a header a client can set. */
  readonly remoteAddress: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** Checks one request; `undefined` means allowed. */
export type ProbeAuthorizer = (origin: ProbeRequestOrigin) => { readonly reason: ProbeErrorReason; readonly message: string } | undefined;

/** Headers a reverse proxy adds: with one in front, the TCP peer is the proxy, not the client. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** Minimum token length: 16 visible ASCII characters (e.g. `openssl rand -hex 16` gives 32). */
export const MIN_TOKEN_LENGTH = 16;

/** `127.0.0.0/8`, `::1` and IPv4-mapped `::ffff:127.x.y.z`. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (address === '::1') return true;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/**
 * The authorizer for `token` (none: loopback only).
 *
 * - Without a token, a request is allowed when its TCP peer is a loopback address and it carries
 *   no proxy header (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`): a reverse proxy on the same
 *   machine would otherwise make every remote client look local.
 * - With a token, every request must carry `Authorization: Bearer <token>`. Only the token's
 *   SHA-256 digest is kept, and the digests are compared with `crypto.timingSafeEqual`, so the
 *   comparison takes the same time however much of a guess is right (and whatever its length).
 *
 * @throws TypeError when `token` is not a string of at least {@link MIN_TOKEN_LENGTH} visible
 *   ASCII characters (the message never contains the token)
 */
export function createProbeAuthorizer(token: string | undefined): ProbeAuthorizer {
  if (token === undefined) {
    return ({ remoteAddress, headers }) => {
      if (!isLoopbackAddress(remoteAddress)) {
        return { reason: 'forbidden', message: 'the heap probe answers only loopback requests unless it is configured with a token' };
      }
      if (PROXY_HEADERS.some((h) => headers[h] !== undefined)) {
        return { reason: 'forbidden', message: 'the heap probe refuses proxied requests unless it is configured with a token' };
      }
      return undefined;
    };
  }
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(`token must be a string of at least ${MIN_TOKEN_LENGTH} visible ASCII characters (no spaces)`);
  }
  const expected = digest(token);
  return ({ headers }) => {
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!), expected)) return undefined;
    return { reason: 'unauthorized', message: 'the heap probe needs Authorization: Bearer <token>' };
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
