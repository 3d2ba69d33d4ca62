import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../src/events/invalidEventError.js';
import { parseExternalEvent } from '../../../src/events/parseExternalEvent.js';
import type { EntrySignalEvent } from '../../../src/events/tradingEvents.js';
import { EventBuilders } from '../../../src/testing/eventBuilders.js';

const events = new EventBuilders();
/** The issues of an entry signal at 1.1 with `levels`, read as an event from outside the process. */
function issuesOf(levels: Partial<EntrySignalEvent>): { path: string; message: string }[] {
  try {
    parseExternalEvent(JSON.stringify(events.entrySignal({ price: 1.1, ...levels })), 'socket');
  } catch (error) {
    if (error instanceof InvalidEventError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('an entry signal from outside has its stop, target and limit on the right side of the price', () => {
  it('accepts a short with the stop above and the target below, and a sell limit at or above the price', () => {
    expect(issuesOf({ direction: 'short', stop_loss: 1.102, take_profit: 1.095, limit_price: 1.1 })).toEqual(
      [],
    );
  });

  it('refuses a short with the stop below and the target above, naming each field', () => {
    expect(issuesOf({ direction: 'short', stop_loss: 1.098, take_profit: 1.105 })).toEqual([
      { path: 'stop_loss', message: 'a short entry at 1.1 needs its stop above the price, got 1.098' },
      { path: 'take_profit', message: 'a short entry at 1.1 needs its target below the price, got 1.105' },
    ]);
  });

  it('refuses a sell limit below the decision price, and judges the stop from the limit', () => {
    expect(issuesOf({ direction: 'short', limit_price: 1.099, stop_loss: 1.0995 })).toEqual([
      {
        path: 'limit_price',
        message: 'a short entry decided at 1.1 needs its limit at or above that price, got 1.099',
      },
    ]);
  });

  it('refuses a long whose target is below the price', () => {
    expect(issuesOf({ direction: 'long', take_profit: 1.09 })).toEqual([
      { path: 'take_profit', message: 'a long entry at 1.1 needs its target above the price, got 1.09' },
    ]);
  });
});

describe('parseExternalEvent input limits', () => {
  it('refuses text longer than any event before parsing it, naming the source', () => {
    const text = ' '.repeat(16 * 1024 * 1024 + 1);
    expect(() => parseExternalEvent(text, 'stdin')).toThrow(
      new InvalidEventError('stdin', undefined, [
        {
          path: '',
          message: `${text.length} characters is larger than any event (at most ${16 * 1024 * 1024})`,
        },
      ]),
    );
  });
});
