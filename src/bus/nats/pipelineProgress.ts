/**
 * What a service has done, sent on core NATS as `<prefix>_progress.<service>` (outside the stream):
 * everything caused by the candles up to stream sequence `through` is handled, and its outputs for them
 * are stored at or below `stored` (per event type), or are on their way to the stream with the event ids
 * in `pending` (per event type). `holding` (execution only): the symbols in which it held a position or a
 * working order right after that candle; the later candles of any other symbol cause no order until a
 * signal for it comes.
 *
 * Naming the outputs still in flight lets a note go out as soon as the candle is handled, instead of one
 * publish acknowledgement later: the receiver waits for those events themselves, which it would have to
 * receive anyway.
 */
export interface PipelineProgress {
  through: number;
  stored: Record<string, number>;
  pending?: Record<string, string[]>;
  holding?: string[];
}

/**
 * The events each pipeline service publishes that the next one must have handled before it goes on: a
 * progress note names their last stream sequences, so the receiver knows when it has seen them all.
 */
export const OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  indicator_calculation: ['IndicatorsCalculatedEvent'],
  strategy_evaluation: ['EntrySignalEvent', 'ExitSignalEvent'],
  trade_execution: ['OrderPlacedEvent', 'TradingBlockedEvent', 'TradingAuthorizedEvent'],
};

/**
 * The services whose notes each service needs: those it waits for, and for the producer (the end of the
 * run) every other. A process listens to no other note, nor to its own (it learns those as it sends them).
 */
export const LISTENS_TO: Readonly<Record<string, readonly string[]>> = {
  data_fetching: ['indicator_calculation', 'strategy_evaluation', 'trade_execution'],
  strategy_evaluation: ['indicator_calculation', 'trade_execution'],
  trade_execution: ['strategy_evaluation'],
};

/** Signals: the strategies' outputs the execution process acts on. */
export const SIGNALS: ReadonlySet<string> = new Set(['EntrySignalEvent', 'ExitSignalEvent']);
