/**
 * Entry of the parse check `locate-syntax-error.ts` runs after an ES module failed to parse:
 * `node --experimental-vm-modules --no-warnings syntax-check-entry.js <module file>`.
 *
 * Parses the module and, depth first, every relative ES module it imports (static imports, and
 * dynamic `import('./…')` with a literal path, the way scenarios load their seeders lazily),
 * with `vm.SourceTextModule`: parsed only, never linked or evaluated, so no scenario code runs.
 * The first SyntaxError is left uncaught on purpose: Node then prints the file, line, source
 * line and a caret under the column on stderr, which it offers no other way to read
 * (https://nodejs.org/api/vm.html#class-vmsourcetextmodule). Exit 0: everything parsed.
 * CommonJS modules are skipped: their SyntaxErrors already name the place in `err.stack`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** `import('./x.js')` / `import("../y.mjs")`: a literal relative path. A false match only parses one more file. */
const DYNAMIC_IMPORT = /\bimport\s*\(\s*(['"`])(\.{1,2}\/[^'"`\n]+)\1\s*[,)]/g;

const seen = new Set<string>();

function isEsModule(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  // A .js file is what the nearest package.json's "type" says (CommonJS without one).
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

function check(url: string): void {
  if (seen.has(url)) return;
  seen.add(url);
  const file = fileURLToPath(url);
  if (!isEsModule(file)) return;
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return; // a missing file is the loader's error to report, not a syntax error
  }
  // Throws the SyntaxError this check exists to let escape.
  const parsed = new vm.SourceTextModule(source, { identifier: url });
  const specifiers = [...parsed.dependencySpecifiers, ...[...source.matchAll(DYNAMIC_IMPORT)].map((m) => m[2]!)];
  for (const specifier of specifiers) {
    if (/^\.{1,2}\//.test(specifier) || specifier.startsWith('/') || specifier.startsWith('file:')) {
      check(new URL(specifier, url).href);
    }
  }
}

check(pathToFileURL(path.resolve(process.argv[2] ?? '')).href);
