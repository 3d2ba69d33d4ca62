import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { BarrierWaiters } from './barrierWaiters.js';
import type { CoalescedPublishes } from './coalescedPublishes.js';
import type { Cause } from './natsCause.js';
import { OutputLedger } from './outputLedger.js';
import { LISTENS_TO, OUTPUTS, type PipelineProgress, SIGNALS } from './pipelineProgress.js';
import { ProducerWindow } from './producerWindow.js';
import { RecentIdSet } from './recentIdSet.js';

/** How often each process sends its progress again: a process that (re)starts learns it within this. */
const REPEAT_EVERY_MS = 200;
/** Event ids handled here that a note may still name as not stored yet: far more than are ever in flight. */
const HANDLED_IDS = 10_000;

/**
 * The pipelined lockstep of the cross-process mode: the producer sends candles ahead, and each process
 * holds an input back only until the processes it depends on report, by a progress note per candle, that
 * everything before it has been handled, so every process handles its inputs in the order one process
 * would (sequence barriers instead of a stream-wide idle check per candle):
 * - `trade_execution` handles a candle once `strategy_evaluation` has handled the indicators of every
 *   earlier candle and this process has handled the signals they produced (orders then fill at this
 *   candle's open, as in one process);
 * - `strategy_evaluation` handles the indicators of a candle once `trade_execution` has handled that
 *   candle and this process has handled the orders it caused (fills at the open, stops inside the bar);
 * - `indicator_calculation` and `trade_execution` report each candle they handled, `strategy_evaluation`
 *   the candles whose indicators it has all handled (it learns that a candle has no more indicators from
 *   the next one's, or from `indicator_calculation`'s note).
 * - the producer (`data_fetching`) keeps at most 64 candles ahead of `trade_execution`'s notes.
 * Notes are cumulative and sent again every 200 ms, so a restarted process catches up with them.
 *
 * @example
 * ```ts
 * const barrier = new PipelineBarrier(['strategy_evaluation'], { connection, prefix: 'tradestate', logger, handledThrough });
 * if (await barrier.before('IndicatorsCalculatedEvent', cause)) await handle(event);
 * barrier.handled();
 * ```
 */
