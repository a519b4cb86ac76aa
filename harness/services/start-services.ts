/**
 * Starts the services a plan needs, once each, through their providers. Every handle is also
 * registered with the process-wide cleanup, so Ctrl-C stops them too.
 */
import type { ServiceEndpoints, ServiceName } from '../scenario/types.js';
import type { ServiceDescription } from '../results/results-document.js';
import type { PostgresCacheMode } from './postgres-provider.js';
import type { ServiceHandle } from './service-handle.js';

/** Started services: endpoints for scenarios, descriptions for the results document. */
export interface StartedServices {
  readonly endpoints: ServiceEndpoints;
  readonly descriptions: Readonly<Record<string, ServiceDescription>>;
  stop(): Promise<void>;
}

/** Options of {@link startServices}. */
export interface StartServicesOptions {
  /** What the embedded PostgreSQL keeps between invocations. @default 'off' (a temporary cluster) */
  readonly postgresCache?: PostgresCacheMode;
}

type Starter = (options: { log?: (m: string) => void; cache?: PostgresCacheMode }) => Promise<ServiceHandle<unknown>>;

// Loaded lazily: a plan that needs only PostgreSQL never imports the S3 or Redis clients.
const starters: Record<ServiceName, () => Promise<Starter>> = {
  postgres: async () => (await import('./postgres-provider.js')).startPostgres as Starter,
  redis: async () => (await import('./redis-provider.js')).startRedis as Starter,
  s3: async () => (await import('./s3-provider.js')).startS3 as Starter,
};

/** Starts `names` (deduplicated) in parallel; if one fails, the others are stopped. */
export async function startServices(
  names: Iterable<ServiceName>,
  log: (m: string) => void = () => {},
  options: StartServicesOptions = {},
): Promise<StartedServices> {
  const unique = [...new Set(names)];
  const cache = options.postgresCache ?? 'off';
  const settled = await Promise.allSettled(unique.map(async (n) => (await starters[n]())(n === 'postgres' ? { log, cache } : { log })));
  const handles = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.allSettled(handles.map((h) => h.stop()));
  };
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const endpoints: Record<string, unknown> = {};
  const descriptions: Record<string, ServiceDescription> = {};
  unique.forEach((name, i) => {
    const h = handles[i]!;
    endpoints[name] = h.endpoint;
    descriptions[name] = h.version ? { provider: h.provider, version: h.version } : { provider: h.provider };
  });
  return { endpoints: endpoints as ServiceEndpoints, descriptions, stop };
}
