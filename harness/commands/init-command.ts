/**
 * `heapgate init`: scaffolds an example scenario with budgets, `heapgate.config.*` and a GitHub
 * Actions workflow that gates pull requests (`harness/init/scaffold-files.ts`). Idempotent: a
 * file already there with the same text is left as it is; one with other text is never
 * overwritten. Exit 0 when every file is in place, 1 when one was left alone because it differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { InitOptions } from '../cli/cli-options.js';
import { findConfigFile } from '../config/load-project-config.js';
import { scaffoldFiles } from '../init/scaffold-files.js';
import type { CommandIo } from './command-io.js';

/** Runs `init` in the working directory. */
export async function initCommand(_options: InitOptions, io: CommandIo, cwd: string = process.cwd()): Promise<number> {
  // TypeScript when the project is: its tsconfig says so.
  const typescript = fs.existsSync(path.join(cwd, 'tsconfig.json'));
  const existingConfig = findConfigFile(cwd);
  let conflicts = 0;
  for (const file of scaffoldFiles(typescript)) {
    const target = path.join(cwd, file.path);
    // A project with a config of the other extension has its config already.
    const other = file.path.startsWith('heapgate.config.') && existingConfig && existingConfig !== target ? existingConfig : undefined;
    const found = other ?? (fs.existsSync(target) ? target : undefined);
    if (found === undefined) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // wx: never replace a file that appeared since the check.
      fs.writeFileSync(target, file.text, { flag: 'wx' });
      io.stdout.write(`created   ${file.path}\n`);
    } else if (found === target && fs.readFileSync(target, 'utf8') === file.text) {
      io.stdout.write(`unchanged ${file.path}\n`);
    } else {
      conflicts++;
      io.stdout.write(`kept      ${path.relative(cwd, found)} (exists with other content; not overwritten)\n`);
    }
  }
  const next = [
    '',
    'next: npx heapgate run example      measure the example (reports/…/index.html)',
    '      npx heapgate gate             check its budgets, as the workflow does on pull requests',
    ...(typescript ? ['      TypeScript files load through tsx on Node 20: npm install --save-dev tsx'] : []),
  ];
  io.stdout.write(`${next.join('\n')}\n`);
  if (conflicts > 0) io.stderr.write(`heapgate init: ${conflicts} file(s) already exist with other content and were left as they are\n`);
  return conflicts > 0 ? 1 : 0;
}
