/**
 * An S3-compatible object store (the CCT exports of seed 000), in the shared order (README,
 * "Services"): `S3_ENDPOINT` → testcontainers MinIO when a Docker engine answers → an embedded
 * `s3rver` started in this process on a free 127.0.0.1 port with a temp directory, always
 * stopped after.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { MissingDependencyError, ServiceError } from '../errors.js';
import type { S3Endpoint } from '../scenario/types.js';
import { trackTempDir } from './cleanup.js';
import { makeOwnedTempDir } from './owned-temp-dir.js';
import { randomSecret } from './net.js';
import { importOptional, requireOptional } from './optional-dependency.js';
import { s3ClientFor } from './s3-client.js';
import type { ServiceHandle, StartedService } from './service-handle.js';
import { type ServiceProvider, type ServiceProviderOptions, startService } from './service-provider.js';

/**
 * Options for {@link startS3}: `env` is read for `S3_ENDPOINT`, `S3_ACCESS_KEY_ID`,
 * `S3_SECRET_ACCESS_KEY`, `S3_REGION` (or their `AWS_` spellings), `S3_FORCE_PATH_STYLE`,
 * `HEAPGATE_SERVICES` and `DOCKER_HOST`.
 */
export type S3ProviderOptions = ServiceProviderOptions;

/** The ways to provide an S3-compatible store, for error messages. */
export const S3_ALTERNATIVES =
  'Provide S3 in one of three ways: set S3_ENDPOINT (plus S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION) to a ' +
  'server you run (docker/compose.yaml has MinIO); run a Docker engine so testcontainers can start MinIO; or leave ' +
  'both unset for the embedded s3rver.';

const MINIO_IMAGE = 'minio/minio:RELEASE.2025-04-22T22-12-26Z';
const DEFAULT_REGION = 'us-east-1';

/** S3's provider for {@link startService}; `selectProvider` with it picks without starting. */
export const s3Provider: ServiceProvider<S3Endpoint, 'in-process', S3ProviderOptions> = {
  service: 's3',
  urlVariable: 'S3_ENDPOINT',
  local: 'in-process',
  containerName: 'MinIO',
  localName: 'the embedded server',
  connect: (url, { env }) => connectExisting(url, env),
  startContainer: ({ log }) => startMinio(log),
  startLocal: ({ log }) => startEmbedded(log),
};

/** Starts (or connects to) an S3-compatible store and checks it answers. Always `stop()` the handle. */
export function startS3(options: S3ProviderOptions = {}): Promise<ServiceHandle<S3Endpoint>> {
  return startService(s3Provider, options);
}

/** Sends `ListBuckets`: any S3 answer (even AccessDenied) proves the endpoint is an S3 server. */
async function probe(endpoint: S3Endpoint): Promise<void> {
  const client = s3ClientFor(endpoint);
  try {
    const { ListBucketsCommand } = requireOptional<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');
    await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === undefined) throw err;
  } finally {
    client.destroy();
  }
}

async function connectExisting(url: string, env: NodeJS.ProcessEnv): Promise<StartedService<S3Endpoint>> {
  const accessKeyId = env.S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new ServiceError('s3', `S3_ENDPOINT is set but S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY are not. ${S3_ALTERNATIVES}`);
  }
  const endpoint: S3Endpoint = {
    endpoint: url,
    region: env.S3_REGION ?? env.AWS_REGION ?? DEFAULT_REGION,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: env.S3_FORCE_PATH_STYLE !== 'false',
  };
  try {
    await probe(endpoint);
  } catch (cause) {
    throw new ServiceError('s3', `cannot reach S3_ENDPOINT ${endpoint.endpoint}: ${(cause as Error).message}. ${S3_ALTERNATIVES}`, {
      cause,
    });
  }
  return { endpoint };
}

