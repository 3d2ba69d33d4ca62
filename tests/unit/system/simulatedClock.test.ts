import { describe, expect, it } from 'vitest';
import { MonotonicClock, SimulatedClock } from '../../../src/util/clock.js';

describe('SimulatedClock', () => {
  it('fires due timers earliest first, ties in the order they were set, each at its own time', () => {
    const clock = new SimulatedClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`late@${clock.now()}`), 300);
    clock.setTimeout(() => fired.push(`first@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`second@${clock.now()}`), 100);
    clock.increment(250);
    expect(fired).toEqual(['first@1250', 'second@1250']);
    clock.advanceTo(1_300);
    expect(fired).toEqual(['first@1250', 'second@1250', 'late@1300']);
  });

  it('fires a timer set by a firing timer when it is already due (time has moved), and not one cleared meanwhile', () => {
    const clock = new SimulatedClock(0);
    const fired: string[] = [];
    let cleared: unknown;
    clock.setTimeout(() => {
      fired.push('outer');
      clock.setTimeout(() => fired.push('nested'), 0);
      clock.setTimeout(() => fired.push('next move'), 10);
      clock.clearTimeout(cleared);
    }, 10);
    cleared = clock.setTimeout(() => fired.push('cleared'), 15);
    clock.increment(50);
    expect(fired).toEqual(['outer', 'nested']);
    // Set at 50 (the time of the move), due at 60.
    expect(clock.timeouts.size).toBe(1);
    clock.increment(10);
    expect(fired).toEqual(['outer', 'nested', 'next move']);
  });

  it('moves without firing anything while no timer is due, and refuses to go back in time', () => {
    const clock = new SimulatedClock(0);
    let fired = 0;
    clock.setTimeout(() => fired++, 1_000);
    for (let bar = 1; bar < 1_000; bar++) clock.advanceTo(bar);
    expect(fired).toBe(0);
    clock.advanceTo(500); // never backwards: ignored
    expect(clock.now()).toBe(999);
    expect(() => clock.set(10)).toThrow(RangeError);
    clock.increment(1);
    expect(fired).toBe(1);
  });
});

describe('MonotonicClock', () => {
  it('never goes back and is not the wall clock (its origin is the process start)', () => {
    const clock = new MonotonicClock();
    const first = clock.now();
    const second = clock.now();
    expect(second).toBeGreaterThanOrEqual(first);
    expect(first).toBeLessThan(Date.now() / 2);
  });
});
