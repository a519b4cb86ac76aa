/**
 * Page and sync tokens of the API fakes: opaque to clients (base64url JSON, as Google's are
 * opaque), decoded and validated by the fake that issued them.
 */

/** Encodes `value` as an opaque token. */
export function encodeToken(value: Readonly<Record<string, number | string>>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Decodes a token made by {@link encodeToken}; `undefined` when it is not one (garbage,
 * tampered, or missing one of the numeric `fields`).
 */
export function decodeToken(token: string, fields: readonly string[]): Record<string, number> | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    for (const f of fields) if (typeof record[f] !== 'number' || !Number.isSafeInteger(record[f])) return undefined;
    return record as Record<string, number>;
  } catch {
    return undefined;
  }
}
