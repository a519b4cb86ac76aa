export { BMF_MEASURES, renderBmf, type BmfDocument, type BmfMeasure } from './bmf.js';
export {
  METRIC_LABELS,
  MISSING_VALUE,
  formatBytes,
  formatMetricValue,
  formatMs,
  formatNumber,
  formatPercent,
  formatRecords,
  metricUnit,
  type ValueUnit,
} from './format-units.js';
export { renderHtmlReport, type HtmlReportOptions } from './html/render-html-report.js';
export { renderJunitXml, xml, xmlText, type JunitOptions } from './junit.js';
export { appendGithubStepSummary, md, renderMarkdownSummary, type MarkdownOptions } from './markdown.js';
export { parseResultsDocument, readResultsDocument } from './read-results-document.js';
export { describeVerdict, sortVerdictsFailingFirst } from './verdict-order.js';
export { writeCiOutputs, writeHtmlReport, type CiOutputOptions, type CiOutputPaths } from './write-ci-outputs.js';
