/**
 * An S3-compatible object store (the CCT exports of seed 000), chosen in DESIGN.md's order:
 * `S3_ENDPOINT` → testcontainers MinIO when a Docker engine answers → an embedded `s3rver`
 * started in this process on a free 127.0.0.1 port with a temp directory, always stopped after.
 *
 * About the embedded server's credentials: s3rver authenticates by access key id only. It looks
 * the id up in its (process-wide) account registry and does *not* verify SigV4 signatures, so
 * the secret is never checked. We register a random key id per server and revoke s3rver's fixed
 * `S3RVER` id while one runs; the real protection is the loopback-only binding.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ServiceError } from '../errors.js';
import type { S3Endpoint } from '../scenario/types.js';
import { onCleanup, trackTempDir } from './cleanup.js';
import { isDockerAvailable } from './docker-detect.js';
import { randomSecret } from './net.js';
import { dockerAllowed, type ProviderKind, type ServiceHandle } from './service-handle.js';

/** Options for {@link startS3}. */
export interface S3ProviderOptions {
  /** Progress lines for humans. @default no output */
  readonly log?: (message: string) => void;
  /**
   * Environment to read `S3_ENDPOINT`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_REGION`,
   * `HEAPGATE_SERVICES` and `DOCKER_HOST` from. @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides the Docker probe (tests). */
  readonly dockerAvailable?: () => Promise<boolean>;
}

/** Which provider {@link startS3} would use. */
export type S3ProviderKind = Extract<ProviderKind, 'url' | 'testcontainers' | 'in-process'>;

/** The ways to provide an S3-compatible store, for error messages. */
export const S3_ALTERNATIVES =
  'Provide S3 in one of three ways: set S3_ENDPOINT (plus S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION) to a ' +
  'server you run (docker/compose.yaml has MinIO); run a Docker engine so testcontainers can start MinIO; or leave ' +
  'both unset for the embedded s3rver.';

const MINIO_IMAGE = 'minio/minio:RELEASE.2025-04-22T22-12-26Z';
const DEFAULT_REGION = 'us-east-1';

/** Picks the provider without starting anything. */
export async function selectS3Provider(
  env: NodeJS.ProcessEnv,
  dockerAvailable: () => Promise<boolean> = () => isDockerAvailable(env),
): Promise<S3ProviderKind> {
  if (env.S3_ENDPOINT) return 'url';
  if (dockerAllowed(env) && (await dockerAvailable())) return 'testcontainers';
  return 'in-process';
}

/** Starts (or connects to) an S3-compatible store and checks it answers. Always `stop()` the handle. */
export async function startS3(options: S3ProviderOptions = {}): Promise<ServiceHandle<S3Endpoint>> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const kind = await selectS3Provider(env, options.dockerAvailable);
  switch (kind) {
    case 'url':
      return connectExisting(env);
    case 'testcontainers':
      log('s3: starting MinIO through testcontainers…');
      return startMinio(log);
    case 'in-process':
      return startEmbedded(log);
  }
}

/** An SDK client for `endpoint`, configured the way every heapgate S3 user needs it. */
export function s3ClientFor(endpoint: S3Endpoint): S3Client {
  return new S3Client({
    endpoint: endpoint.endpoint,
    region: endpoint.region,
    forcePathStyle: endpoint.forcePathStyle,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    // The SDK's default trailing checksums use aws-chunked uploads, which s3rver stores verbatim
    // (chunk headers included); only send checksums where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}

/** Sends `ListBuckets`: any S3 answer (even AccessDenied) proves the endpoint is an S3 server. */
async function probe(endpoint: S3Endpoint): Promise<void> {
  const client = s3ClientFor(endpoint);
  try {
    await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === undefined) throw err;
  } finally {
    client.destroy();
  }
}

function handle(
  provider: S3ProviderKind,
  endpoint: S3Endpoint,
  version: string | undefined,
  stopFn: () => Promise<void>,
): ServiceHandle<S3Endpoint> {
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopFn());
  const unregister = onCleanup(stop);
  const h: ServiceHandle<S3Endpoint> = {
    service: 's3',
    provider,
    ...(version ? { version } : {}),
    endpoint: Object.freeze({ ...endpoint }),
    stop: () => {
      unregister();
      return stop();
    },
    [Symbol.asyncDispose]: () => h.stop(),
  };
  return h;
}

async function connectExisting(env: NodeJS.ProcessEnv): Promise<ServiceHandle<S3Endpoint>> {
  const accessKeyId = env.S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new ServiceError('s3', `S3_ENDPOINT is set but S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY are not. ${S3_ALTERNATIVES}`);
  }
  const endpoint: S3Endpoint = {
    endpoint: env.S3_ENDPOINT!,
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
  return handle('url', endpoint, undefined, async () => {});
}

async function startMinio(log: (m: string) => void): Promise<ServiceHandle<S3Endpoint>> {
  try {
    const { MinioContainer } = await import('@testcontainers/minio');
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
    return handle('testcontainers', endpoint, MINIO_IMAGE.split(':')[1], async () => {
      await container.stop();
    });
  } catch (cause) {
    throw new ServiceError(
      's3',
      `testcontainers could not start MinIO (${(cause as Error).message}). ` +
        'Set HEAPGATE_SERVICES=local to use the embedded server, or S3_ENDPOINT to use your own.',
      { cause },
    );
  }
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

async function startEmbedded(log: (m: string) => void): Promise<ServiceHandle<S3Endpoint>> {
  let S3rver: S3rverClass;
  let account: S3rverAccount;
  let version: string;
  try {
    S3rver = require('s3rver') as S3rverClass;
    // Not a public entry point of s3rver 3.x, but the only way to use credentials other than
    // its fixed S3RVER/S3RVER pair (see the file comment).
    account = (require('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: S3rverAccount }).DUMMY_ACCOUNT;
    version = (require('s3rver/package.json') as { version: string }).version;
  } catch (cause) {
    throw new ServiceError('s3', `the embedded s3rver package cannot be loaded: ${(cause as Error).message}. ${S3_ALTERNATIVES}`, {
      cause,
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-s3-'));
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
  return handle('in-process', endpoint, `s3rver ${version}`, async () => {
    try {
      // close() alone waits for clients' idle keep-alive sockets to time out.
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await closed;
    } finally {
      releaseKeys();
      fs.rmSync(dir, { recursive: true, force: true });
      untrack();
    }
  });
}
