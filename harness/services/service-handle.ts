/** Where a service came from, in the order the harness tries them. */
export type ProviderKind = 'url' | 'testcontainers' | 'embedded' | 'binary' | 'in-process';

/**
 * A started service. `stop()` is idempotent and always releases processes and temp dirs;
 * `describe()` never includes credentials.
 */
export interface ServiceHandle<Endpoint> {
  readonly service: string;
  readonly provider: ProviderKind;
  readonly endpoint: Endpoint;
  /** Server version, when known. */
  readonly version?: string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Environment switch shared by all providers: `HEAPGATE_SERVICES=local` skips the Docker probe. */
export function dockerAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.HEAPGATE_SERVICES !== 'local' && env.HEAPGATE_SERVICES !== 'embedded';
}
