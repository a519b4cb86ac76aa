/**
 * The memory dashboard's stylesheet, inlined in the page (no external file, font or CDN: the
 * page works offline) and allowed by its SHA-256 hash in the Content-Security-Policy. Elements
 * carry classes, never `style` attributes, which that policy would refuse.
 */
export const MEMORY_DASHBOARD_STYLES = `
:root { color-scheme: light; --normal: #2e7d32; --warning: #f9a825; --critical: #ef6c00; --emergency: #c62828;
  --heap: #1565c0; --rss: #6a1b9a; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1.5rem; padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid var(--rule); }
h1 { margin: 0; font-size: 1.3rem; }
h2 { margin: 0 0 0.6rem; font-size: 1.05rem; }
main { display: grid; gap: 1rem; padding: 1rem 1.5rem; grid-template-columns: minmax(0, 1fr); max-width: 1200px; }
section { background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 1rem; }
.status { display: flex; align-items: baseline; gap: 0.75rem; }
.level { display: inline-block; min-width: 6.5rem; padding: 0.15rem 0.6rem; border-radius: 999px; font-weight: 600; text-align: center; color: #fff; background: var(--muted); }
.level-normal { background: var(--normal); }
.level-warning { background: var(--warning); color: #1f2328; }
.level-critical { background: var(--critical); }
.level-emergency { background: var(--emergency); }
.connection { color: var(--muted); }
.connection-live { color: var(--normal); }
.connection-lost { color: var(--emergency); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.5rem 1rem; margin: 0 0 0.75rem; }
.figures div { border-left: 3px solid var(--rule); padding-left: 0.5rem; }
.figures dt { color: var(--muted); font-size: 0.8rem; }
.figures dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.chart { display: block; width: 100%; height: auto; }
.chart .frame { fill: #fff; stroke: var(--rule); }
.chart .band-warning { fill: var(--warning); fill-opacity: 0.16; }
.chart .band-critical { fill: var(--critical); fill-opacity: 0.18; }
.chart .band-emergency { fill: var(--emergency); fill-opacity: 0.18; }
.chart .grid { stroke: var(--rule); stroke-dasharray: 2 3; }
.chart .limit { stroke: var(--emergency); stroke-width: 1.5; }
.chart .series { fill: none; stroke-width: 2; stroke-linejoin: round; }
.chart .series.heap { stroke: var(--heap); }
.chart .series.rss { stroke: var(--rss); stroke-dasharray: 6 3; }
.chart .last.heap { fill: var(--heap); }
.chart .last.rss { fill: var(--rss); }
.chart text { font: 12px system-ui, sans-serif; fill: var(--muted); }
.chart text.band-label { font-weight: 600; }
.chart text.empty { font-size: 14px; }
.legend { display: flex; gap: 1.25rem; margin: 0.4rem 0 0; color: var(--muted); }
.swatch { display: inline-block; width: 1.6rem; height: 0; margin-right: 0.35rem; vertical-align: middle; border-top: 2px solid; }
.swatch.heap { border-color: var(--heap); }
.swatch.rss { border-color: var(--rss); border-top-style: dashed; }
.swatch.limit { border-color: var(--emergency); }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td.name { white-space: normal; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; font-size: 0.85rem; }
tr.empty td { color: var(--muted); text-align: left; }
th.change, td.change { text-align: left; }
td.change { font-weight: 600; }
.to-normal { color: var(--normal); }
.to-warning { color: #b07800; }
.to-critical { color: var(--critical); }
.to-emergency { color: var(--emergency); }
`;
