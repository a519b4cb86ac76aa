/**
 * The one order in which heapgate finds each service (README, "Services"):
 *
 * 1. the service's URL variable (`PG_URL`, `REDIS_URL`, `S3_ENDPOINT`) names a server the user
 *    runs;
 * 2. else testcontainers, when a Docker engine answers and `HEAPGATE_SERVICES` does not say
 *    `local`;
 * 3. else the service's local fallback (embedded PostgreSQL, a `redis-server` binary, the
 *    in-process S3 server), if it can run here.
 */
import { ServiceError } from '../errors.js';
import { isDockerAvailable } from './docker-detect.js';
import type { LocalProviderKind } from './service-handle.js';

/** The environment and probes provider selection reads. */
export interface SelectionOptions {
  /** Environment to read the URL variable, `HEAPGATE_SERVICES` and `DOCKER_HOST` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Whether a Docker engine answers. Not called when the URL variable is set or
   * `HEAPGATE_SERVICES=local`. @default {@link isDockerAvailable} (`GET /_ping`, 1.5 s timeout)
   */
  readonly dockerAvailable?: () => Promise<boolean>;
}

/** What differs between services in the selection order. */
export interface ProviderSelection<Local extends LocalProviderKind, Options extends SelectionOptions = SelectionOptions> {
  /** The service name, used in errors, e.g. `redis`. */
  readonly service: string;
  /** The environment variable that names a server the user runs, e.g. `REDIS_URL`; set and non-empty wins. */
  readonly urlVariable: string;
  /** The provider used when neither the URL nor Docker applies. */
  readonly local: Local;
  /**
   * Why the local provider cannot run here (e.g. no `redis-server` installed), as an error
   * message naming the alternatives; `undefined` when it can. Asked only when selection gets
   * that far. @default always available
   */
  readonly localUnavailable?: (env: NodeJS.ProcessEnv, options: Options) => string | undefined;
}

/**
 * Picks the provider for one service without starting anything. Throws {@link ServiceError}
 * (with the message from `localUnavailable`) when the local fallback is the only option left
 * and cannot run here.
 */
export async function selectProvider<Local extends LocalProviderKind, Options extends SelectionOptions>(
  selection: ProviderSelection<Local, Options>,
  options: Options,
): Promise<'url' | 'testcontainers' | Local> {
  const env = options.env ?? process.env;
  if (env[selection.urlVariable]) return 'url';
  const dockerAvailable = options.dockerAvailable ?? (() => isDockerAvailable(env));
  if (dockerAllowed(env) && (await dockerAvailable())) return 'testcontainers';
  const unavailable = selection.localUnavailable?.(env, options);
  if (unavailable !== undefined) throw new ServiceError(selection.service, unavailable);
  return selection.local;
}

/**
 * Whether `env` lets providers use Docker: `HEAPGATE_SERVICES=local` (or `embedded`) skips the
 * Docker probe, for machines where a Docker engine is present but should not be used.
 */
export function dockerAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.HEAPGATE_SERVICES !== 'local' && env.HEAPGATE_SERVICES !== 'embedded';
}
