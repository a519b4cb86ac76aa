/**
 * Graceful degradation (seed 003): feature flags for non-essential services, request
 * priorities, and the decisions the pressure actions change — which priorities are shed and
 * how many requests may be in flight. It knows nothing about heap or HTTP: the pressure actions
 * set it, and the fastify plugin (or any server) asks it per request.
 */
import { DEFAULT_RETRY_AFTER_SECONDS } from './pressure-defaults.js';

/**
 * How much a request matters. `critical` is core functionality (seed 003 Level 3: "Prioritize
 * core functionality"): never shed. `normal` is everything else users wait for; `background`
 * is work nobody waits for (prefetches, reports), shed first.
 */
export type RequestPriority = 'critical' | 'normal' | 'background';

/** Every priority, most important first. */
export const REQUEST_PRIORITIES: readonly RequestPriority[] = Object.freeze(['critical', 'normal', 'background']);

/** Why a request was shed: its priority is shed, or the in-flight cap is reached. */
export type ShedReason = 'priority' | 'in-flight';

/** An admitted request. Call `release()` once it is done (further calls do nothing). */
export interface Admitted {
  readonly admitted: true;
  readonly priority: RequestPriority;
  release(): void;
}

/** A shed request: answer 503 with `Retry-After: retryAfterSeconds`. */
export interface Shed {
  readonly admitted: false;
  readonly priority: RequestPriority;
  readonly reason: ShedReason;
  /** Seconds, for the `Retry-After` header. */
  readonly retryAfterSeconds: number;
}

/** What {@link DegradationManager.admit} decided. */
export type Admission = Admitted | Shed;

/** Definition of a feature flag. */
export interface FeatureOptions {
  /** Essential features are never turned off by {@link DegradationManager.disableNonEssential}. @default false */
  readonly essential?: boolean;
}

/** Options of {@link DegradationManager}. */
export interface DegradationManagerOptions {
  /** `Retry-After` of shed requests, in seconds (a whole number ≥ 1). @default DEFAULT_RETRY_AFTER_SECONDS (10) */
  readonly retryAfterSeconds?: number;
  /** Feature flags to define at once (all enabled). @default none */
  readonly features?: Readonly<Record<string, FeatureOptions>>;
}

/** One feature flag's state. */
export interface FeatureState {
  readonly name: string;
  readonly essential: boolean;
  readonly enabled: boolean;
}

/** How many requests were shed, per priority and reason. */
export interface ShedCount {
  readonly priority: RequestPriority;
  readonly reason: ShedReason;
  readonly count: number;
}

/** Counters of a {@link DegradationManager}. */
export interface DegradationStats {
  readonly inFlight: number;
  /** `Infinity` when uncapped. */
  readonly maxInFlight: number;
  readonly shedding: readonly RequestPriority[];
  /** Admitted requests since construction, per priority. */
  readonly admitted: Readonly<Record<RequestPriority, number>>;
  /** Shed requests since construction: every (priority, reason) pair, zeros included. */
  readonly shed: readonly ShedCount[];
  readonly features: readonly FeatureState[];
}

const REASONS: readonly ShedReason[] = ['priority', 'in-flight'];

function checkPriority(priority: unknown, what = 'priority'): RequestPriority {
  if (priority !== 'critical' && priority !== 'normal' && priority !== 'background') {
    throw new TypeError(`${what} must be one of ${REQUEST_PRIORITIES.join(', ')}, got ${String(priority)}`);
  }
  return priority;
}

/** Feature flags, priorities and in-flight accounting for one process. */
export class DegradationManager {
  /** `Retry-After` of shed requests, in seconds. */
  readonly retryAfterSeconds: number;
  readonly #features = new Map<string, { essential: boolean; enabled: boolean }>();
  readonly #shedding = new Set<RequestPriority>();
  readonly #admitted: Record<RequestPriority, number> = { critical: 0, normal: 0, background: 0 };
  readonly #shedCounts = {} as Record<RequestPriority, Record<ShedReason, number>>;
  // One frozen answer per (priority, reason): shedding allocates nothing, which matters when a
  // surge is being shed because the heap is nearly full.
  readonly #shedAnswers = {} as Record<RequestPriority, Record<ShedReason, Shed>>;
  #maxInFlight = Number.POSITIVE_INFINITY;
  #inFlight = 0;

