/**
 * The CCT clave ("clave de centro de trabajo"): 10 characters, 2 digits, 3 letters, 4 digits,
 * 1 letter, e.g. `09DPR1234X` (seed 000). Uppercase ASCII only.
 *
 * A clave has 100 · 26³ · 10⁴ · 26 ≈ 4.57·10¹¹ possible values, which fits in 39 bits, so it is
 * stored as a plain JavaScript number (exact below 2⁵³): 8 bytes instead of a ~32-byte string.
 */
import { CCTsError } from './ccts-error.js';

/*
 * `String.prototype.charCodeAt`, called through `.call` on the hot paths. Why: V8 inlines
 * `s.charCodeAt(i)` only while `String.prototype` keeps its initial map, and any library that
 * subclasses `String` changes it for the whole process (ioredis does: `class VerbatimString
 * extends String`, https://github.com/redis/ioredis/blob/main/lib/resp/verbatim-string.ts),
 * which made clave parsing ~6× slower in a process that had loaded it. The
 * captured function is a known call target and stays inlined either way (measured: ~2× faster
 * than `s.charCodeAt(i)` without ioredis, ~5× with it).
 */
const charCodeAt = String.prototype.charCodeAt;

/** The shape of a clave, for documentation and schema checks. Hot paths use {@link encodeClave}. */
export const CLAVE_PATTERN = /^[0-9]{2}[A-Z]{3}[0-9]{4}[A-Z]$/;

/** Exclusive upper bound of {@link encodeClave}'s results (100 · 26³ · 10⁴ · 26). */
export const CLAVE_CODE_LIMIT = 100 * 26 * 26 * 26 * 10_000 * 26;

/**
 * A code is `head · CLAVE_LOW_RADIX + low`, where `head` (< 1,757,600) encodes the first five
 * characters and `low` (< 260,000) the last five. Both halves are small integers, so hot paths
 * can hash a clave without converting a 39-bit double to integers.
 */
export const CLAVE_LOW_RADIX = 10_000 * 26;

/**
 * The clave as an integer in `[0, CLAVE_CODE_LIMIT)`, or `-1` when it is not a well-formed clave.
 * Never throws and never allocates: it is on the lookup hot path.
 */
export function encodeClave(clave: string): number {
  if (clave.length !== 10) return -1;
  const d0 = charCodeAt.call(clave, 0) - 48;
  const d1 = charCodeAt.call(clave, 1) - 48;
  const l0 = charCodeAt.call(clave, 2) - 65;
  const l1 = charCodeAt.call(clave, 3) - 65;
  const l2 = charCodeAt.call(clave, 4) - 65;
  const d2 = charCodeAt.call(clave, 5) - 48;
  const d3 = charCodeAt.call(clave, 6) - 48;
  const d4 = charCodeAt.call(clave, 7) - 48;
  const d5 = charCodeAt.call(clave, 8) - 48;
  const l3 = charCodeAt.call(clave, 9) - 65;
  // One unsigned comparison per character: a negative difference wraps to a huge value.
  if (
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    d2 >>> 0 > 9 ||
    d3 >>> 0 > 9 ||
    d4 >>> 0 > 9 ||
    d5 >>> 0 > 9 ||
    l0 >>> 0 > 25 ||
    l1 >>> 0 > 25 ||
    l2 >>> 0 > 25 ||
    l3 >>> 0 > 25
  ) {
    return -1;
  }
  const head = ((d0 * 10 + d1) * 26 + l0) * 676 + l1 * 26 + l2;
  const low = (((d2 * 10 + d3) * 10 + d4) * 10 + d5) * 26 + l3;
  return head * CLAVE_LOW_RADIX + low;
}

/** The clave whose code is `code` (inverse of {@link encodeClave}). Throws `RangeError` outside the range. */
export function decodeClave(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code >= CLAVE_CODE_LIMIT) {
    throw new RangeError(`not a clave code: ${code}`);
  }
  const l3 = code % 26;
  let rest = (code - l3) / 26;
  const tail = rest % 10_000;
  rest = (rest - tail) / 10_000;
  const l2 = rest % 26;
  rest = (rest - l2) / 26;
  const l1 = rest % 26;
  rest = (rest - l1) / 26;
  const l0 = rest % 26;
  const digits = (rest - l0) / 26;
  return String.fromCharCode(
    48 + Math.floor(digits / 10),
    48 + (digits % 10),
    65 + l0,
    65 + l1,
    65 + l2,
    48 + Math.floor(tail / 1000),
    48 + (Math.floor(tail / 100) % 10),
    48 + (Math.floor(tail / 10) % 10),
    48 + (tail % 10),
    65 + l3,
  );
}

/** Whether `value` is a well-formed clave. */
export function isClave(value: unknown): value is string {
  return typeof value === 'string' && encodeClave(value) >= 0;
}

/**
 * The code of `clave`, or a {@link CCTsError} `HEAPGATE_CCTS_INVALID_CLAVE` naming what is wrong.
 */
export function requireClaveCode(clave: unknown): number {
  const code = typeof clave === 'string' ? encodeClave(clave) : -1;
  if (code >= 0) return code;
  const shown = typeof clave === 'string' ? JSON.stringify(clave.length > 40 ? `${clave.slice(0, 40)}…` : clave) : typeof clave;
  throw new CCTsError(
    'HEAPGATE_CCTS_INVALID_CLAVE',
    `malformed CCT clave ${shown}: expected 2 digits, 3 uppercase letters, 4 digits, 1 uppercase letter (e.g. 09DPR1234X)`,
    typeof clave === 'string' ? { clave } : undefined,
  );
}
