/**
 * The counter definitions the results document carries: each measured scenario's `counters`
 * field, reduced to what reporters read (label, unit, key), so a report formats a counter the
 * way its scenario says without loading the scenario.
 */
import { COUNTER_UNITS, type CounterDefinition, type CounterUnit, type ScenarioDefinition } from '../scenario/types.js';
import type { CounterDefinitions } from './results-document.js';

/**
 * `{ <scenario>: { <counter>: { label?, unit?, key? } } }` for every scenario in `scenarios`
 * that defines `counters` (a scenario listed twice is taken once). Fields of the wrong type,
 * and units heapgate does not know, are left out: reporters then fall back to the name.
 */
export function collectCounterDefinitions(scenarios: readonly Pick<ScenarioDefinition, 'name' | 'counters'>[]): CounterDefinitions {
  const out: Record<string, Record<string, CounterDefinition>> = {};
  for (const s of scenarios) {
    if (s.counters === undefined || s.name in out) continue;
    out[s.name] = Object.fromEntries(Object.entries(s.counters).map(([name, d]) => [name, cleanDefinition(d)]));
  }
  return out;
}

function cleanDefinition(d: CounterDefinition): CounterDefinition {
  return {
    ...(typeof d?.label === 'string' ? { label: d.label } : {}),
    ...(COUNTER_UNITS.includes(d?.unit as CounterUnit) ? { unit: d.unit } : {}),
    ...(typeof d?.key === 'boolean' ? { key: d.key } : {}),
  };
}
