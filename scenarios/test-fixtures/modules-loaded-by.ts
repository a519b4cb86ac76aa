/**
 * What importing one module loads, seen from a fresh Node process: the measured child imports a
 * scenario's index module before `setup`, so whatever that import pulls in (a data generator
 * and faker, say) costs every measured run. Scenario tests use it to keep seeding code behind
 * the lazy `await import(...)` in `seed()`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

// A module resolve hook (node:module `register`) that appends every URL it resolves to the file
// named by HEAPGATE_TRACE_FILE: static and dynamic ESM imports alike.
const HOOKS = `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  fs.appendFileSync(process.env.HEAPGATE_TRACE_FILE, resolved.url + '\\n');
  return resolved;
}`;

/**
 * The URLs of the ES modules that `import(file)` resolves in a new `node` process (built-ins
 * as `node:…`), without duplicates, in first-resolved order. CommonJS `require`s inside
 * packages are not listed; the package's own entry is.
 *
 * @param file Absolute path of a JavaScript module (a built scenario: `dist/scenarios/…`).
 * @throws Error with the child's stderr when the import fails.
 */
export async function modulesLoadedBy(file: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-modules-'));
  try {
    const hooks = path.join(dir, 'hooks.mjs');
    const trace = path.join(dir, 'trace.txt');
    fs.writeFileSync(hooks, HOOKS);
    const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        '--input-type=module',
        '--eval',
        `await import(${JSON.stringify(pathToFileURL(file).href)});`,
      ],
      { env: { ...process.env, HEAPGATE_TRACE_FILE: trace } },
    );
    return [...new Set(fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean))];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