export class PipelineBarrier {
  private readonly local: ReadonlySet<string>;
  private readonly remote = new Map<string, PipelineProgress>();
  private readonly sent = new Map<string, PipelineProgress>();
  /** The latest progress sent per service by `report` (each candle once). */
  private readonly promised = new Map<string, number>();
  private readonly waiters = new BarrierWaiters();
  private subscriptions: Subscription[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The candles this process (running `data_fetching`) published, and what `trade_execution` handled. */
  private readonly window = new ProducerWindow();
  /** `indicator_calculation` notes, oldest first, whose indicators this process has not all handled yet. */
  private indicatorNotes: PipelineProgress[] = [];
  private readonly outputs: OutputLedger;
  /** Event ids this process handled lately: what a note's `pending` is checked against. */
  private readonly handledIds = new RecentIdSet(HANDLED_IDS);
  /** The symbols in which the executor holds a position or a working order (set by the process running it). */
  private executionHolding: (() => string[]) | undefined;
  /** Execution: per signal type, the candle of the latest signal held here until its candle is handled. */
  private readonly heldSignals = new Map<string, number>();
  /** Strategies: per symbol, the latest candle this process published a signal for (replays included). */
  private readonly signalledThrough = new Map<string, number>();

  constructor(
    services: readonly string[],
    private readonly context: {
      connection: NatsConnection;
      /** Sends the notes at the end of the turn with the process's events (one socket write); else at once. */
      outbound?: CoalescedPublishes;
      prefix: string;
      logger: Logger;
      /** Highest stream sequence this process has handled of `type`; undefined: it does not consume it. */
      handledThrough: (type: string) => number | undefined;
    },
  ) {
    this.local = new Set(services.filter((service) => service in OUTPUTS || service === 'data_fetching'));
    this.outputs = new OutputLedger([...this.local].flatMap((service) => OUTPUTS[service] ?? []));
  }

  /**
   * Lets the strategies run ahead of this process (running `trade_execution`) on the symbols that
   * `holding()` leaves out (no position, no working order there): a candle can then cause no order in that
   * symbol until a signal for it comes, and the strategies' view of a symbol depends on its orders alone,
   * so they need nothing from this process to evaluate it. Only the candles of a symbol with something to
   * execute pay the round trip between the two processes.
   */
  watchExecution(holding: () => string[]): void {
    this.executionHolding = holding;
  }

  /**
   * An event of `type` is published by this process with `cause` (none outside a handler), or would have
   * been, in a replay: the producer counts its candles, the strategies remember their last signal.
   */
  published(type: string, cause?: Cause, symbol = ''): void {
    if (type === 'NewCandleEvent' && this.local.has('data_fetching')) this.window.published();
    if (SIGNALS.has(type) && this.local.has('strategy_evaluation')) {
      const candle = cause?.candle ?? Number.POSITIVE_INFINITY;
      this.signalledThrough.set(symbol, Math.max(this.signalledThrough.get(symbol) ?? candle, candle));
    }
  }

  /**
   * An event of `type` with `cause` goes to the stream as `eventId` (not in a replay): until it is stored, a
   * note covering its candle names it as pending.
   */
  sending(type: string, cause: Cause | undefined, eventId: string): void {
    this.outputs.sending(type, cause?.candle ?? 0, eventId);
  }

  /** An event this process sent could not be stored (publish failed, queue overflow): no note waits for it. */
  lost(eventId: string): void {
    this.outputs.lost(eventId);
  }

  /** An event this process published is stored at stream sequence `seq`: a later note names it. */
  stored(type: string, cause: Cause | undefined, seq: number, eventId?: string): void {
    this.outputs.stored(type, cause?.candle ?? 0, seq, eventId);
    if (type === 'NewCandleEvent' && this.local.has('data_fetching')) this.window.stored(seq);
  }

  /**
   * The producer, at the end of the run: resolves once every service that sent a note reports the last
   * candle it published (false when closed first; undefined when that is already so). The stream-wide
   * check that follows then mostly finds it idle at once, instead of polling through the pipeline's tail.
   */
  finished(): Promise<boolean> | undefined {
    if (!this.local.has('data_fetching')) return undefined;
    return this.wait(`every service past candle ${this.window.lastCandle}`, () =>
      [...this.remote.values()].every((progress) => progress.through >= this.window.lastCandle),
    );
  }

  /**
   * The producer's flow control: resolves once fewer than 64 of its candles wait for the execution
   * process (at once when there is room, or when the barrier closes); undefined when there is room.
   */
  room(): Promise<void> | undefined {
    if (this.closed || !this.local.has('data_fetching')) return undefined;
    return this.window.room();
  }

  /** Whether this process runs the producer (`data_fetching`) in the pipeline. */
  get producing(): boolean {
    return this.local.has('data_fetching');
  }

  /** Whether this process takes part (runs one of the pipeline's services). */
  get active(): boolean {
    return this.local.size > 0;
  }

  /** Listens to the progress of the other services it needs and starts repeating this process's own. */
  start(): void {
    if (!this.active || this.timer !== undefined) return;
    const services = new Set([...this.local].flatMap((service) => LISTENS_TO[service] ?? []));
    for (const service of services) {
      if (this.local.has(service)) continue;
      const subscription = this.context.connection.subscribe(`${this.context.prefix}_progress.${service}`, {
        callback: (error, message) => {
          if (error) return;
          try {
            const progress = JSON.parse(new TextDecoder().decode(message.data)) as PipelineProgress;
            if (typeof progress.through === 'number' && typeof progress.stored === 'object')
              this.learn(service, progress);
          } catch {
            // Not a progress note: ignored (nobody else may publish here, see config/nats/permissions.conf).
          }
        },
      });
      this.subscriptions.push(subscription);
    }
    this.timer = setInterval(() => this.repeat(), REPEAT_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Waits until an event of `type` with `cause` (about `symbol`) may be handled in this process; resolves
   * false when the barrier is closed first (the message is then left unacknowledged, for the next
   * incarnation).
   */
  before(type: string, cause: Cause, symbol = ''): Promise<boolean> | undefined {
    if (SIGNALS.has(type) && cause.depth > 0 && this.local.has('trade_execution')) {
      // The strategies may run ahead: a signal must not reach the executor before the bar it was decided
      // on, or it would fill at that bar's open instead of the next one's.
      const held = this.wait(
        `candle ${cause.candle} handled here`,
        () => this.handledCandle() >= cause.candle,
      );
      if (held !== undefined) {
        this.heldSignals.set(type, Math.max(this.heldSignals.get(type) ?? 0, cause.candle));
        this.waiters.check();
      }
      return held;
    }
    if (type === 'NewCandleEvent' && this.local.has('trade_execution')) {
      // Everything caused by the candles before this one: the strategies' signals handled here.
      const previous = this.context.handledThrough('NewCandleEvent') ?? 0;
      return this.wait(`strategy_evaluation past candle ${previous}`, () => this.signalsHandled(previous));
    }
    if (type === 'IndicatorsCalculatedEvent' && this.local.has('strategy_evaluation')) {
      // Indicators come in candle order: those of every earlier candle are handled.
      this.report('strategy_evaluation', cause.candle - 1);
      return this.wait(
        `trade_execution at candle ${cause.candle}`,
        () => this.caughtUp('trade_execution', cause.candle) || this.idleBefore(cause.candle, symbol),
      );
    }
    return undefined;
  }

  /**
   * Something was handled here (`type` with `cause` and `eventId`: in the receive loop, right after its
   * handlers): waits that depend on it may be over, and a candle's note goes out at once (its outputs
   * still in flight named in it).
   */
  handled(type?: string, cause?: Cause, eventId?: string): void {
    if (eventId !== undefined) this.handledIds.add(eventId);
    if (type === 'NewCandleEvent' && cause?.depth === 0) {
      for (const service of ['trade_execution', 'indicator_calculation']) {
        if (!this.local.has(service)) continue;
        const holding = service === 'trade_execution' ? this.executionHolding?.() : undefined;
        this.send(service, cause.candle, holding);
      }
    }
    if (this.indicatorNotes.length > 0) {
      const handled = this.context.handledThrough('IndicatorsCalculatedEvent') ?? 0;
      let through: number | undefined;
      while (
        this.indicatorNotes.length > 0 &&
        (this.indicatorNotes[0]!.stored.IndicatorsCalculatedEvent ?? 0) <= handled &&
        this.pendingHandled(this.indicatorNotes[0]!)
      ) {
        through = this.indicatorNotes.shift()!.through;
      }
      if (through !== undefined) this.report('strategy_evaluation', through);
    }
    this.waiters.check();
  }

  /** Ends every wait (false) and stops listening and repeating. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    this.waiters.close();
    this.window.close();
  }

  private learn(service: string, progress: PipelineProgress): void {
    const known = this.remote.get(service);
    if (known !== undefined && known.through > progress.through) return;
    // The same candle again: the repeat of a note, naming as stored what it named as pending.
    this.remote.set(service, progress);
    if (known !== undefined && known.through === progress.through) {
      if (service === 'indicator_calculation' && this.indicatorNotes.at(-1)?.through === progress.through)
        this.indicatorNotes[this.indicatorNotes.length - 1] = progress;
      this.handled();
      return;
    }
    if (service === 'trade_execution' && this.local.has('data_fetching')) this.window.heard(progress.through);
    if (service === 'indicator_calculation' && this.local.has('strategy_evaluation')) {
      this.indicatorNotes.push(progress);
      this.handled();
      return;
    }
    this.waiters.check();
  }

  private handledCandle(): number {
    return this.context.handledThrough('NewCandleEvent') ?? 0;
  }

  /**
   * The execution process held nothing in `symbol` after a candle before `candle`, and this process has
   * signalled nothing for it since: the candles in between caused no order in it (so the strategies may
   * evaluate `candle` of `symbol` now).
   */
  private idleBefore(candle: number, symbol: string): boolean {
    const progress = this.remote.get('trade_execution');
    return (
      progress?.holding !== undefined &&
      !progress.holding.includes(symbol) &&
      progress.through < candle &&
      progress.through > (this.signalledThrough.get(symbol) ?? Number.NEGATIVE_INFINITY) &&
      this.caughtUp('trade_execution', progress.through)
    );
  }

  /**
   * Execution: the strategies got past `previous` and every signal decided up to it is handled here. A
   * signal held here for a later candle stands for the earlier ones of its type: they came before it.
   */
  private signalsHandled(previous: number): boolean {
    const progress = this.remote.get('strategy_evaluation');
    if (progress === undefined || progress.through < previous) return false;
    const heldLater = (type: string) => (this.heldSignals.get(type) ?? 0) > previous;
    for (const [type, seq] of Object.entries(progress.stored)) {
      const handled = this.context.handledThrough(type);
      if (handled === undefined || handled >= seq) continue;
      if (!heldLater(type)) return false;
    }
    return this.pendingHandled(progress, heldLater);
  }

  /** `service` got past `candle` and this process handled the outputs it reported with it. */
  private caughtUp(service: string, candle: number): boolean {
    const progress = this.remote.get(service);
    if (progress === undefined || progress.through < candle) return false;
    for (const [type, seq] of Object.entries(progress.stored)) {
      const handled = this.context.handledThrough(type);
      if (handled !== undefined && handled < seq) return false;
    }
    return this.pendingHandled(progress);
  }

  /**
   * Every event a note names as pending, of the types this process consumes, is handled here (or `excused`
   * for its type).
   */
  private pendingHandled(progress: PipelineProgress, excused?: (type: string) => boolean): boolean {
    if (progress.pending === undefined) return true;
    for (const [type, ids] of Object.entries(progress.pending)) {
      if (this.context.handledThrough(type) === undefined || excused?.(type)) continue;
      if (!ids.every((id) => this.handledIds.has(id))) return false;
    }
    return true;
  }

  /** Sends `service`'s progress (once per candle). */
  private report(service: string, through: number): void {
    if ((this.promised.get(service) ?? Number.NEGATIVE_INFINITY) >= through) return;
    this.promised.set(service, through);
    this.send(service, through);
  }

  private send(service: string, through: number, holding?: string[]): void {
    if (this.closed) return;
    const previous = this.sent.get(service);
    const progress =
      previous !== undefined && previous.through > through
        ? this.progressOf(service, previous.through, previous.holding)
        : this.progressOf(service, through, holding);
    this.sent.set(service, progress);
    this.publish(service, progress);
  }

  /** `service`'s note for `through`: its outputs for those candles, stored or still in flight. */
  private progressOf(service: string, through: number, holding?: string[]): PipelineProgress {
    return this.outputs.note(OUTPUTS[service] ?? [], through, holding);
  }

  private publish(service: string, progress: PipelineProgress): void {
    // Applied here too: the process's own services depend on each other when it runs several.
    this.learn(service, progress);
    const subject = `${this.context.prefix}_progress.${service}`;
    const failed = (error: Error) =>
      this.context.logger.warn({ err: error, service }, 'Cannot send pipeline progress');
    const { outbound } = this.context;
    if (outbound !== undefined) {
      // A note covers the earlier ones of its service: one per turn will do (the producer counts the
      // candles a note covers by their stream sequences, not the notes).
      outbound.replace(subject, JSON.stringify(progress), failed);
      return;
    }
    try {
      this.context.connection.publish(subject, JSON.stringify(progress));
    } catch (error) {
      failed(error as Error);
    }
  }

  private repeat(): void {
    for (const [service, progress] of this.sent) {
      // Again with what got stored meanwhile named by sequence: a receiver that restarted since, or no
      // longer holds the event id among its recent ones, still recognises it.
      const again = this.progressOf(service, progress.through, progress.holding);
      this.sent.set(service, again);
      this.publish(service, again);
    }
    this.waiters.reportLong(this.context.logger);
  }

  private wait(what: string, ready: () => boolean): Promise<boolean> | undefined {
    return this.closed ? Promise.resolve(false) : this.waiters.wait(what, ready);
  }
}
