import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CCTS_ENVIRONMENT_DEFAULTS, createCCTsManager, detectCCTsEnvironment, resolveCCTsConfig } from './create-ccts-manager.js';
import { putTestObject, uniqueBucketName } from '../test-fixtures/ccts-services.js';
import { testS3Endpoint } from '../test-fixtures/test-endpoints.js';

const MiB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-factory-'));
const file = path.join(dir, 'ccts_export.csv');
const BUCKET = uniqueBucketName('prod-data');

beforeAll(async () => {
  fs.writeFileSync(file, 'id,clave,nombre\n1,09DPR0001A,LOCAL\n');
  await putTestObject(BUCKET, 'ccts_export.csv', 'id,clave,nombre\n2,09DPR0001A,S3\n');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The test S3 store as the manager's environment variables name it. */
function s3Env(): NodeJS.ProcessEnv {
  const s3 = testS3Endpoint();
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
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
    const env = { ...s3Env(), NODE_ENV: 'production', CCTS_S3_BUCKET: BUCKET };
    const onDemand = createCCTsManager({ env });
    expect(await onDemand.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'configured', maxMemoryBytes: 512 * MiB });
    const preloaded = createCCTsManager({ env: { ...env, CCTS_USE_PRELOADING: 'true' } });
    expect(await preloaded.initialize()).toMatchObject({ mode: 'preload', recordsLoaded: 1, source: `s3://${BUCKET}/ccts_export.csv` });
    expect(await preloaded.lookup('09DPR0001A')).toBe(2);
  });

  it('a missing local file falls back to on-demand with a logged reason', async () => {
    const log: string[] = [];
    const manager = createCCTsManager({ env: { CCTS_LOCAL_PATH: path.join(dir, 'missing.csv') }, log: (m) => log.push(m) });
    expect(await manager.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'source-missing' });
    expect(log).toEqual([expect.stringMatching(/on-demand mode \(source-missing\): CCT export file:.*missing\.csv does not exist/)]);
  });
});
