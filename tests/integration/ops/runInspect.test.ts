import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from '../../support/cliProcess.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';

const scratchDirectory = scratchDirectories('tradestate-inspect-');

describe('tradestate run --inspect', () => {
  it('keeps the live inspector up with the final states after the run, until Ctrl-C', {
    timeout: 120_000,
  }, async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const inspected = startCli(['run', '--inspect', '--inspect-port', port, '--max-candles', '30'], {
      inheritEnvironment: true,
      env: { LOGGING_LEVEL: 'WARNING', STORE_PATH: join(scratchDirectory(), 's.db') },
    });
    const [, url] = await inspected.stderrMatch(/the inspector stays up at (\S+) until Ctrl-C/);
    expect(inspected.output().stdout).toContain('Orchestrator  status=stopped');
    const address = new URL(url!);
    const state = (await fetch(`${address.origin}/state${address.search}`).then((response) =>
      response.json(),
    )) as {
      actors: Array<{ name: string; state: string }>;
    };
    expect(Object.fromEntries(state.actors.map((actor) => [actor.name, actor.state]))).toEqual({
      orchestrator: 'STOPPED',
      data_fetching: 'STOPPED',
      indicator_calculation: 'STOPPED',
      strategy_evaluation: 'STOPPED',
      trade_execution: 'STOPPED',
    });
    inspected.child.kill('SIGINT');
    expect((await inspected.outcome).code).toBe(0);
  });
});
