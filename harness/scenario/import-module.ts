/**
 * Imports a scenario or config module by URL, TypeScript included, without a build step.
 *
 * - On a Node with type stripping (`process.features.typescript`: 22.18+ / 23.6+ by default)
 *   a `.ts` file is imported as it is.
 * - On Node 20 (heapgate's `engines` start there), it has none; the first `.ts` module loaded
 *   registers tsx's hooks for the rest of the process (https://tsx.is/dev-api/register-esm and
 *   /register-cjs), so the scenario's own `.ts` imports load too. Both: a `.ts` file in a
 *   package without `"type": "module"` is CommonJS to Node, and tsx compiles it as such. tsx is the
 *   ecosystem's standard loader (esbuild underneath, maintained, handles tsconfig paths and
 *   `.js`→`.ts` specifiers, which Node's stripping does not). It is an optional peer
 *   dependency, not a dependency: a project measuring JavaScript, or on a Node that strips
 *   types, does not install esbuild for nothing; one that needs it is told the package to add.
 *
 * Registration happens only once a `.ts` file is actually loaded, so a JavaScript scenario's
 * measured child runs without loader hooks, as before.
 */
import { UsageError } from '../errors.js';

const TYPESCRIPT = /\.[cm]?tsx?$/;
let registered: Promise<void> | undefined;

/** True for `.ts`, `.mts`, `.cts`, `.tsx` files (declarations are never imported). */
export function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT.test(file) && !/\.d\.[cm]?ts$/.test(file);
}

/** Whether this Node strips types by itself. */
function nodeStripsTypes(): boolean {
  return (
    (process.features as { typescript?: string | false }).typescript !== undefined &&
    (process.features as { typescript?: string | false }).typescript !== false
  );
}

/** Registers tsx's ESM hooks once per process. @throws UsageError naming tsx when it is not installed */
function registerTsx(file: string): Promise<void> {
  registered ??= (async () => {
    let apis: { register: () => unknown }[];
    try {
      apis = (await Promise.all([import('tsx/cjs/api'), import('tsx/esm/api')])) as { register: () => unknown }[];
    } catch (err) {
      registered = undefined;
      throw new UsageError(
        `${file} is TypeScript: on Node ${process.versions.node}, which cannot strip types, heapgate loads it through tsx. ` +
          'Add it to the project (npm install --save-dev tsx), or use Node 22.18 or later',
        { cause: err },
      );
    }
    for (const api of apis) api.register();
  })();
  return registered;
}

/**
 * `import(url)`, registering a TypeScript loader first when `file` is TypeScript and this Node
 * needs one.
 * @throws UsageError when a TypeScript file needs tsx and it is missing; whatever the import throws otherwise.
 */
export async function importModule(url: string, file: string): Promise<Record<string, unknown>> {
  if (isTypeScriptFile(file) && !nodeStripsTypes()) await registerTsx(file);
  const mod = (await import(url)) as Record<string, unknown>;
  // A `.ts` file compiled as CommonJS (see above) arrives as `{ default: module.exports }`, its
  // `export default` one level down, marked by the `__esModule` flag compilers set.
  const inner = mod.default as { __esModule?: unknown } | null | undefined;
  return isTypeScriptFile(file) && typeof inner === 'object' && inner !== null && inner.__esModule === true
    ? (inner as Record<string, unknown>)
    : mod;
}
