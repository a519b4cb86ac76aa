/**
 * `createCCTsManager()`: the seed 000 factory. Reads the environment, applies the per-environment
 * defaults, and builds the sources and the lookup client:
 *
 * | environment | mode (unless `CCTS_USE_PRELOADING`) | `CCTS_MAX_MEMORY_MB` | source preferred |
 * |---|---|---|---|
 * | local       | auto: pre-load when the estimate fits | 1024 | `CCTS_LOCAL_PATH`, else S3 |
 * | production  | on-demand                            | 512  | S3, else `CCTS_LOCAL_PATH` |
 *
 * Production is `NODE_ENV=production` or any AWS Lambda (`AWS_LAMBDA_FUNCTION_NAME` set).
 * `CCTS_USE_PRELOADING=true` forces pre-loading, `false` forces on-demand.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { CCTLookupApiClient } from './cct-lookup-api-client.js';
import type { CCTSource } from './cct-source.js';
import { CCTsManager, type CCTsMode } from './ccts-manager.js';
import { LocalCCTSource } from './local-cct-source.js';
import { DEFAULT_CCTS_S3_KEY, S3CCTSource } from './s3-cct-source.js';

/** Where the process runs, for the defaults. */
export type CCTsEnvironment = 'local' | 'production';

/** The defaults of seed 000 §Default Behavior, per environment. */
export const CCTS_ENVIRONMENT_DEFAULTS: Readonly<Record<CCTsEnvironment, { readonly mode: CCTsMode; readonly maxMemoryMB: number }>> =
  Object.freeze({
    local: Object.freeze({ mode: 'auto' as const, maxMemoryMB: 1024 }),
    production: Object.freeze({ mode: 'on-demand' as const, maxMemoryMB: 512 }),
  });

/** Options of {@link createCCTsManager}. */
export interface CreateCCTsManagerOptions {
  /** Variables to read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides the detection from `NODE_ENV` / `AWS_LAMBDA_FUNCTION_NAME`. */
  readonly environment?: CCTsEnvironment;
  /** Client for the S3 source. @default one built from `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`… */
  readonly s3Client?: S3Client;
  /** Mode decisions and fallbacks. @default no output */
  readonly log?: (message: string) => void;
}

/** The configuration the environment resolves to (no secrets). */
export interface CCTsConfig {
  readonly environment: CCTsEnvironment;
  readonly mode: CCTsMode;
  readonly maxMemoryBytes: number;
  readonly localPath: string | undefined;
  readonly s3Bucket: string | undefined;
  readonly s3Key: string;
  /** Which configured source is used: the environment's preferred one when both are set. */
  readonly source: 'local' | 's3' | 'none';
  readonly lookupApiUrl: string | undefined;
}

const MiB = 1024 * 1024;

/** Detects the environment: production on Lambda or with `NODE_ENV=production`. */
export function detectCCTsEnvironment(env: NodeJS.ProcessEnv): CCTsEnvironment {
  return env.NODE_ENV === 'production' || env.AWS_LAMBDA_FUNCTION_NAME ? 'production' : 'local';
}

/** Resolves the configuration from variables, validating each once (TypeError naming it). */
export function resolveCCTsConfig(env: NodeJS.ProcessEnv, environment: CCTsEnvironment = detectCCTsEnvironment(env)): CCTsConfig {
  const defaults = CCTS_ENVIRONMENT_DEFAULTS[environment];
  if (!defaults) throw new TypeError(`environment must be "local" or "production", got ${String(environment)}`);
  const nonEmpty = (name: string) => (env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : undefined);

  let mode = defaults.mode;
  const preloading = nonEmpty('CCTS_USE_PRELOADING')?.toLowerCase();
  if (preloading === 'true') mode = 'preload';
  else if (preloading === 'false') mode = 'on-demand';
  else if (preloading !== undefined)
    throw new TypeError(`CCTS_USE_PRELOADING must be "true" or "false", got ${JSON.stringify(env.CCTS_USE_PRELOADING)}`);

  let maxMemoryMB = defaults.maxMemoryMB;
  const mb = nonEmpty('CCTS_MAX_MEMORY_MB');
  if (mb !== undefined) {
    maxMemoryMB = Number(mb);
    if (!Number.isFinite(maxMemoryMB) || maxMemoryMB <= 0) {
      throw new TypeError(`CCTS_MAX_MEMORY_MB must be a number of megabytes > 0, got ${JSON.stringify(env.CCTS_MAX_MEMORY_MB)}`);
    }
  }
  const localPath = nonEmpty('CCTS_LOCAL_PATH');
  const s3Bucket = nonEmpty('CCTS_S3_BUCKET');
  const s3Key = nonEmpty('CCTS_S3_KEY') ?? DEFAULT_CCTS_S3_KEY;
  const lookupApiUrl = nonEmpty('CCTS_LOOKUP_API_URL');
  const preferS3 = environment === 'production';
  const source = preferS3 ? (s3Bucket ? 's3' : localPath ? 'local' : 'none') : localPath ? 'local' : s3Bucket ? 's3' : 'none';
  return Object.freeze({
    environment,
    mode,
    maxMemoryBytes: Math.floor(maxMemoryMB * MiB),
    localPath,
    s3Bucket,
    s3Key,
    source,
    lookupApiUrl,
  });
}

/** An S3 client from `S3_ENDPOINT` (path-style, for MinIO and friends), `S3_REGION`/`AWS_REGION`, `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY` (else the AWS default chain). */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv): S3Client {
  const endpoint = env.S3_ENDPOINT || undefined;
  const accessKeyId = env.S3_ACCESS_KEY_ID;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY;
  return new S3Client({
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    // Checksums only where S3 requires them: S3-compatible servers (s3rver, older MinIO) do not
    // understand the aws-chunked trailing checksums the SDK sends by default since v3.729.0.
    // https://github.com/aws/aws-sdk-js-v3/issues/6810
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Builds a {@link CCTsManager} from the environment (seed 000 §Factory Function). Call
 * `initialize()` at startup; lookups initialise it on first use otherwise.
 *
 * @example
 * const ccts = createCCTsManager({ log: (m) => logger.info(m) });
 * const entities = new EntityManager({ ccts, pool });
 */
export function createCCTsManager(options: CreateCCTsManagerOptions = {}): CCTsManager {
  const env = options.env ?? process.env;
  const config = resolveCCTsConfig(env, options.environment);
  let source: CCTSource | undefined;
  if (config.source === 'local') source = new LocalCCTSource(config.localPath!);
  else if (config.source === 's3') {
    source = new S3CCTSource({ client: options.s3Client ?? s3ClientFromEnv(env), bucket: config.s3Bucket!, key: config.s3Key });
  }
  const lookupApi = config.lookupApiUrl
    ? new CCTLookupApiClient({
        baseUrl: config.lookupApiUrl,
        ...(env.CCTS_LOOKUP_API_TOKEN ? { apiToken: env.CCTS_LOOKUP_API_TOKEN } : {}),
      })
    : undefined;
  return new CCTsManager({
    mode: config.mode,
    maxMemoryBytes: config.maxMemoryBytes,
    ...(source ? { source } : {}),
    ...(lookupApi ? { lookupApi } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
