import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3 } from '../../harness/services/s3-provider.js';
import type { ServiceHandle } from '../../harness/services/service-handle.js';
import type { S3Endpoint } from '../../harness/scenario/types.js';
import { CCTS_ENVIRONMENT_DEFAULTS, createCCTsManager, detectCCTsEnvironment, resolveCCTsConfig } from './create-ccts-manager.js';
import { putTestObject } from './test-fixtures/ccts-services.js';

const MiB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-factory-'));
const file = path.join(dir, 'ccts_export.csv');
let s3: ServiceHandle<S3Endpoint>;

beforeAll(async () => {
  fs.writeFileSync(file, 'id,clave,nombre\n1,09DPR0001A,LOCAL\n');
  s3 = await startS3({ env: { HEAPGATE_SERVICES: 'local' } });
  await putTestObject(s3.endpoint, 'prod-data', 'ccts_export.csv', 'id,clave,nombre\n2,09DPR0001A,S3\n');
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await s3?.stop();
});

function s3Env(): NodeJS.ProcessEnv {
  return {
    S3_ENDPOINT: s3.endpoint.endpoint,
    S3_REGION: s3.endpoint.region,
    S3_ACCESS_KEY_ID: s3.endpoint.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.endpoint.secretAccessKey,
  };
}

describe('resolveCCTsConfig', () => {
  it('applies the seed defaults: local pre-loads (auto) with 1024 MB, production is on-demand with 512 MB', () => {
    expect(CCTS_ENVIRONMENT_DEFAULTS).toEqual({
      local: { mode: 'auto', maxMemoryMB: 1024 },
      production: { mode: 'on-demand', maxMemoryMB: 512 },
    });
    expect(resolveCCTsConfig({})).toMatchObject({
      environment: 'local',
      mode: 'auto',
      maxMemoryBytes: 1024 * MiB,
      source: 'none',
      s3Key: 'ccts_export.csv',
    });
    expect(resolveCCTsConfig({ NODE_ENV: 'production' })).toMatchObject({
      environment: 'production',
      mode: 'on-demand',
      maxMemoryBytes: 512 * MiB,
    });
    expect(detectCCTsEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'participants' })).toBe('production');
  });

  it('reads CCTS_USE_PRELOADING, CCTS_MAX_MEMORY_MB and the sources, each validated', () => {
    expect(resolveCCTsConfig({ CCTS_USE_PRELOADING: 'true', NODE_ENV: 'production' }).mode).toBe('preload');
    expect(resolveCCTsConfig({ CCTS_USE_PRELOADING: 'FALSE' }).mode).toBe('on-demand');
    expect(resolveCCTsConfig({ CCTS_MAX_MEMORY_MB: '64' }).maxMemoryBytes).toBe(64 * MiB);
    expect(() => resolveCCTsConfig({ CCTS_USE_PRELOADING: 'yes' })).toThrow(/CCTS_USE_PRELOADING must be "true" or "false"/);
    expect(() => resolveCCTsConfig({ CCTS_MAX_MEMORY_MB: '-1' })).toThrow(/CCTS_MAX_MEMORY_MB must be a number of megabytes/);
    const both = { CCTS_LOCAL_PATH: file, CCTS_S3_BUCKET: 'b', CCTS_S3_KEY: 'k.csv' };
    expect(resolveCCTsConfig(both, 'local')).toMatchObject({ source: 'local', s3Key: 'k.csv' });
    expect(resolveCCTsConfig(both, 'production')).toMatchObject({ source: 's3' });
  });
});

describe('createCCTsManager', () => {
  it('local: pre-loads CCTS_LOCAL_PATH', async () => {
    const manager = createCCTsManager({ env: { CCTS_LOCAL_PATH: file } });
    expect(await manager.initialize()).toMatchObject({ mode: 'preload', requestedMode: 'auto', recordsLoaded: 1, source: `file:${file}` });
    expect(await manager.lookup('09DPR0001A')).toBe(1);
  });

  it('production: on-demand by default, pre-loads from the real S3 object with CCTS_USE_PRELOADING=true', async () => {
    const env = { ...s3Env(), NODE_ENV: 'production', CCTS_S3_BUCKET: 'prod-data' };
    const onDemand = createCCTsManager({ env });
    expect(await onDemand.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'configured', maxMemoryBytes: 512 * MiB });
    const preloaded = createCCTsManager({ env: { ...env, CCTS_USE_PRELOADING: 'true' } });
    expect(await preloaded.initialize()).toMatchObject({ mode: 'preload', recordsLoaded: 1, source: 's3://prod-data/ccts_export.csv' });
    expect(await preloaded.lookup('09DPR0001A')).toBe(2);
  });

  it('a missing local file falls back to on-demand with a logged reason', async () => {
    const log: string[] = [];
    const manager = createCCTsManager({ env: { CCTS_LOCAL_PATH: path.join(dir, 'missing.csv') }, log: (m) => log.push(m) });
    expect(await manager.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'source-missing' });
    expect(log).toEqual([expect.stringMatching(/on-demand mode \(source-missing\): CCT export file:.*missing\.csv does not exist/)]);
  });
});
