/**
 * The unmeasured step before a record count's runs: seed the data set once in the parent (or,
 * for a scenario with a `datasetVersion`, find it recorded as seeded: `dataset-cache.ts`), then
 * start the scenario's fixtures (helper servers) for it.
 */
import type { Fixtures, JsonValue, ServiceEndpoints } from '../scenario/types.js';
import { findCachedDataset, recordCachedDataset } from './dataset-cache.js';
import type { PlannedScenario } from './plan.js';
import type { RunSession } from './run-session.js';

/** A (scenario, records) ready to be measured: its data set seeded, its fixtures running. */
export interface PreparedRecords {
  readonly planned: PlannedScenario;
  readonly records: number;
  /** The endpoints of the services the scenario declared (only those). */
  readonly services: ServiceEndpoints;
  /** What the seeder returned as `dataset` (null without a seeder). */
  readonly dataset: JsonValue;
  /** The running fixtures, when the scenario has a `fixtures` hook. */
  readonly fixtures: Fixtures | undefined;
  /** Stops the fixtures (idempotent). */
  stop(): Promise<void>;
}

/**
 * Seeds `records` (emitting a `seeded` event) and starts the fixtures.
 * @throws whatever the seeder or the fixtures hook threw; nothing is left running then.
 */
export async function prepareRecords(session: RunSession, planned: PlannedScenario, records: number): Promise<PreparedRecords> {
  const def = planned.scenario.definition;
  const services: ServiceEndpoints = Object.fromEntries(def.services.map((n) => [n, session.endpoints[n]]));
  const log = session.log;
  let dataset: JsonValue = null;
  if (def.seed) {
    const t0 = performance.now();
    const key =
      def.datasetVersion !== undefined && services.postgres
        ? { scenario: def.name, records, datasetVersion: def.datasetVersion }
        : undefined;
    const cached = key ? await findCachedDataset(services.postgres!, key) : undefined;
    if (cached) {
      dataset = cached.dataset;
      log(
        `${def.name}: data set for ${records.toLocaleString('en-US')} records already seeded (v${String(def.datasetVersion)}); seed() not called`,
      );
      session.emit({ type: 'seeded', scenario: def.name, records, rows: 0, ms: performance.now() - t0 });
    } else {
      const seeded = await def.seed({ scenario: def.name, records, services, log });
      dataset = seeded.dataset ?? null;
      if (key) await recordCachedDataset(services.postgres!, key, { dataset, rowsWritten: seeded.rowsWritten });
      const event = { type: 'seeded' as const, scenario: def.name, records, rows: seeded.rowsWritten, ms: performance.now() - t0 };
      session.emit(seeded.bytesWritten !== undefined ? { ...event, bytes: seeded.bytesWritten } : event);
    }
  }
  const fixtures = def.fixtures ? await def.fixtures({ scenario: def.name, records, services, log, dataset }) : undefined;
  let stopped: Promise<void> | undefined;
  return {
    planned,
    records,
    services,
    dataset,
    fixtures,
    stop: () => {
      stopped ??= fixtures?.stop() ?? Promise.resolve();
      return stopped;
    },
  };
}
