import type { JsMsg } from '@nats-io/jetstream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeferredAcks } from '../../../src/bus/nats/deferredAcks.js';

/** A message that records when it is acked. */
function message(acked: number[], seq: number): JsMsg {
  return { seq, ack: () => acked.push(seq) } as unknown as JsMsg;
}

describe('DeferredAcks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when nothing more comes, sends the held acks together after the delay, in order', () => {
    vi.useFakeTimers();
    const acked: number[] = [];
    let sent = 0;
    const acks = new DeferredAcks(
      40,
      () => sent++,
      () => Date.now(),
    );
    acks.add(message(acked, 1));
    vi.advanceTimersByTime(10);
    acks.add(message(acked, 2));
    vi.advanceTimersByTime(29);
    expect(acked).toEqual([]);
    expect(acks.size).toBe(2);
    vi.advanceTimersByTime(1);
    expect(acked).toEqual([1, 2]);
    expect(sent).toBe(2);
    expect(acks.size).toBe(0);
  });

  it('sends the held acks with the first message added once half the delay has passed', () => {
    vi.useFakeTimers();
    const acked: number[] = [];
    const acks = new DeferredAcks(40, undefined, () => Date.now());
    acks.add(message(acked, 1));
    vi.advanceTimersByTime(19);
    acks.add(message(acked, 2));
    expect(acked).toEqual([]);
    vi.advanceTimersByTime(1);
    acks.add(message(acked, 3));
    expect(acked).toEqual([1, 2, 3]);
    // The timer of that batch is gone: nothing is sent twice, and a new batch starts its own wait.
    acks.add(message(acked, 4));
    vi.advanceTimersByTime(39);
    expect(acked).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(1);
    expect(acked).toEqual([1, 2, 3, 4]);
  });

  it('sends what it holds at once on flush, and nothing twice', () => {
    vi.useFakeTimers();
    const acked: number[] = [];
    const acks = new DeferredAcks(1_000);
    acks.add(message(acked, 7));
    acks.flush();
    expect(acked).toEqual([7]);
    vi.advanceTimersByTime(1_000);
    expect(acked).toEqual([7]);
  });

  it('with no delay, acks each message as it is added', () => {
    const acked: number[] = [];
    let sent = 0;
    const acks = new DeferredAcks(0, () => sent++);
    acks.add(message(acked, 3));
    expect(acked).toEqual([3]);
    expect(sent).toBe(1);
  });
});
