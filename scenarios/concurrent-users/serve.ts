/**
 * `npm run service -- [--users N] [--suggestions naive|streaming] [--port P]`: the reference
 * service on its own, for pointing a load tool (autocannon, k6, a browser) at it. Starts
 * PostgreSQL through heapgate's providers (`PG_URL`, else testcontainers, else embedded), seeds
 * N users × 1,318 contacts (seed 001's data set: user ids `seed-1318`, `seed-1318-u1`, …),
 * starts the service on 127.0.0.1 (a random port unless `--port`), prints to stdout
 *
 *     url: http://127.0.0.1:<port>
 *     users: seed-1318 seed-1318-u1 …
 *
 * and serves until SIGINT (Ctrl-C) or SIGTERM, then stops the service and PostgreSQL (temp dirs
 * included) and exits 130 / 143. Progress goes to stderr; credentials go nowhere. A malformed
 * command line exits 2 with the usage line, as heapgate's CLI does; a service that cannot start
 * exits 2 too, anything else that fails exits 1.
 *
 * Not a scenario: `concurrent-users/` has no index module (the scenario comes later), so the
 * loader never picks this file up.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ServiceError, UsageError } from 'heapgate';
import { startPostgres } from 'heapgate/providers';
import { createReferenceService, type SuggestionsImplementation } from '../../reference-impl/service/create-reference-service.js';
import { CONTACTS_REFERENCE_TIME_MS, MAX_CONTACTS_USER, seedContactsDataset, vacuumContactsTables } from '../datasets/contacts-dataset.js';

/** The one usage line, printed with every command-line error and by `--help`. */
export const SERVE_USAGE = 'usage: npm run service -- [--users N] [--suggestions naive|streaming] [--port P]';

/** Users seeded unless `--users` says otherwise. */
export const DEFAULT_SERVE_USERS = 10;
/** Contacts per user: seed 001's figure, the `suggestions` scenario's default. */
export const CONTACTS_PER_USER = 1318;
/**
 * Connections of the service's pool. A full-scan suggestion request holds one for its whole
 * pass, so this bounds the suggestion requests PostgreSQL works on at once; the rest wait for a
 * connection (pg's default, 10).
 */
const POOL_MAX = 10;

const HELP = `${SERVE_USAGE}

  --users N          users to seed and serve, each with ${CONTACTS_PER_USER.toLocaleString('en-US')} contacts (1–${MAX_CONTACTS_USER + 1}; default ${DEFAULT_SERVE_USERS})
  --suggestions IMPL streaming (batches, memory breaker, cache) or naive (SELECT *, in memory) (default streaming)
  --port P           port on 127.0.0.1 (0–65535; default 0: a random free port)
  --help             this text

Routes: GET /users/:userId/suggestions, /users/:userId/contacts?limit=&after=, /healthz, /metrics.
PostgreSQL: PG_URL if set, else testcontainers when Docker answers (HEAPGATE_SERVICES=local skips it), else embedded.`;

/** What the command line asks for. */
interface ServeOptions {
  readonly users: number;
  readonly suggestions: SuggestionsImplementation;
  readonly port: number;
  readonly help: boolean;
}

function integerFlag(flag: string, text: string | undefined, min: number, max: number, what: string): number {
  if (text === undefined || !/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be ${what} in [${min}, ${max}], got ${JSON.stringify(text ?? '')}`);
  }
  return Number(text);
}

const ARGS = {
  options: {
    users: { type: 'string' },
    suggestions: { type: 'string' },
    port: { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
  allowPositionals: false,
  tokens: true,
} as const;

function parseServeArgs(argv: readonly string[]): ServeOptions {
  let parsed: ReturnType<typeof parseArgs<typeof ARGS>>;
  try {
    parsed = parseArgs({ ...ARGS, args: [...argv] });
  } catch (cause) {
    throw new UsageError((cause as Error).message, { cause });
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given twice`);
    seen.add(token.name);
  }
  const { values } = parsed;
  const suggestions = values.suggestions ?? 'streaming';
  if (suggestions !== 'naive' && suggestions !== 'streaming') {
    throw new UsageError(`--suggestions must be naive or streaming, got ${JSON.stringify(suggestions)}`);
  }
  return {
    users:
      values.users === undefined
        ? DEFAULT_SERVE_USERS
        : integerFlag('--users', values.users, 1, MAX_CONTACTS_USER + 1, 'a whole number of users'),
    suggestions,
    port: values.port === undefined ? 0 : integerFlag('--port', values.port, 0, 65_535, 'a TCP port'),
    help: values.help === true,
  };
}

const log = (message: string) => process.stderr.write(`service: ${message}\n`);

let options: ServeOptions;
try {
  options = parseServeArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`heapgate service: ${(err as Error).message}\n${SERVE_USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const postgres = await startPostgres({ log }).catch((err: unknown) => {
  process.stderr.write(`heapgate service: ${(err as Error).message}\n`);
  process.exit(err instanceof ServiceError ? 2 : 1);
});
const pool = new pg.Pool({ connectionString: postgres.endpoint.connectionString, max: POOL_MAX });
// Idle connections are cut when PostgreSQL stops at shutdown; that is expected, not a crash.
pool.on('error', () => {});

let stopping: Promise<void> | undefined;
/** Stops in dependency order: the service (in-flight requests finish), its pool, PostgreSQL. */
function stop(app: { close(): Promise<unknown> } | undefined, exitCode: number): Promise<void> {
  stopping ??= (async () => {
    await app?.close().catch(() => {});
    await pool.end().catch(() => {});
    await postgres.stop();
    process.exit(exitCode);
  })();
  return stopping;
}

let userIds: string[];
let app: Awaited<ReturnType<typeof createReferenceService>> | undefined;
try {
  log(`seeding ${options.users} user(s) × ${CONTACTS_PER_USER.toLocaleString('en-US')} contacts…`);
  const client = await pool.connect();
  try {
    userIds = [];
    let written = 0;
    for (let user = 0; user < options.users; user++) {
      const { dataset, rowsWritten } = await seedContactsDataset(client, { records: CONTACTS_PER_USER, user, vacuum: false });
      userIds.push(dataset.userId);
      written += rowsWritten;
    }
    // One vacuum for all users: one per user would scan every earlier user's rows again.
    if (written > 0) await vacuumContactsTables(client);
  } finally {
    client.release();
  }
  // The data set's "now", not the wall clock: the same data gives the same suggestions.
  app = await createReferenceService({ pool, suggestions: options.suggestions, clock: () => CONTACTS_REFERENCE_TIME_MS });
  const url = await app.listen({ host: '127.0.0.1', port: options.port });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping the service and PostgreSQL…`);
      void stop(app, signal === 'SIGINT' ? 130 : 143);
    });
  }
  process.stdout.write(`url: ${url}\nusers: ${userIds.join(' ')}\n`);
  log(`${options.suggestions} suggestions; try: curl ${url}/users/${userIds[0]}/suggestions`);
  log('Ctrl-C or SIGTERM stops it.');
} catch (err) {
  process.stderr.write(`heapgate service: ${(err as Error).message}\n`);
  await stop(app, 1);
}
