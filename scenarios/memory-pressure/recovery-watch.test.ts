/** Recovery is the first progress report after the surge with requests answered, all 2xx, at level normal. */
import { describe, expect, it } from 'vitest';
import type { PressureLevel } from '../../reference-impl/pressure/pressure-level.js';
import { RecoveryWatch } from './recovery-watch.js';

describe('RecoveryWatch', () => {
  it('waits for both: only 2xx since the last report, and the level normal', () => {
    let t = 1000;
    let level: PressureLevel = 'critical';
    const watch = new RecoveryWatch(
      () => level,
      () => t,
    );
    t = 1250;
    watch.progress({ ok2xx: 10, non2xx: 5, errors: 0 }); // shed answers
    t = 1500;
    watch.progress({ ok2xx: 20, non2xx: 5, errors: 0 }); // all 2xx, but critical
    expect(watch.recoveredAfterMs).toBeUndefined();
    level = 'normal';
    t = 1750;
    watch.progress({ ok2xx: 20, non2xx: 5, errors: 0 }); // nothing answered: no evidence
    t = 2000;
    watch.progress({ ok2xx: 21, non2xx: 5, errors: 1 }); // one failed
    expect(watch.recoveredAfterMs).toBeUndefined();
    t = 2250;
    watch.progress({ ok2xx: 30, non2xx: 5, errors: 1 });
    expect(watch.recoveredAfterMs).toBe(1250);
    // The first recovery counts.
    t = 3000;
    watch.progress({ ok2xx: 30, non2xx: 9, errors: 1 });
    watch.progress({ ok2xx: 40, non2xx: 9, errors: 1 });
    expect(watch.recoveredAfterMs).toBe(1250);
    expect(watch.elapsedMs()).toBe(2000);
  });
});
