import type { NatsStreamStatus } from '../../bus/nats/natsStreamStatus.js';
import { loadConfig } from '../../config/configLoader.js';
import { redactUrlCredentials } from '../../config/redactConfig.js';
import { UsageError } from '../../errors/usageError.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = [
  'Usage: tradestate nats status [--config FILE] [--json]',
  '       tradestate nats reset  [--config FILE] --yes',
  '',
  'What the cross-process runs left on NATS JetStream (event_bus.nats: servers, stream, credentials).',
  '',
  '  status   The stream (messages, finished runs, the run in progress, dead letters) and every durable',
  '           consumer with what it has not handled yet: the processes a waiting producer waits for.',
  '  reset    Deletes the stream with every event and durable (all runs); the next process creates it',
  '           again. Needs a user allowed to delete it (admin in config/nats/permissions.conf).',
  '',
  'A new run needs no reset: a run is everything since the last EndOfDataEvent, and processes that start',
  'after one begin a new run. Reset to drop an interrupted run, or durables of roles you no longer run.',
  '',
  'Options:',
  '  --config FILE   YAML configuration (default: config/services.yaml when present, else defaults)',
  '  --json          status as JSON',
  '  --yes           confirm the reset',
].join('\n');

/**
 * `tradestate nats status|reset`: shows or clears what cross-process runs left on the stream.
 *
 * @example
 * ```ts
 * const code = await natsCommand.run(['status', '--json'], processCliIO());
 * ```
 */
export const natsCommand: Command = {
  name: 'nats',
  summary: 'Show (status) or clear (reset) what cross-process runs left on NATS JetStream',
  usage,
  examples: ['tradestate nats status', 'tradestate nats reset --yes --config config/services.yaml'],
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
      },
      true,
    );
    const [action, ...extra] = positionals;
    if (action !== 'status' && action !== 'reset') {
      throw new UsageError(
        `expected status or reset, got ${action === undefined ? 'nothing' : JSON.stringify(action)}`,
      );
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    if (action === 'reset' && !values.yes) {
      throw new UsageError('reset deletes every event and durable of the stream: add --yes to confirm');
    }
    const config = loadConfig(values.config, { env: io.env, cwd: io.cwd });
    const settings = config.event_bus.nats;
    // Loaded on use: the NATS client is not part of every command's start-up.
    const [{ jetstreamManager }, { connectNats, describeNatsError }, { inspectNatsStream }] =
      await Promise.all([
        import('@nats-io/jetstream'),
        import('../../bus/nats/connectNats.js'),
        import('../../bus/nats/natsStreamStatus.js'),
      ]);
    const connection = await connectNats(settings, { name: `tradestate-nats-${action}`, reconnect: false });
    try {
      const jsm = await jetstreamManager(connection).catch((error: unknown) => {
        throw describeNatsError(settings.servers, error, 'use JetStream');
      });
      const status = await inspectNatsStream(jsm, settings.stream, settings.subject_prefix).catch(
        (error: unknown) => {
          throw describeNatsError(settings.servers, error, `read stream ${settings.stream}`);
        },
      );
      if (action === 'status') {
        io.stdout.write(
          values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, settings.servers),
        );
        return 0;
      }
      if (!status.exists) {
        io.stdout.write(`Stream ${settings.stream} does not exist: nothing to reset.\n`);
        return 0;
      }
      await jsm.streams.delete(settings.stream).catch((error: unknown) => {
        throw describeNatsError(settings.servers, error, `delete stream ${settings.stream}`);
      });
      io.stdout.write(
        `Deleted stream ${settings.stream}: ${status.messages} messages, ${status.finishedRuns} finished runs, ` +
          `${status.durables.length} durables. The next process creates it again.\n`,
      );
      return 0;
    } finally {
      await connection.close();
    }
  },
};

function formatStatus(status: NatsStreamStatus, servers: readonly string[]): string {
  const lines = [`NATS     ${servers.map(redactUrlCredentials).join(', ')}`];
  if (!status.exists) {
    lines.push(`Stream   ${status.stream} does not exist yet (the first process creates it)`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Stream   ${status.stream}: ${status.messages} messages (sequences ${status.firstSequence}..${status.lastSequence})`,
    `Runs     ${status.finishedRuns} finished; ` +
      (status.currentRunMessages > 0
        ? `current run: ${status.currentRunMessages} messages since sequence ${status.currentRunStartsAfter}`
        : 'no run in progress'),
    `Dead letters  ${status.deadLetters}`,
    'Durables',
  );
  if (status.durables.length === 0) lines.push('  (none)');
  for (const durable of status.durables) {
    const waiting = durable.pending + durable.ackPending > 0 && !durable.fromEarlierRun ? '  <- behind' : '';
    const earlier = durable.fromEarlierRun ? '  (from an earlier run)' : '';
    lines.push(
      `  ${durable.name.padEnd(58)} pending=${durable.pending} ack_pending=${durable.ackPending} delivered=${durable.delivered}${waiting}${earlier}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
