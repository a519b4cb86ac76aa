/**
 * startService with a provider as a fourth service would declare it: which of the three start
 * functions runs, what the handle says, and what a failing testcontainers start tells the user.
 */
import { describe, expect, it } from 'vitest';
import { HeapgateError } from '../errors.js';
import type { StartedService } from './service-handle.js';
import { type ServiceProvider, startService } from './service-provider.js';

interface FourthEndpoint {
  readonly url: string;
}

function fourthProvider(container: () => Promise<StartedService<FourthEndpoint>>) {
  const calls: string[] = [];
  const provider: ServiceProvider<FourthEndpoint, 'binary'> = {
    service: 'fourth',
    urlVariable: 'FOURTH_URL',
    local: 'binary',
    containerName: 'Fourth',
    localName: 'a fourth-server binary',
    connect: async (url) => {
      calls.push(`connect ${url}`);
      return { endpoint: { url }, version: '1.0' };
    },
    startContainer: async () => {
      calls.push('container');
      return container();
    },
    startLocal: async () => {
      calls.push('local');
      return {
        endpoint: { url: 'fourth://127.0.0.1:1' },
        version: '2.0',
        stop: async () => {
          calls.push('stop local');
        },
      };
    },
  };
  return { provider, calls };
}

const noContainer = async (): Promise<StartedService<FourthEndpoint>> => {
  throw new Error('Could not find a working container runtime strategy');
};

describe('startService', () => {
  it('connects to the URL variable, and stopping the handle stops nothing', async () => {
    const { provider, calls } = fourthProvider(noContainer);
    const h = await startService(provider, { env: { FOURTH_URL: 'fourth://db.example:7' } });
    expect(h).toMatchObject({ service: 'fourth', provider: 'url', version: '1.0', endpoint: { url: 'fourth://db.example:7' } });
    await h.stop();
    expect(calls).toEqual(['connect fourth://db.example:7']);
  });

  it('starts a container when Docker answers, logging which', async () => {
    const lines: string[] = [];
    let stopped = 0;
    const { provider, calls } = fourthProvider(async () => ({
      endpoint: { url: 'fourth://172.17.0.2:7' },
      stop: async () => {
        stopped++;
      },
    }));
    const h = await startService(provider, { env: {}, dockerAvailable: async () => true, log: (m) => lines.push(m) });
    expect(h.provider).toBe('testcontainers');
    expect('version' in h).toBe(false);
    await h.stop();
    await h.stop();
    expect(calls).toEqual(['container']);
    expect(stopped).toBe(1);
    expect(lines).toEqual(['fourth: starting Fourth through testcontainers…']);
  });

  it('says how to avoid testcontainers when it fails', async () => {
    const { provider } = fourthProvider(noContainer);
    const err = await startService(provider, { env: {}, dockerAvailable: async () => true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeapgateError);
    expect((err as Error).message).toBe(
      'fourth: testcontainers could not start Fourth (Could not find a working container runtime strategy). ' +
        'Set HEAPGATE_SERVICES=local to use a fourth-server binary, or FOURTH_URL to use your own.',
    );
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it('starts the local fallback otherwise, and stops it through the handle', async () => {
    const { provider, calls } = fourthProvider(noContainer);
    const h = await startService(provider, { env: { HEAPGATE_SERVICES: 'local' } });
    expect(h).toMatchObject({ provider: 'binary', version: '2.0', endpoint: { url: 'fourth://127.0.0.1:1' } });
    await h[Symbol.asyncDispose]();
    expect(calls).toEqual(['local', 'stop local']);
  });
});
