import { loadConfig } from '../../config/configLoader.js';
import { UsageError } from '../../errors/usageError.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = [
  'Usage: tradestate worker [--config FILE] [--max-trials N]',
  '',
  'Runs optimisation trials for `tradestate optimize --distributed`, on this machine or another one that',
  'reaches the same NATS JetStream server (event_bus.nats.servers). Trials are acknowledged only once their',
  'result is stored, so a worker that dies mid-trial loses nothing. Ctrl-C stops after the current trial.',
  '',
  'Options:',
  '  --config FILE     Configuration (only event_bus.nats is used)',
  '  --max-trials N    Exit after N trials',
].join('\n');

/**
 * `tradestate worker`: a worker for distributed optimisation jobs.
 *
 * @example
 * ```ts
 * await workerCommand.run(['--max-trials', '10'], processCliIO());
 * ```
 */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run trials of distributed optimisation jobs (tradestate optimize --distributed)',
  usage,
  examples: ['tradestate worker', 'tradestate worker --config config/services.yaml --max-trials 500'],
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string', short: 'c' },
      'max-trials': { type: 'string' },
    });
    const maxText = values['max-trials'];
    if (maxText !== undefined && (!/^\d+$/.test(maxText) || Number(maxText) < 1)) {
      throw new UsageError(`--max-trials must be a positive whole number, got ${JSON.stringify(maxText)}`);
    }
    const config = loadConfig(values.config, { env: io.env, cwd: io.cwd });
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Test hook of the crash tests: "TRIAL" (first delivery) or "TRIAL:always".
    const crash = io.env.TRADESTATE_TEST_WORKER_CRASH_ON_TRIAL;
    try {
      // Loaded on use: the worker's pool and bus client are not part of every command's start-up.
      const { runOptimizeWorker } = await import('../../optimize/distributed/runOptimizeWorker.js');
      const { useTrialV8Settings } = await import('../../optimize/trialV8Settings.js');
      // This process exists to run trials, one at a time: V8's settings for trials are its own to set (its
      // scavenges keep their helpers, as other workers may share the cores). Its trials run in a thread made
      // after them, whose heap takes them (the young generation's size is read when a heap is made).
      useTrialV8Settings(1);
      const { trials } = await runOptimizeWorker({
        servers: config.event_bus.nats.servers,
        trialThread: true,
        signal: controller.signal,
        ...(maxText !== undefined ? { maxTrials: Number(maxText) } : {}),
        log: (line) => io.stderr.write(`${line}\n`),
        ...(crash
          ? { crashOnTrial: { trialId: Number(crash.split(':')[0]), always: crash.endsWith(':always') } }
          : {}),
      });
      io.stderr.write(`Worker stopped after ${trials} trials\n`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
