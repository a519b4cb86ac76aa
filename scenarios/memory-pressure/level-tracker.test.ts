/**
 * The level counters over a scripted handler: every transition counted, the highest level
 * kept, and a flap only when a level is re-entered within the dwell time of leaving it.
 */
import { describe, expect, it } from 'vitest';
import { scriptedHandler } from '../../reference-impl/pressure/test-fixtures/scripted-pressure.js';
import { LevelTracker } from './level-tracker.js';

describe('LevelTracker', () => {
  it('counts transitions and the highest level, and no flap when each level holds its dwell', () => {
    const s = scriptedHandler({ minDwellMs: 1000 });
    const tracker = new LevelTracker(s.handler, 1000);
    s.read(0.9); // normal → critical
    s.hold(0.5, 1250); // critical → warning after 1 s
    s.hold(0.5, 1250); // warning → normal after 1 s more
    expect(s.handler.level).toBe('normal');
    expect(tracker.counters()).toEqual({ levelTransitions: 3, flaps: 0, maxLevel: 2 });
    // Warning was left at ~2.5 s; re-entered 2 s later: not a flap.
    s.read(0.75, 2000);
    expect(tracker.counters()).toEqual({ levelTransitions: 4, flaps: 0, maxLevel: 2 });
  });

  it('counts a level re-entered less than the dwell time after it was left as a flap', () => {
    const s = scriptedHandler({ minDwellMs: 1000 });
    const tracker = new LevelTracker(s.handler, 1000);
    s.read(0.75); // normal → warning
    s.read(0.6, 1000); // warning → normal (dwell held)
    s.read(0.75, 100); // back to warning 100 ms later: flap
    s.read(0.97, 100); // warning → emergency: first time there
    expect(tracker.counters()).toEqual({ levelTransitions: 4, flaps: 1, maxLevel: 3 });
    tracker.stop();
    s.hold(0.1, 10_000);
    expect(tracker.counters().levelTransitions).toBe(4);
  });
});
