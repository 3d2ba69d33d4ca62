import { randomUUID } from 'node:crypto';
import { DeliverPolicy } from '@nats-io/jetstream';
import { loadConfig } from '../../config/configLoader.js';
import type { OptimizeTask, OptimizeWorkerData } from '../optimizeWorker.js';
import type { TrialOutcome } from '../runTrial.js';
import type { TrialExecutor } from '../trialExecutor.js';
import {
  decodeJson,
  encodeJson,
  type JobDescription,
  type ResultMessage,
  taskId,
} from './optimizeMessages.js';
import { OptimizeQueue, optimizeQueueNames } from './optimizeQueue.js';

/**
 * Options of {@link DistributedTrialExecutor.connect}.
 *
 * @example
 * ```ts
 * const options: DistributedOptions = { servers: ['nats://127.0.0.1:4222'], ackWaitSeconds: 60 };
 * ```
 */
export interface DistributedOptions {
  /** NATS servers (default: `event_bus.nats.servers` of the configuration, environment applied). */
  servers?: readonly string[];
  env?: Record<string, string | undefined>;
  /** Seconds a worker may hold a trial before it is given to another worker (default 120). */
  ackWaitSeconds?: number;
  /** Deliveries of a trial before it counts as failed (default 3). */
  maxDeliver?: number;
  log?: (line: string) => void;
}

/**
 * Runs a job's trials on `tradestate worker` processes, on this machine or others, through NATS JetStream:
 * the data goes once into the object store, each trial becomes a message on a work queue, and workers pull
 * them, acknowledging only after their result is stored. A worker that dies mid-trial loses nothing: after
 * `ackWaitSeconds` the trial is delivered to another worker; a trial that kills `maxDeliver` workers is
 * reported failed and the job completes. Results are the same as a local run's (each trial is deterministic).
 *
 * @example
 * ```ts
 * const result = await optimize({ ...options, executor: (data) => DistributedTrialExecutor.connect(data) });
 * ```
 */
export class DistributedTrialExecutor implements TrialExecutor {
  private readonly workers = new Set<string>();
  private readonly jobId = randomUUID().replace(/-/g, '').slice(0, 16);

  private constructor(
    private readonly queue: OptimizeQueue,
    private readonly data: OptimizeWorkerData,
    private readonly log: (line: string) => void,
  ) {}

  static async connect(
    data: OptimizeWorkerData,
    options: DistributedOptions = {},
  ): Promise<DistributedTrialExecutor> {
    const servers =
      options.servers ??
      loadConfig(undefined, {
        ...(options.env ? { env: options.env } : {}),
        ...(data.cwd ? { cwd: data.cwd } : {}),
      }).event_bus.nats.servers;
    const queue = await OptimizeQueue.connect(
      {
        servers,
        ackWaitSeconds: options.ackWaitSeconds ?? 120,
        maxDeliver: options.maxDeliver ?? 3,
      },
      'tradestate-optimize',
    );
    return new DistributedTrialExecutor(queue, data, options.log ?? (() => {}));
  }

  /** Workers that have returned a result so far. */
  get concurrency(): number {
    return Math.max(1, this.workers.size);
  }

  async run(
    tasks: readonly OptimizeTask[],
    onOutcome: (outcome: TrialOutcome) => void,
  ): Promise<TrialOutcome[]> {
    const { queue, jobId } = this;
    const { candles, ...description } = this.data;
    const bytes =
      candles instanceof Uint8Array ? candles : new Uint8Array(new Uint8Array(candles as SharedArrayBuffer));
    await queue.store.putBlob({ name: `${jobId}.candles` }, bytes);
    await queue.store.putBlob({ name: `${jobId}.json` }, encodeJson(description satisfies JobDescription));

    const outcomes = new Map<string, TrialOutcome>();
    const bySequence = new Map<number, OptimizeTask>();
    let settle: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const record = (key: string, outcome: TrialOutcome) => {
      if (outcomes.has(key)) return;
      outcomes.set(key, outcome);
      onOutcome(outcome);
      if (outcomes.size === tasks.length) settle();
    };

    // Trials that exhausted their deliveries (each one killed a worker): reported failed, removed from the queue.
    const advisories = queue.connection.subscribe(
      `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${optimizeQueueNames.taskStream}.${optimizeQueueNames.taskConsumer}`,
      {
        callback: (_error, message) => {
          const advisory = message.json<{ stream_seq: number; deliveries: number }>();
          const task = bySequence.get(advisory.stream_seq);
          if (task === undefined) return;
          void queue.jsm.streams
            .deleteMessage(optimizeQueueNames.taskStream, advisory.stream_seq)
            .catch(() => {});
          record(taskId(jobId, task), {
            trialId: task.trial.id,
            window: task.window.label,
            error: `failed on ${advisory.deliveries} deliveries (each worker that took it stopped before finishing it)`,
          });
        },
      },
    );
    // Workers ask before each trial whether anyone still waits for this job (see runOptimizeWorker).
    const alive = queue.connection.subscribe(optimizeQueueNames.aliveSubject(jobId), {
      callback: (_error, message) => {
        message.respond();
      },
    });
    const results = await queue.js.consumers.get(optimizeQueueNames.resultStream, {
      filter_subjects: optimizeQueueNames.resultSubject(jobId),
      deliver_policy: DeliverPolicy.All,
    });
    const messages = await results.consume();
    const reading = (async () => {
      for await (const message of messages) {
        const result = decodeJson<ResultMessage>(message.data);
        this.workers.add(result.worker);
        const task = {
          trial: { id: result.outcome.trialId },
          window: { label: result.outcome.window },
        } as OptimizeTask;
        record(taskId(jobId, task), result.outcome);
      }
    })();

    for (const task of tasks) {
      const ack = await queue.js.publish(
        optimizeQueueNames.taskSubject(jobId),
        encodeJson({ jobId, ...task }),
        { msgID: taskId(jobId, task) },
      );
      bySequence.set(ack.seq, task);
    }
    this.log(
      `Job ${jobId}: ${tasks.length} backtests queued on ${optimizeQueueNames.taskStream}; waiting for \`tradestate worker\` processes`,
    );
    const waiting = setInterval(() => {
      if (outcomes.size === 0)
        this.log(`Job ${jobId}: no result yet; is a \`tradestate worker\` running against the same NATS?`);
    }, 15_000);
    try {
      if (tasks.length > 0) await finished;
    } finally {
      clearInterval(waiting);
      advisories.unsubscribe();
      alive.unsubscribe();
      messages.stop();
      await reading.catch(() => {});
    }
    return tasks.map((task) => outcomes.get(taskId(jobId, task))!);
  }

  /** Removes the job's data and anything of it still queued, then disconnects. */
  async close(): Promise<void> {
    const { queue, jobId } = this;
    await queue.jsm.streams
      .purge(optimizeQueueNames.taskStream, { filter: optimizeQueueNames.taskSubject(jobId) })
      .catch(() => {});
    await queue.jsm.streams
      .purge(optimizeQueueNames.resultStream, { filter: optimizeQueueNames.resultSubject(jobId) })
      .catch(() => {});
    await queue.store.delete(`${jobId}.candles`).catch(() => {});
    await queue.store.delete(`${jobId}.json`).catch(() => {});
    await queue.close();
  }
}
