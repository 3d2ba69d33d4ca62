import { describe, expect, it } from 'vitest';
import { installSignalHandlers } from '../../../src/ops/installSignalHandlers.js';
import { deferred, settle, silentLogger } from '../../support/actors/serviceFixtures.js';
import { fakeSignalSource } from '../../support/fakeSignalSource.js';

describe('installSignalHandlers', () => {
  it('stops gracefully on the first SIGINT and forces exit 130 on a second signal', async () => {
    const { emitter, source } = fakeSignalSource();
    const gate = deferred();
    let stops = 0;
    const exits: number[] = [];
    installSignalHandlers(
      () => {
        stops += 1;
        return gate.promise;
      },
      { logger: silentLogger, exit: (code) => exits.push(code), source },
    );
    emitter.emit('SIGINT');
    expect(stops).toBe(1);
    expect(exits).toEqual([]);
    emitter.emit('SIGTERM');
    expect(stops).toBe(1);
    expect(exits).toEqual([130]);
    gate.resolve();
  });

  it('exits 1 when the graceful stop fails, and removes its listeners when uninstalled', async () => {
    const { emitter, source } = fakeSignalSource();
    const exits: number[] = [];
    const uninstall = installSignalHandlers(() => Promise.reject(new Error('stuck')), {
      logger: silentLogger,
      exit: (code) => exits.push(code),
      source,
    });
    emitter.emit('SIGTERM');
    await settle();
    expect(exits).toEqual([1]);
    uninstall();
    expect(emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM')).toBe(0);
  });
});
