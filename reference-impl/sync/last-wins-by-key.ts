/**
 * Deduplication of one batch before an upsert: `INSERT … ON CONFLICT DO UPDATE` rejects a
 * statement that would update the same row twice ("ON CONFLICT DO UPDATE command cannot affect
 * row a second time", https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT),
 * and an API page may repeat an item. The last occurrence wins: it is the newest.
 */

/** `items` with one element per key (the last one, at the position of the first), and how many were dropped. */
export function lastWinsByKey<T>(items: readonly T[], keyOf: (item: T) => string): { readonly items: T[]; readonly dropped: number } {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  return { items: [...byKey.values()], dropped: items.length - byKey.size };
}
