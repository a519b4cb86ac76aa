/**
 * A service provider as data: what a service needs to be connected to, started in a container,
 * or started locally, and {@link startService}, which picks one of the three in the shared
 * order ({@link selectProvider}) and returns the shared handle ({@link createServiceHandle}).
 * A new service is one {@link ServiceProvider} object and a `startX` that calls `startService`.
 */
import { ServiceError } from '../errors.js';
import { type ProviderSelection, type SelectionOptions, selectProvider } from './select-provider.js';
import { createServiceHandle, type LocalProviderKind, type ServiceHandle, type StartedService } from './service-handle.js';

/** Options every `startX` provider function accepts. */
export interface ServiceProviderOptions extends SelectionOptions {
  /** Progress lines for humans; never given credentials. @default no output */
  readonly log?: (message: string) => void;
}

/** What a provider's three ways to start get: the resolved environment and logger, and the caller's options. */
export interface ProviderContext<Options extends ServiceProviderOptions> {
  readonly env: NodeJS.ProcessEnv;
  readonly log: (message: string) => void;
  readonly options: Options;
}

/**
 * One service's provider. Each function checks that the server answers before it resolves, and
 * throws {@link ServiceError} naming the alternatives when it cannot; whatever it started before
 * failing, it stops itself.
 */
export interface ServiceProvider<
  Endpoint,
  Local extends LocalProviderKind = LocalProviderKind,
  Options extends ServiceProviderOptions = ServiceProviderOptions,
> extends ProviderSelection<Local, Options> {
  /** What testcontainers starts, for logs and errors, e.g. `MinIO`. */
  readonly containerName: string;
  /** The local fallback as a phrase for errors, e.g. `the embedded server`. */
  readonly localName: string;
  /** Connects to the server named by the URL variable (its value is `url`); stops nothing later. */
  connect(url: string, context: ProviderContext<Options>): Promise<StartedService<Endpoint>>;
  /** Starts a container through testcontainers (imported lazily: it is slow to load). */
  startContainer(context: ProviderContext<Options>): Promise<StartedService<Endpoint>>;
  /** Starts the local fallback on 127.0.0.1 with fresh random credentials. */
  startLocal(context: ProviderContext<Options>): Promise<StartedService<Endpoint>>;
}

/**
 * Starts (or connects to) one service through `provider` and returns its handle. Always
 * `stop()` the handle; Ctrl-C and process exit stop it too.
 */
export async function startService<Endpoint, Local extends LocalProviderKind, Options extends ServiceProviderOptions>(
  provider: ServiceProvider<Endpoint, Local, Options>,
  options: Options,
): Promise<ServiceHandle<Endpoint>> {
  const context: ProviderContext<Options> = { env: options.env ?? process.env, log: options.log ?? (() => {}), options };
  const kind = await selectProvider(provider, options);
  let started: StartedService<Endpoint>;
  if (kind === 'url') {
    started = await provider.connect(context.env[provider.urlVariable]!, context);
  } else if (kind === 'testcontainers') {
    started = await startContainer(provider, context);
  } else {
    started = await provider.startLocal(context);
  }
  return createServiceHandle({ service: provider.service, provider: kind, ...started });
}

async function startContainer<Endpoint, Options extends ServiceProviderOptions>(
  provider: ServiceProvider<Endpoint, LocalProviderKind, Options>,
  context: ProviderContext<Options>,
): Promise<StartedService<Endpoint>> {
  context.log(`${provider.service}: starting ${provider.containerName} through testcontainers…`);
  try {
    return await provider.startContainer(context);
  } catch (cause) {
    // A Docker engine answered, so testcontainers was the right choice; say how to avoid it.
    throw new ServiceError(
      provider.service,
      `testcontainers could not start ${provider.containerName} (${(cause as Error).message}). ` +
        `Set HEAPGATE_SERVICES=local to use ${provider.localName}, or ${provider.urlVariable} to use your own.`,
      { cause },
    );
  }
}
