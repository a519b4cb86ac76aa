/**
 * `reference-service` bench: what heapgate's probe costs the service it measures. The reference
 * service runs twice, in two processes, with the probe running in one (GC profiler, GC
 * observer, 20 ms timeline sampler — what every measured child runs) and not in the other;
 * rounds of load from a separate process alternate between them and their order, so machine
 * load hits both. Checked: the probed service's requests/s ≥ 97 % of the unprobed one's
 * (median over rounds).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runLoad } from '../harness/load/run-load.js';
import { median } from '../harness/results/summarize.js';
import { trackPid } from '../harness/services/cleanup.js';
import { seedContactsDataset } from '../scenarios/datasets/contacts-dataset.js';
import { benchCheck, type BenchRow, type BenchSuite, medianRow } from './bench-suite.js';

const ROUNDS = 11;
const ROUND_MS = 2000;
const CONNECTIONS = 10;
const CHILD = fileURLToPath(new URL('./reference-service-child.js', import.meta.url));

interface Service {
  readonly child: ChildProcess;
  readonly url: string;
}

function startService(connectionString: string, probe: boolean): Promise<Service> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ['--expose-gc', '--no-flush-bytecode'],
      env: { ...process.env, HEAPGATE_BENCH_PG_URL: connectionString, HEAPGATE_BENCH_PROBE: probe ? '1' : '0' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    if (child.pid) trackPid(child.pid);
    child.once('message', (m: { url: string }) => resolve({ child, url: m.url }));
    child.once('exit', (code) => reject(new Error(`reference service exited with code ${code} before listening`)));
  });
}

const suite: BenchSuite = {
  name: 'reference-service',
  services: ['postgres'],
  async run({ services, log }) {
    const connectionString = services.postgres!.connectionString;
    const client = new pg.Client({ connectionString });
    await client.connect();
    const { dataset } = await seedContactsDataset(client, { records: 1318 }).finally(() => client.end());
    const path = `/users/${dataset.userId}/suggestions`;
    const [plain, probed] = await Promise.all([startService(connectionString, false), startService(connectionString, true)]);
    try {
      const load = async (s: Service) =>
        (await runLoad(s.url, { connections: CONNECTIONS, durationMs: ROUND_MS, requests: [{ path }] }, { measureEventLoop: false }))
          .counters;
      // Warm both (JIT, caches, pool) before anything counts.
      for (const s of [plain, probed]) await runLoad(s.url, { connections: CONNECTIONS, durationMs: 1000, requests: [{ path }] });
      log(
        `reference-service: ${ROUNDS} alternating rounds of ${ROUND_MS} ms, ${CONNECTIONS} connections, GET ${path.replace(dataset.userId, '<user>')}…`,
      );
      const plainRows: BenchRow[] = [];
      const probedRows: BenchRow[] = [];
      const ratios: number[] = [];
      let errors = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [plain, probed] : [probed, plain];
        const rps = new Map<Service, number>();
        for (const s of order) {
          const c = await load(s);
          errors += c.errors + c.non2xx;
          rps.set(s, c.requestsPerSecond);
        }
        const row = (name: string, s: Service): BenchRow => ({
          name,
          throughput: rps.get(s)!,
          unit: 'requests/s',
          rmePercent: 0,
          samples: 1,
        });
        plainRows.push(row('reference service, no probe', plain));
        probedRows.push(row("reference service, heapgate's probe running", probed));
        ratios.push(rps.get(probed)! / rps.get(plain)!);
      }
      const ratio = median(ratios);
      return {
        rows: [medianRow(plainRows), medianRow(probedRows)],
        checks: [
          benchCheck('probed / unprobed requests/s (median of rounds)', ratio, '>=', 0.97),
          benchCheck('requests without a 2xx answer', errors, '<=', 0),
        ],
        notes: [`probed/unprobed per round: ${ratios.map((r) => r.toFixed(3)).join(', ')}`],
      };
    } finally {
      // Both gone before the suite returns: PostgreSQL stops next, under their pools' feet.
      await Promise.all(
        [plain, probed].map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.child.exitCode !== null) return resolve();
              s.child.once('exit', () => resolve());
              s.child.disconnect();
            }),
        ),
      );
    }
  },
};

export default suite;
