/** Where the repository is, for tests that run the compiled build (`dist/`) in a child process. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (this file is `reference-impl/test-fixtures/repo-root.ts`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
