/**
 * The level rules on scripted readings and a fake clock: every transition up and down, jumps
 * over several levels on the way up, one level per step on the way down.
 */
import { describe, expect, it } from 'vitest';
import { recordingAction, scriptedHandler } from './test-fixtures/scripted-pressure.js';

const DWELL = 5000;

describe('MemoryPressureHandler levels', () => {
  it('enters each level at its threshold (inclusive) and reports { from, to, pressure, at }', () => {
    const s = scriptedHandler();
    expect(s.read(0.1)).toBe('normal');
    expect(s.read(0.6999)).toBe('normal');
    expect(s.read(0.7, 100)).toBe('warning');
    expect(s.read(0.85, 100)).toBe('critical');
    expect(s.read(0.95, 100)).toBe('emergency');
    expect(s.transitions).toEqual([
      { from: 'normal', to: 'warning', pressure: 0.7, at: 100 },
      { from: 'warning', to: 'critical', pressure: 0.85, at: 200 },
      { from: 'critical', to: 'emergency', pressure: 0.95, at: 300 },
    ]);
    expect(s.handler.level).toBe('emergency');
    expect(s.handler.pressure).toBe(0.95);
  });

  it('leaves each level one step at a time, each after its own dwell time', () => {
    const s = scriptedHandler();
    s.read(0.97);
    expect(s.handler.level).toBe('emergency');
    // The heap drops to 10 % at once: still one level per dwell time.
    expect(s.read(0.1, DWELL - 1)).toBe('emergency');
    expect(s.read(0.1, 1)).toBe('critical');
    expect(s.read(0.1, DWELL - 1)).toBe('critical');
    expect(s.read(0.1, 1)).toBe('warning');
    expect(s.read(0.1, DWELL)).toBe('normal');
    expect(s.transitions.map((t) => `${t.from}→${t.to}@${t.at}`)).toEqual([
      'normal→emergency@0',
      'emergency→critical@5000',
      'critical→warning@10000',
      'warning→normal@15000',
    ]);
  });

  it('jumps from normal straight to emergency, applying the actions of every level passed, lowest first', () => {
    const log: string[] = [];
    const s = scriptedHandler();
    s.handler.onLevel('emergency', recordingAction('e', log));
    s.handler.onLevel('warning', recordingAction('w1', log));
    s.handler.onLevel('critical', recordingAction('c', log));
    s.handler.onLevel('warning', recordingAction('w2', log));
    s.read(0.96);
    expect(s.transitions).toHaveLength(1);
    expect(s.transitions[0]).toMatchObject({ from: 'normal', to: 'emergency' });
    expect(log).toEqual(['apply:w1@emergency', 'apply:w2@emergency', 'apply:c@emergency', 'apply:e@emergency']);
  });

  it('jumps from warning to emergency over critical, and reverts one level per step on the way down', () => {
    const log: string[] = [];
    const s = scriptedHandler();
    for (const level of ['warning', 'critical', 'emergency'] as const) s.handler.onLevel(level, recordingAction(level, log));
    s.read(0.75);
    s.read(0.99, 10);
    expect(log).toEqual(['apply:warning@warning', 'apply:critical@emergency', 'apply:emergency@emergency']);
    log.length = 0;
    s.read(0.2, DWELL);
    expect(log).toEqual(['revert:emergency@critical']);
    s.read(0.2, DWELL);
    expect(log).toEqual(['revert:emergency@critical', 'revert:critical@warning']);
    s.read(0.2, DWELL);
    expect(log).toEqual(['revert:emergency@critical', 'revert:critical@warning', 'revert:warning@normal']);
  });

  it('a reading between two thresholds on the way down stops the descent at the level it supports', () => {
    const s = scriptedHandler();
    s.read(0.96);
    // 0.87: below emergency's clear point (0.90), above critical's threshold (0.85).
    expect(s.read(0.87, DWELL)).toBe('critical');
    expect(s.hold(0.87, 60_000).every((l) => l === 'critical')).toBe(true);
    expect(s.transitions.map((t) => t.to)).toEqual(['emergency', 'critical']);
  });

  it('rises again at once from a level it is stepping down through', () => {
    const s = scriptedHandler();
    s.read(0.96);
    s.read(0.5, DWELL); // → critical
    expect(s.read(0.96, 1)).toBe('emergency'); // rising never waits for a dwell
    expect(s.transitions.map((t) => t.to)).toEqual(['emergency', 'critical', 'emergency']);
  });

  it('counts transitions per pair and the time spent in each level', () => {
    const s = scriptedHandler();
    s.read(0.1, 1000); // normal for 1 s
    s.read(0.9, 0); // → critical
    s.read(0.1, DWELL); // → warning at 6000
    s.read(0.1, DWELL); // → normal at 11000
    s.read(0.1, 500);
    const stats = s.handler.stats();
    expect(stats.transitions).toBe(3);
    expect(stats.transitionCounts).toEqual([
      { from: 'normal', to: 'critical', count: 1 },
      { from: 'critical', to: 'warning', count: 1 },
      { from: 'warning', to: 'normal', count: 1 },
    ]);
    expect(stats.timeInLevelMs).toEqual({ normal: 1500, warning: DWELL, critical: DWELL, emergency: 0 });
    expect(stats).toMatchObject({ level: 'normal', readings: 5, gcReadings: 0, usedBytes: 100_000_000, limitBytes: 1_000_000_000 });
    expect(stats.levelSince).toBe(11_000);
  });

  it('honours configured thresholds', () => {
    const s = scriptedHandler({ thresholds: { warning: 0.5, critical: 0.6, emergency: 0.7 } });
    expect(s.read(0.55)).toBe('warning');
    expect(s.read(0.65)).toBe('critical');
    expect(s.read(0.7)).toBe('emergency');
  });
});