  constructor(options: DegradationManagerOptions = {}) {
    const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 1) {
      throw new TypeError(`retryAfterSeconds must be a whole number of seconds ≥ 1, got ${String(retryAfterSeconds)}`);
    }
    this.retryAfterSeconds = retryAfterSeconds;
    for (const [name, feature] of Object.entries(options.features ?? {})) this.defineFeature(name, feature);
    for (const priority of REQUEST_PRIORITIES) {
      this.#shedCounts[priority] = { priority: 0, 'in-flight': 0 };
      const answer = (reason: ShedReason): Shed => Object.freeze({ admitted: false, priority, reason, retryAfterSeconds });
      this.#shedAnswers[priority] = { priority: answer('priority'), 'in-flight': answer('in-flight') };
    }
  }

  // ---- feature flags ----

  /** Defines a feature flag, enabled. Throws when it exists. */
  defineFeature(name: string, options: FeatureOptions = {}): void {
    if (typeof name !== 'string' || name === '') throw new TypeError('feature name must be a non-empty string');
    if (this.#features.has(name)) throw new TypeError(`feature "${name}" is already defined`);
    const essential = options.essential ?? false;
    if (typeof essential !== 'boolean') throw new TypeError(`features.${name}.essential must be a boolean`);
    this.#features.set(name, { essential, enabled: true });
  }

  /** Whether the feature is on. Throws a `TypeError` for an undefined name (a typo would otherwise read as "on"). */
  isEnabled(name: string): boolean {
    return this.#feature(name).enabled;
  }

  /** Turns a feature on or off; returns whether it was on. */
  setEnabled(name: string, enabled: boolean): boolean {
    const feature = this.#feature(name);
    const was = feature.enabled;
    feature.enabled = enabled;
    return was;
  }

  /** Turns off every enabled non-essential feature; returns the names it turned off. */
  disableNonEssential(): string[] {
    const off: string[] = [];
    for (const [name, feature] of this.#features) {
      if (feature.essential || !feature.enabled) continue;
      feature.enabled = false;
      off.push(name);
    }
    return off;
  }

  /** Every feature flag, in definition order. */
  features(): FeatureState[] {
    return [...this.#features].map(([name, f]) => ({ name, essential: f.essential, enabled: f.enabled }));
  }

  // ---- requests ----

  /** The priorities shed now. */
  get shedding(): readonly RequestPriority[] {
    return REQUEST_PRIORITIES.filter((p) => this.#shedding.has(p));
  }

  /** Sheds exactly `priorities` from now on (`critical` may not be shed); returns the previous set. */
  setShedding(priorities: readonly RequestPriority[]): readonly RequestPriority[] {
    if (!Array.isArray(priorities)) throw new TypeError('priorities must be an array of request priorities');
    for (const p of priorities) {
      if (checkPriority(p, 'priorities[]') === 'critical') {
        throw new TypeError('priorities must not include critical: critical requests are never shed');
      }
    }
    const previous = this.shedding;
    this.#shedding.clear();
    for (const p of priorities) this.#shedding.add(p);
    return previous;
  }

  /** In-flight cap for non-critical requests; `Infinity` when uncapped. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Sets the in-flight cap (a whole number ≥ 1, or `Infinity`); returns the previous cap. */
  setMaxInFlight(maxInFlight: number): number {
    if (maxInFlight !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxInFlight) || maxInFlight < 1)) {
      throw new TypeError(`maxInFlight must be a whole number of requests ≥ 1 or Infinity, got ${String(maxInFlight)}`);
    }
    const previous = this.#maxInFlight;
    this.#maxInFlight = maxInFlight;
    return previous;
  }

  /** Requests admitted and not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Admits or sheds one request. A `critical` request is always admitted. Any other is shed when
   * its priority is shed, or when the requests in flight (of every priority: critical ones take
   * room too) have reached the cap. An admitted request counts as in flight until `release()`.
   */
  admit(priority: RequestPriority): Admission {
    checkPriority(priority);
    if (priority !== 'critical') {
      const reason: ShedReason | undefined = this.#shedding.has(priority)
        ? 'priority'
        : this.#inFlight >= this.#maxInFlight
          ? 'in-flight'
          : undefined;
      if (reason !== undefined) {
        this.#shedCounts[priority][reason]++;
        return this.#shedAnswers[priority][reason];
      }
    }
    this.#inFlight++;
    this.#admitted[priority]++;
    let released = false;
    return {
      admitted: true,
      priority,
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight--;
      },
    };
  }

  /** Counters and state now. */
  stats(): DegradationStats {
    return {
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      shedding: this.shedding,
      admitted: { ...this.#admitted },
      shed: REQUEST_PRIORITIES.flatMap((priority) =>
        REASONS.map((reason) => ({ priority, reason, count: this.#shedCounts[priority][reason] })),
      ),
      features: this.features(),
    };
  }

  #feature(name: string): { essential: boolean; enabled: boolean } {
    const feature = this.#features.get(name);
    if (feature === undefined) throw new TypeError(`feature "${String(name)}" is not defined (defineFeature first)`);
    return feature;
  }
}
