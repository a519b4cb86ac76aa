/**
 * The handler's action registry: actions of a level are in force exactly while the level or a
 * higher one is, apply and revert nest like a stack (also when actions come and go while their
 * level is in force), and failing actions or listeners are reported, never thrown.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PressureAction } from './pressure-action.js';
import { recordingAction, scriptedHandler } from './test-fixtures/scripted-pressure.js';

describe('MemoryPressureHandler actions', () => {
  it('reverts a level’s actions in reverse registration order when the level is left', () => {
    const log: string[] = [];
    const s = scriptedHandler();
    s.handler.onLevel('warning', recordingAction('a', log));
    s.handler.onLevel('warning', recordingAction('b', log));
    s.read(0.75);
    s.read(0.1, 5000);
    expect(log).toEqual(['apply:a@warning', 'apply:b@warning', 'revert:b@normal', 'revert:a@normal']);
  });

  it('applies the transition event after the actions ran', () => {
    const order: string[] = [];
    const s = scriptedHandler();
    s.handler.onLevel('critical', { name: 'x', apply: () => void order.push('apply'), revert: () => void order.push('revert') });
    s.handler.on('transition', (t) => order.push(`event:${t.to}`));
    s.read(0.9);
    s.read(0.5, 5000);
    expect(order).toEqual(['apply', 'event:critical', 'revert', 'event:warning']);
  });

  it('an action registered while its level is in force is applied at once, and the stack order is kept', () => {
    const log: string[] = [];
    const s = scriptedHandler();
    s.handler.onLevel('warning', recordingAction('w', log));
    s.handler.onLevel('critical', recordingAction('c', log));
    s.read(0.9); // critical
    log.length = 0;
    s.handler.onLevel('warning', recordingAction('late', log));
    // critical's and warning's actions come off, the new one goes on in its place, and back.
    expect(log).toEqual(['revert:c@critical', 'revert:w@critical', 'apply:w@critical', 'apply:late@critical', 'apply:c@critical']);
    log.length = 0;
    s.read(0.1, 5000);
    s.read(0.1, 5000);
    expect(log).toEqual(['revert:c@warning', 'revert:late@normal', 'revert:w@normal']);
  });

  it('an action registered above the level in force waits for its level', () => {
    const log: string[] = [];
    const s = scriptedHandler();
    s.read(0.75);
    s.handler.onLevel('emergency', recordingAction('e', log));
    expect(log).toEqual([]);
    s.read(0.99);
    expect(log).toEqual(['apply:e@emergency']);
  });

  it('unregistering reverts an action in force, once, and it is not applied again', () => {
    const log: string[] = [];
    const s = scriptedHandler();
    const off = s.handler.onLevel('warning', recordingAction('w', log));
    s.read(0.8);
    off();
    off();
    expect(log).toEqual(['apply:w@warning', 'revert:w@warning']);
    expect(s.handler.actionsFor('warning')).toEqual([]);
    s.read(0.1, 5000);
    s.read(0.8, 10);
    expect(log).toHaveLength(2);
  });

  it('reports a throwing or rejecting action and goes on with the others', async () => {
    const logger = vi.fn();
    const log: string[] = [];
    const s = scriptedHandler({ logger });
    const throwing: PressureAction = {
      name: 'throws',
      apply: () => {
        throw new Error('no');
      },
      revert: () => {},
    };
    const rejecting: PressureAction = { name: 'rejects', apply: () => Promise.reject(new Error('later')), revert: async () => {} };
    s.handler.onLevel('warning', throwing);
    s.handler.onLevel('warning', rejecting);
    s.handler.onLevel('warning', recordingAction('ok', log));
    expect(() => s.read(0.75)).not.toThrow();
    expect(log).toEqual(['apply:ok@warning']);
    expect(s.handler.level).toBe('warning');
    await new Promise((r) => setImmediate(r));
    expect(s.handler.stats().actionErrors).toBe(2);
    expect(logger).toHaveBeenCalledWith('[memory-pressure] action throws apply failed', { error: 'no' });
    expect(logger).toHaveBeenCalledWith('[memory-pressure] action rejects apply failed', { error: 'later' });
  });

  it('logs every transition through the logger, and reports a failing listener instead of throwing', async () => {
    const logger = vi.fn();
    const s = scriptedHandler({ logger });
    s.handler.on('transition', () => {
      throw new Error('listener broke');
    });
    expect(() => s.read(0.9)).not.toThrow();
    expect(logger).toHaveBeenCalledWith('[memory-pressure] normal → critical', {
      from: 'normal',
      to: 'critical',
      pressure: 0.9,
      usedBytes: 900_000_000,
      limitBytes: 1_000_000_000,
      source: 'manual',
    });
    expect(logger).toHaveBeenCalledWith('[memory-pressure] transition listener failed', { error: 'listener broke' });
    s.handler.removeAllListeners();
    s.handler.on('transition', async () => {
      throw new Error('async listener broke');
    });
    s.read(0.99);
    await new Promise((r) => setImmediate(r));
    expect(logger).toHaveBeenCalledWith('[memory-pressure] transition listener failed', { error: 'async listener broke' });
    expect(s.handler.stats().actionErrors).toBe(2);
  });

  it('ignores a reading an action takes while actions run', () => {
    const s = scriptedHandler();
    let inner: string | undefined;
    s.handler.onLevel('warning', {
      name: 'samples',
      apply: () => {
        inner = s.handler.sample();
      },
      revert: () => {},
    });
    s.read(0.75);
    expect(inner).toBe('warning');
    expect(s.handler.stats().readings).toBe(1);
  });

  it('validates registrations, naming what is wrong', () => {
    const s = scriptedHandler();
    expect(() => s.handler.onLevel('normal' as 'warning', recordingAction('x', []))).toThrow(
      /level must be one of warning, critical, emergency/,
    );
    expect(() => s.handler.onLevel('warning', { name: 'x', apply: () => {} } as unknown as PressureAction)).toThrow(/action must be/);
  });
});
