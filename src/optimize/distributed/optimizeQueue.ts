import {
  AckPolicy,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { NatsConnectionError } from '../../bus/nats/natsConnectionError.js';

/** Names of the JetStream resources an optimisation job uses (shared by the coordinator and the workers). */
export const optimizeQueueNames = {
  taskStream: 'TRADESTATE_OPTIMIZE_TASKS',
  taskSubject: (jobId: string) => `tradestate.optimize.tasks.${jobId}`,
  taskConsumer: 'tradestate_optimize_workers',
  resultStream: 'TRADESTATE_OPTIMIZE_RESULTS',
  resultSubject: (jobId: string) => `tradestate.optimize.results.${jobId}`,
  bucket: 'tradestate_optimize',
  /** The coordinator answers here while it waits for the job's results. */
  aliveSubject: (jobId: string) => `tradestate.optimize.alive.${jobId}`,
} as const;

/**
 * Settings of the work queue: how long a worker may hold a trial before JetStream gives it to another
 * (a worker that died loses nothing), and how many deliveries before a trial counts as failed.
 *
 * @example
 * ```ts
 * const settings: OptimizeQueueSettings = { servers: ['nats://127.0.0.1:4222'], ackWaitSeconds: 120, maxDeliver: 3 };
 * ```
 */
export interface OptimizeQueueSettings {
  servers: readonly string[];
  ackWaitSeconds?: number;
  maxDeliver?: number;
}

/**
 * A connection to the optimisation work queue: the task stream (work-queue retention, one durable pull
 * consumer shared by every worker), the result stream and the object store holding each job's data.
 *
 * @example
 * ```ts
 * const queue = await OptimizeQueue.connect({ servers: ['nats://127.0.0.1:4222'] }, 'optimize-worker');
 * await queue.close();
 * ```
 */
export class OptimizeQueue {
  private constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly store: ObjectStore,
  ) {}

  static async connect(settings: OptimizeQueueSettings, name: string): Promise<OptimizeQueue> {
    let connection: NatsConnection;
    try {
      connection = await connect({
        servers: [...settings.servers],
        name,
        timeout: 5_000,
        maxReconnectAttempts: -1,
      });
    } catch (error) {
      throw new NatsConnectionError(settings.servers, (error as Error).message, { cause: error });
    }
    try {
      const jsm = await jetstreamManager(connection);
      await OptimizeQueue.ensure(jsm, settings);
      const js = jetstream(connection);
      const store = await new Objm(js).create(optimizeQueueNames.bucket, { storage: StorageType.File });
      return new OptimizeQueue(connection, js, jsm, store);
    } catch (error) {
      await connection.close();
      throw new NatsConnectionError(settings.servers, `JetStream unavailable (${(error as Error).message})`, {
        cause: error,
      });
    }
  }

  private static async ensure(jsm: JetStreamManager, settings: OptimizeQueueSettings): Promise<void> {
    const addStream = async (config: Parameters<JetStreamManager['streams']['add']>[0]) => {
      try {
        await jsm.streams.info(config.name!);
      } catch (error) {
        if (!(error instanceof JetStreamApiError)) throw error;
        await jsm.streams.add(config);
      }
    };
    await addStream({
      name: optimizeQueueNames.taskStream,
      subjects: ['tradestate.optimize.tasks.*'],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(600_000),
    });
    await addStream({
      name: optimizeQueueNames.resultStream,
      subjects: ['tradestate.optimize.results.*'],
      storage: StorageType.File,
      max_age: nanos(86_400_000),
      duplicate_window: nanos(600_000),
    });
    const consumer = {
      durable_name: optimizeQueueNames.taskConsumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos((settings.ackWaitSeconds ?? 120) * 1000),
      max_deliver: settings.maxDeliver ?? 3,
      max_ack_pending: 10_000,
    };
    try {
      const info = await jsm.consumers.info(optimizeQueueNames.taskStream, optimizeQueueNames.taskConsumer);
      // Only a coordinator says how long trials may take; a worker joining must not reset that.
      const told = settings.ackWaitSeconds !== undefined || settings.maxDeliver !== undefined;
      if (
        told &&
        (info.config.ack_wait !== consumer.ack_wait || info.config.max_deliver !== consumer.max_deliver)
      ) {
        await jsm.consumers.update(optimizeQueueNames.taskStream, optimizeQueueNames.taskConsumer, {
          ack_wait: consumer.ack_wait,
          max_deliver: consumer.max_deliver,
        });
      }
    } catch (error) {
      if (!(error instanceof JetStreamApiError)) throw error;
      await jsm.consumers.add(optimizeQueueNames.taskStream, consumer);
    }
  }

  async close(): Promise<void> {
    await this.connection.drain().catch(() => this.connection.close());
  }
}