async function startMinio(log: (m: string) => void): Promise<StartedService<S3Endpoint>> {
  const { MinioContainer } = await importOptional<typeof import('@testcontainers/minio')>('@testcontainers/minio');
  const username = `heapgate${randomSecret(6).replace(/[^A-Za-z0-9]/g, '')}`;
  const password = randomSecret();
  const container = await new MinioContainer(MINIO_IMAGE).withUsername(username).withPassword(password).start();
  const endpoint: S3Endpoint = {
    endpoint: container.getConnectionUrl(),
    region: DEFAULT_REGION,
    accessKeyId: username,
    secretAccessKey: password,
    forcePathStyle: true,
  };
  log(`s3: MinIO ready at ${endpoint.endpoint}`);
  return {
    endpoint,
    version: MINIO_IMAGE.split(':')[1],
    stop: async () => {
      await container.stop();
    },
  };
}

/** The parts of s3rver (CommonJS, untyped) this provider uses. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly httpServer?: import('node:http').Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface S3rverAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
  revokeAccessKey(accessKeyId: string): void;
}

const require = createRequire(import.meta.url);
let embeddedRunning = 0;

/**
 * The embedded server. About its credentials: s3rver authenticates by access key id only. It
 * looks the id up in its (process-wide) account registry and does *not* verify SigV4
 * signatures, so the secret is never checked (s3rver 3.7.1, lib/middleware/authentication.js:
 * its SigV4 branch accepts any signature for a known id; https://github.com/jamhall/s3rver/issues/659).
 * We register a random key id per server and revoke s3rver's fixed `S3RVER` id while one runs;
 * the real protection is the loopback-only binding.
 */
async function startEmbedded(log: (m: string) => void): Promise<StartedService<S3Endpoint>> {
  let S3rver: S3rverClass;
  let account: S3rverAccount;
  let version: string;
  try {
    S3rver = requireOptional<S3rverClass>('s3rver');
    // Not a public entry point of s3rver 3.x, but the only way to use credentials other than
    // its fixed S3RVER/S3RVER pair (see above).
    account = (require('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: S3rverAccount }).DUMMY_ACCOUNT;
    version = (require('s3rver/package.json') as { version: string }).version;
  } catch (cause) {
    // Not installed: say which packages to add (an optional peer dependency of heapgate).
    if (cause instanceof MissingDependencyError) throw cause;
    throw new ServiceError('s3', `the embedded s3rver package cannot be loaded: ${(cause as Error).message}. ${S3_ALTERNATIVES}`, {
      cause,
    });
  }
  const dir = makeOwnedTempDir('s3');
  const untrack = trackTempDir(dir);
  const accessKeyId = `HG${randomSecret(12)
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()}`.slice(0, 20);
  const secretAccessKey = randomSecret(30);
  account.createKeyPair(accessKeyId, secretAccessKey);
  if (embeddedRunning++ === 0) account.revokeAccessKey('S3RVER');
  const releaseKeys = () => {
    account.revokeAccessKey(accessKeyId);
    if (--embeddedRunning === 0) account.createKeyPair('S3RVER', 'S3RVER');
  };
  // vhostBuckets off: with path-style addressing only, a request's Host never names a bucket.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, vhostBuckets: false, resetOnClose: false });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (cause) {
    releaseKeys();
    fs.rmSync(dir, { recursive: true, force: true });
    untrack();
    throw new ServiceError('s3', `the embedded s3rver failed to start: ${(cause as Error).message}. ${S3_ALTERNATIVES}`, { cause });
  }
  const endpoint: S3Endpoint = {
    endpoint: `http://127.0.0.1:${address.port}`,
    region: DEFAULT_REGION,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: true,
  };
  log(`s3: embedded s3rver ${version} ready on 127.0.0.1:${address.port}`);
  return {
    endpoint,
    version: `s3rver ${version}`,
    stop: async () => {
      try {
        // s3rver 3.7.1's close() is httpServer.close(), which waits for clients' idle keep-alive
        // sockets to time out.
        const closed = server.close();
        server.httpServer?.closeAllConnections();
        await closed;
      } finally {
        releaseKeys();
        fs.rmSync(dir, { recursive: true, force: true });
        untrack();
      }
    },
  };
}
