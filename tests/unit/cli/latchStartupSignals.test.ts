import { describe, expect, it } from 'vitest';
import { latchStartupSignals, stopSignalExitCode } from '../../../src/cli/latchStartupSignals.js';
import { fakeSignalSource } from '../../support/fakeSignalSource.js';

describe('latchStartupSignals', () => {
  it('holds the first signal with its exit code and forces that exit on a second one', () => {
    const { emitter, source } = fakeSignalSource();
    const exits: number[] = [];
    const seen: string[] = [];
    const startup = latchStartupSignals({
      exit: (code) => exits.push(code),
      onSignal: (signal) => seen.push(signal),
      source,
    });
    expect(startup.received).toBeUndefined();
    expect(startup.exitCode()).toBe(0);
    emitter.emit('SIGTERM');
    expect(startup.received).toBe('SIGTERM');
    expect(startup.exitCode()).toBe(143);
    expect(seen).toEqual(['SIGTERM']);
    expect(exits).toEqual([]);
    emitter.emit('SIGINT');
    expect(exits).toEqual([143]);
    expect(startup.received).toBe('SIGTERM');
  });

  it('removes its listeners when released', () => {
    const { emitter, source } = fakeSignalSource();
    const startup = latchStartupSignals({ exit: () => {}, source });
    expect(emitter.listenerCount('SIGINT')).toBe(1);
    startup.release();
    expect(emitter.listenerCount('SIGINT')).toBe(0);
    expect(emitter.listenerCount('SIGTERM')).toBe(0);
  });

  it('maps SIGINT to 130 and SIGTERM to 143', () => {
    expect(stopSignalExitCode('SIGINT')).toBe(130);
    expect(stopSignalExitCode('SIGTERM')).toBe(143);
  });
});
