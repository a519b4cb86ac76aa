/**
 * Getting V8's `gc()` inside a service that may not have been started with `--expose-gc`.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ForcedGcSource } from './probe-protocol.js';

/** A way to force a full collection, and where it came from. */
export interface ObtainedGc {
  readonly gc: () => void;
  readonly source: ForcedGcSource;
}

/**
 * The service's `globalThis.gc` when it runs with `--expose-gc`; otherwise, when
 * `allowFlagChange` is true, a `gc` obtained by turning the flag on at run time, reading `gc`
 * from a fresh V8 context (contexts created while the flag is on get the function) and turning
 * the flag off again, so the service's own global never gains a `gc`. This is the known Node
 * technique: jest's leak detector does exactly this
 * (https://github.com/jestjs/jest/blob/main/packages/jest-leak-detector/src/index.ts). Node
 * warns that changing V8 flags after start-up may behave unpredictably
 * (https://nodejs.org/api/v8.html#v8setflagsfromstringflags); `--expose-gc` only decides whether
 * new contexts get the function, and the probe changes it only when a mark asks for it, never
 * at import.
 *
 * @returns undefined when neither way gives a function (flag change not allowed, or ignored).
 */
export function obtainGc(allowFlagChange: boolean): ObtainedGc | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return { gc: exposed as () => void, source: 'exposed' };
  if (!allowFlagChange) return undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? { gc: gc as () => void, source: 'v8-flag' } : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
