import { EventEmitter } from 'node:events';

/** A stand-in for `process` as a signal source: `emitter.emit('SIGINT')` delivers a signal. */
export function fakeSignalSource() {
  const emitter = new EventEmitter();
  return {
    emitter,
    source: {
      on: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => emitter.on(signal, listener),
      off: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => emitter.off(signal, listener),
    },
  };
}
