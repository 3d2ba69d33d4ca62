import { z } from 'zod';

/** The `store` section: where runs are persisted and how often they checkpoint. */
export const StoreConfigSchema = z
  .strictObject({
    path: z
      .string()
      .optional()
      .describe(
        'SQLite file used by every command; unset: `<directory>/run.db` for `run`, and one store per backtest, `<directory>/backtests/<symbol>-<hash of data, span and configuration>.db`; ":memory:" for none on disk',
      ),
    directory: z
      .string()
      .default('./data')
      .describe('Directory of the default stores (when `path` is unset)'),
    checkpoint_every_bars: z
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe(
        'Write a checkpoint (services, broker, account, equity) at least every this many cycles (one base bar per symbol); a crash replays at most this many bars',
      ),
    checkpoint_every_ms: z
      .number()
      .int()
      .min(0)
      .default(1000)
      .describe(
        'Also write one when this much wall time (ms) has passed since the last; 0: every cycle. Orders are written before the broker call whatever the cadence',
      ),
  })
  .describe('Durable store');
