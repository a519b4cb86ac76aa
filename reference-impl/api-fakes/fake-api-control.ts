/**
 * A client of the fakes' control routes, for code that reaches a fake only by URL (a measured
 * child, a script): change an account's source data, expire its sync tokens, queue faults.
 */
import type { FakeApiFaultRequest } from './fake-api-fault.js';
import type { CollectionChanges } from './versioned-collection.js';

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`fake control ${new URL(url).pathname} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Applies `changes` to `account`'s source as one new version; resolves to the new version and live count. */
export async function changeFakeAccount(
  baseUrl: string,
  account: string,
  changes: CollectionChanges,
): Promise<{ version: number; liveCount: number }> {
  return (await post(`${baseUrl}/_fake/accounts/${encodeURIComponent(account)}/changes`, changes)) as {
    version: number;
    liveCount: number;
  };
}

/** Expires every sync token issued so far for `account`. */
export async function expireFakeSyncTokens(baseUrl: string, account: string): Promise<void> {
  await post(`${baseUrl}/_fake/accounts/${encodeURIComponent(account)}/expire-sync-tokens`, {});
}

/** Queues faults for the fake's next API requests (every account). */
export async function injectFakeFaults(baseUrl: string, faults: readonly FakeApiFaultRequest[]): Promise<void> {
  await post(`${baseUrl}/_fake/faults`, { faults });
}
