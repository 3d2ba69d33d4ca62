import type { NatsConnection, Subscription } from '@nats-io/transport-node';

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Where a candle's time goes in the pipelined lockstep, from the outside: listens to the progress notes
 * (`<prefix>_progress.<service>`, core NATS) while a run lasts and, given each candle's stored time, tells
 * per candle when each service's note first covered it. The gaps say which process the pipeline waited
 * for: the producer's own indicator step, the execution process, or the strategies, and how far the
 * execution process ran behind the producer (the run-ahead window bounds it).
 *
 * @example
 * ```ts
 * const timeline = PipelineTimeline.listen(connection, 'tradestate');
 * // ... the run, then every candle's stored time (ms) by stream sequence:
 * process.stderr.write(timeline.summary(candleAt));
 * ```
 */
export class PipelineTimeline {
  /** Each note as received: service, the candle sequence it covers, and when (ms, this clock). */
  private readonly notes: Array<{ service: string; through: number; at: number }> = [];

  private constructor(private readonly subscription: Subscription) {}

  static listen(connection: NatsConnection, prefix: string): PipelineTimeline {
    let timeline: PipelineTimeline | undefined;
    const subscription = connection.subscribe(`${prefix}_progress.>`, {
      callback: (error, message) => {
        if (error || timeline === undefined) return;
        try {
          const { through } = JSON.parse(new TextDecoder().decode(message.data)) as { through: number };
          const service = message.subject.slice(message.subject.lastIndexOf('.') + 1);
          timeline.notes.push({ service, through, at: Date.now() });
        } catch {
          // Not a note.
        }
      },
    });
    timeline = new PipelineTimeline(subscription);
    return timeline;
  }

  /** Stops listening and describes the run: per gap, p10 / p50 / p90 and mean over the candles (ms). */
  summary(candleAt: ReadonlyMap<number, number>): string {
    this.subscription.unsubscribe();
    /** Per service, the times at which its notes first covered each candle, in candle order. */
    const firstCover = (service: string, seqs: readonly number[]) => {
      const notes = this.notes.filter((note) => note.service === service);
      let index = 0;
      let through = Number.NEGATIVE_INFINITY;
      let at = Number.NaN;
      return seqs.map((seq) => {
        while (through < seq && index < notes.length) {
          const note = notes[index++]!;
          if (note.through > through) ({ through, at } = note);
        }
        return through >= seq ? at : Number.NaN;
      });
    };
    const seqs = [...candleAt.keys()].sort((a, b) => a - b);
    const stored = seqs.map((seq) => candleAt.get(seq)!);
    const indicators = firstCover('indicator_calculation', seqs);
    const execution = firstCover('trade_execution', seqs);
    const strategies = firstCover('strategy_evaluation', seqs);
    const gaps: Record<string, number[]> = {
      'candle stored -> producer handled it (indicators note)': [],
      'candle stored -> execution handled it': [],
      'execution handled -> strategies past it': [],
      'strategies past previous candle -> execution handled this one': [],
      'execution behind the producer (candles)': [],
    };
    let storedBefore = 0;
    seqs.forEach((_, index) => {
      gaps['candle stored -> producer handled it (indicators note)']!.push(
        indicators[index]! - stored[index]!,
      );
      gaps['candle stored -> execution handled it']!.push(execution[index]! - stored[index]!);
      gaps['execution handled -> strategies past it']!.push(strategies[index]! - execution[index]!);
      if (index > 0)
        gaps['strategies past previous candle -> execution handled this one']!.push(
          execution[index]! - strategies[index - 1]!,
        );
      while (storedBefore < stored.length && stored[storedBefore]! <= execution[index]!) storedBefore++;
      gaps['execution behind the producer (candles)']!.push(storedBefore - index - 1);
    });
    const lines = Object.entries(gaps).map(([gap, values]) => {
      const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
      const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
      const figures = [10, 50, 90].map((p) => percentile(sorted, p).toFixed(1)).join(' / ');
      return `  ${gap}: p10 / p50 / p90 ${figures}, mean ${mean.toFixed(1)}`;
    });
    return `${lines.join('\n')}\n`;
  }
}
