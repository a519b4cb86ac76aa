/** `heapgate list [--json]`: scenarios, default sizes, variants, documented targets. */
import type { ListOptions } from '../cli/cli-options.js';
import { builtinDirFor, describeScenarioSources } from '../config/apply-project-config.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import { formatMetricValue } from '../reporters/format-units.js';
import type { CommandIo } from './command-io.js';

/** Runs the `list` command with its resolved options. */
export async function listCommand(options: ListOptions, io: CommandIo): Promise<number> {
  const loaded = await loadScenarios(options.scenarios, builtinDirFor(options));
  const entries = loaded.map(({ definition: d, file, origin }) => ({
    name: d.name,
    summary: d.summary,
    source: d.source,
    origin,
    file,
    defaultRecords: d.defaultRecords,
    sweep: d.sweep,
    variants: Object.fromEntries(Object.entries(d.variants).map(([n, v]) => [n, v.summary])),
    services: d.services,
    targets: d.targets ?? [],
  }));
  if (options.json) {
    io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.stdout.write(`no scenarios: ${describeScenarioSources(options)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`${e.name}${e.origin === 'user' ? ` (${e.file})` : ''} — ${e.summary}`);
    lines.push(`  source: ${e.source}`);
    lines.push(
      `  records: ${e.defaultRecords.toLocaleString('en-US')} (sweep ${e.sweep.map((n) => n.toLocaleString('en-US')).join(' / ')}); services: ${e.services.join(', ') || 'none'}`,
    );
    for (const [name, summary] of Object.entries(e.variants)) lines.push(`  variant ${name}: ${summary}`);
    const counters = loaded.find((l) => l.definition.name === e.name)?.definition.counters;
    const bound = (metric: string, v: number) => formatMetricValue(metric, v, counters);
    for (const t of e.targets) {
      const range =
        t.min !== undefined && t.max !== undefined
          ? `${bound(t.metric, t.min)}–${bound(t.metric, t.max)}`
          : t.max !== undefined
            ? `≤ ${bound(t.metric, t.max)}`
            : `≥ ${bound(t.metric, t.min!)}`;
      lines.push(`  target ${t.variant}${t.records ? ` @${t.records.toLocaleString('en-US')}` : ''}: ${t.metric} ${range}  [${t.source}]`);
    }
    lines.push('');
  }
  io.stdout.write(lines.join('\n'));
  return 0;
}
