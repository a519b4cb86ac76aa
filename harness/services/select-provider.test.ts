/**
 * The shared selection order, for every service: URL variable → testcontainers when Docker
 * answers (faked here: users have Docker, the CI machine does not) unless HEAPGATE_SERVICES says
 * local → the local fallback.
 */
import { describe, expect, it } from 'vitest';
import { HeapgateError } from '../errors.js';
import { postgresProvider } from './postgres-provider.js';
import { redisProvider } from './redis-provider.js';
import { s3Provider } from './s3-provider.js';
import { dockerAllowed, selectProvider } from './select-provider.js';

/** A Docker probe that answers `answer` and records whether it was asked. */
function fakeDocker(answer: boolean) {
  const probe = {
    asked: 0,
    dockerAvailable: async () => {
      probe.asked++;
      return answer;
    },
  };
  return probe;
}

// Redis's fallback needs a binary; pretend one is installed so the order alone decides.
const redisBinary = '/usr/bin/redis-server';
const services = [
  { provider: postgresProvider, url: 'postgres://u:p@127.0.0.1:5432/db', local: 'embedded', extra: {} },
  { provider: redisProvider, url: 'redis://127.0.0.1:6379', local: 'binary', extra: { findBinary: () => redisBinary } },
  { provider: s3Provider, url: 'http://127.0.0.1:9000', local: 'in-process', extra: {} },
] as const;

describe.each(services)('selectProvider($provider.service)', ({ provider, url, local, extra }) => {
  const select = (env: NodeJS.ProcessEnv, dockerAvailable: () => Promise<boolean>) =>
    selectProvider(provider, { env, dockerAvailable, ...extra });

  it(`uses ${provider.urlVariable} when set, without asking Docker`, async () => {
    const docker = fakeDocker(true);
    expect(await select({ [provider.urlVariable]: url }, docker.dockerAvailable)).toBe('url');
    expect(docker.asked).toBe(0);
  });

  it('uses testcontainers when a Docker engine answers', async () => {
    const docker = fakeDocker(true);
    expect(await select({}, docker.dockerAvailable)).toBe('testcontainers');
    expect(docker.asked).toBe(1);
  });

  it(`falls back to ${local} when no Docker engine answers`, async () => {
    const docker = fakeDocker(false);
    expect(await select({}, docker.dockerAvailable)).toBe(local);
    expect(docker.asked).toBe(1);
  });

  it.each(['local', 'embedded'])('skips the Docker probe under HEAPGATE_SERVICES=%s', async (value) => {
    const docker = fakeDocker(true);
    expect(await select({ HEAPGATE_SERVICES: value }, docker.dockerAvailable)).toBe(local);
    expect(docker.asked).toBe(0);
  });

  it(`ignores an empty ${provider.urlVariable}`, async () => {
    expect(await select({ [provider.urlVariable]: '' }, fakeDocker(false).dockerAvailable)).toBe(local);
  });
});

describe('selectProvider with a local fallback that cannot run', () => {
  // A fourth service, as a new provider would declare it.
  let asked = 0;
  const selection = {
    service: 'fourth',
    urlVariable: 'FOURTH_URL',
    local: 'binary',
    localUnavailable: () => {
      asked++;
      return 'no fourth-server found. Set FOURTH_URL, or run Docker.';
    },
  } as const;

  it('asks only when the fallback is what is left, and throws its reason as a ServiceError', async () => {
    expect(await selectProvider(selection, { env: { FOURTH_URL: 'x://y' } })).toBe('url');
    expect(await selectProvider(selection, { env: {}, dockerAvailable: async () => true })).toBe('testcontainers');
    expect(asked).toBe(0);
    const err = await selectProvider(selection, { env: { HEAPGATE_SERVICES: 'local' } }).catch((e: unknown) => e);
    expect(asked).toBe(1);
    expect(err).toBeInstanceOf(HeapgateError);
    expect(err).toMatchObject({
      code: 'HEAPGATE_SERVICE',
      service: 'fourth',
      message: 'fourth: no fourth-server found. Set FOURTH_URL, or run Docker.',
    });
  });
});

describe('dockerAllowed', () => {
  it('is false only when HEAPGATE_SERVICES says local', () => {
    expect(dockerAllowed({})).toBe(true);
    expect(dockerAllowed({ HEAPGATE_SERVICES: 'docker' })).toBe(true);
    expect(dockerAllowed({ HEAPGATE_SERVICES: 'local' })).toBe(false);
    expect(dockerAllowed({ HEAPGATE_SERVICES: 'embedded' })).toBe(false);
  });
});
