/**
 * The report's links to the evidence written beside it: profiles (`heapgate profile`, or the
 * gate after a failing heap budget) per scenario, and heap snapshots. Links are relative to
 * the report's directory, so the folder can be moved or downloaded as a CI artifact whole.
 */
import path from 'node:path';
import type { ProfileFile } from '../../results/results-document.js';
import { formatNumber } from '../format-units.js';
import { escapeHtml as e } from './escape-html.js';

/** What each profile kind is opened with, shown beside its link. */
const OPENED_WITH: Readonly<Record<ProfileFile['kind'], string>> = {
  heap: 'Chrome DevTools › Memory › Load, or speedscope',
  cpu: 'Chrome DevTools › Performance › Load profile, or speedscope',
  doctor: 'a browser (clinic doctor, standalone page); it covers the whole child process, module loading, setup and teardown too',
  flame: 'a browser (clinic flame, standalone page); it covers the whole child process, module loading, setup and teardown too',
};

/**
 * The href of `file` from a report in `reportDir` (relative, each segment URL-encoded); the
 * path as given, encoded, when no directory is known.
 */
export function evidenceHref(file: string, reportDir: string | undefined): string {
  const relative = reportDir === undefined ? file : path.relative(path.resolve(reportDir), path.resolve(file));
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

/** The "Profiles" list of one scenario; empty when it has none. */
export function renderProfileLinks(profiles: readonly ProfileFile[], reportDir: string | undefined): string {
  if (profiles.length === 0) return '';
  const items = profiles.map(
    (p) =>
      `<li><a href="${e(evidenceHref(p.path, reportDir))}">${e(path.basename(p.path))}</a> — ${e(p.kind)} profile of ${e(p.variant)} at ${e(formatNumber(p.records))} records (${e(p.reason)}); open with ${e(OPENED_WITH[p.kind])}</li>`,
  );
  return ['<h3>Profiles</h3>', `<ul class="evidence">${items.join('')}</ul>`].join('\n');
}

/** The page's "Heap snapshots" section; empty when there are none. */
export function renderSnapshotLinks(snapshots: readonly string[], reportDir: string | undefined): string {
  if (snapshots.length === 0) return '';
  const items = snapshots.map((s) => `<li><a href="${e(evidenceHref(s, reportDir))}">${e(path.basename(s))}</a></li>`);
  return [
    '<section class="scenario"><h2>Heap snapshots</h2>',
    '<p class="note">Open with Chrome DevTools › Memory › Load.</p>',
    `<ul class="evidence">${items.join('')}</ul></section>`,
  ].join('\n');
}
