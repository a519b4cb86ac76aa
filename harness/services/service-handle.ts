/**
 * The one shape every started service has, whichever provider started it, and the one function
 * that builds it. Providers hand over what only they know (endpoint, version, how to stop);
 * idempotence, Ctrl-C cleanup and disposal are the same for all of them and live here.
 */
import { onCleanup } from './cleanup.js';

/** Where a service came from, in the order the harness tries them. */
export type ProviderKind = 'url' | 'testcontainers' | 'embedded' | 'binary' | 'in-process';

/** The providers that run on this machine without Docker: the last resort of each service. */
export type LocalProviderKind = Exclude<ProviderKind, 'url' | 'testcontainers'>;

/**
 * A started service. `stop()` is idempotent and always releases processes and temp dirs; the
 * handle is also stopped by heapgate's process cleanup (exit, failure, Ctrl-C), and by
 * `await using`. The endpoint carries credentials: never log it.
 */
export interface ServiceHandle<Endpoint> {
  /** The service name, e.g. `postgres`. */
  readonly service: string;
  /** Which provider started (or found) it. */
  readonly provider: ProviderKind;
  /** How to reach it; frozen. */
  readonly endpoint: Endpoint;
  /** Server version, when known (absent, not empty, when unknown). */
  readonly version?: string;
  /** Stops what the provider started (nothing, for a URL); every call returns the same promise. */
  stop(): Promise<void>;
  /** Same as {@link ServiceHandle.stop}. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** What a provider's start function returns: the parts of a handle only the provider knows. */
export interface StartedService<Endpoint> {
  readonly endpoint: Endpoint;
  /** Server version. @default unknown (the handle has no `version`) */
  readonly version?: string;
  /** Releases what was started; called at most once. @default nothing to release (a URL provider) */
  readonly stop?: () => Promise<void>;
}

/** Everything {@link createServiceHandle} needs. */
export interface ServiceHandleInit<Endpoint> extends StartedService<Endpoint> {
  readonly service: string;
  readonly provider: ProviderKind;
}

/**
 * Builds a {@link ServiceHandle}: `stop` runs at most once however often (and from wherever) it
 * is called, and is registered with the process cleanup until it has been called, so Ctrl-C or
 * a crash stops the service too. The endpoint is copied and frozen: scenario code gets the same
 * object in every hook and must not be able to change what the next one sees.
 */
export function createServiceHandle<Endpoint>(init: ServiceHandleInit<Endpoint>): ServiceHandle<Endpoint> {
  const release = init.stop ?? (async () => {});
  let stopped: Promise<void> | undefined;
  const stopOnce = () => (stopped ??= release());
  const unregister = onCleanup(stopOnce);
  const stop = () => {
    unregister();
    return stopOnce();
  };
  return Object.freeze({
    service: init.service,
    provider: init.provider,
    ...(init.version ? { version: init.version } : {}),
    endpoint: Object.freeze({ ...init.endpoint }),
    stop,
    [Symbol.asyncDispose]: stop,
  });
}
