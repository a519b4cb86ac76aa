/** The report's inline stylesheet: system fonts only, no external resources. */
export const REPORT_CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#dfe3ea; --bg:#f6f7f9; --card:#ffffff; --fail:#c0392b; --fail-bg:#fdecea; --pass:#1e7e4a; --pass-bg:#e8f5ee; --warn:#9a6700; --warn-bg:#fff4d6; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.page { background: #1d2330; color: #fff; padding: 20px 32px 16px; }
header.page h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header.page .meta { color: #c5cbd6; font-size: 13px; }
header.page .status { margin-top: 10px; display: flex; gap: 8px; flex-wrap: wrap; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
nav.toc { margin: 8px 0 16px; font-size: 13px; }
nav.toc a { margin-right: 14px; color: #2e5f9e; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section.scenario, section.compare { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px 20px; margin: 18px 0; }
section.scenario > h2, section.compare > h2 { margin: 0 0 4px; font-size: 19px; word-break: break-word; }
h3 { font-size: 15px; margin: 22px 0 8px; color: #2b3242; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p.note { color: var(--muted); margin: 4px 0 8px; font-size: 13px; }
.badge { display: inline-block; padding: 2px 9px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.pass { background: var(--pass-bg); color: var(--pass); }
.badge.fail { background: var(--fail-bg); color: var(--fail); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.badge.info { background: #e8eef8; color: #2e5f9e; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 14px; }
figure.chart-box { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 8px 4px; background: #fff; }
figure.chart-box figcaption { font-size: 12.5px; color: var(--muted); margin: 0 4px 4px; }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
svg.chart .grid { stroke: #edf0f4; stroke-width: 1; }
svg.chart .axis { stroke: #9aa3b2; stroke-width: 1; }
svg.chart .zero { stroke: #9aa3b2; stroke-width: 1; stroke-dasharray: 2 3; }
svg.chart .tick { font-size: 12px; fill: #5b6475; }
svg.chart .axis-title { font-size: 12.5px; fill: #5b6475; }
svg.chart .group-label { font-size: 14px; fill: #1d2330; font-weight: 600; }
svg.chart .series { fill: none; stroke-width: 1.8; stroke-linejoin: round; }
svg.chart .fit { fill: none; stroke-width: 1.4; stroke-dasharray: 6 4; opacity: 0.75; }
svg.chart .whisker { stroke: #1d2330; stroke-width: 1.2; fill: none; opacity: 0.7; }
svg.chart .bar.light { opacity: 0.5; }
svg.chart .bar-value { font-size: 12.5px; fill: #1d2330; font-weight: 600; }
svg.chart .bar-value.inside { fill: #ffffff; }
svg.chart .bar-value.inside.on-light { fill: #1d2330; }
svg.chart .gc-minor { stroke-width: 1; opacity: 0.45; }
svg.chart .gc-major { stroke: #fff; stroke-width: 0.8; }
svg.chart .limit { stroke-width: 2; }
svg.chart .limit.budget { stroke: var(--fail); }
svg.chart .limit.target { stroke: #4d5566; stroke-dasharray: 5 3; }
svg.chart .limit-label { font-size: 11.5px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
svg.chart .limit-label.budget { fill: var(--fail); }
svg.chart .limit-label.target { fill: #4d5566; }
ul.legend { list-style: none; margin: 4px 4px 2px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; color: #3b4352; }
ul.legend .swatch { display: inline-block; width: 18px; height: 4px; margin-right: 6px; vertical-align: middle; background: var(--c); border-radius: 2px; }
ul.legend .swatch.dashed { background: repeating-linear-gradient(90deg, var(--c) 0 5px, transparent 5px 8px); }
ul.legend .swatch.light { opacity: 0.5; height: 10px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; color: #3b4352; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.src { color: var(--muted); font-size: 12px; word-break: break-word; }
tr.fail td { background: var(--fail-bg); }
tr.notgated td { background: var(--warn-bg); }
td.worse { color: var(--fail); font-weight: 600; }
td.better { color: var(--pass); font-weight: 600; }
td.gauge { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
.table-wrap { overflow-x: auto; }
pre.stderr { background: #1d2330; color: #e6e9ef; padding: 10px 12px; border-radius: 6px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; word-break: break-word; }
details { margin: 6px 0; }
summary { cursor: pointer; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
`;
