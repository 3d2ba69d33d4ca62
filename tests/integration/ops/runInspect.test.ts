import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('tradestate run --inspect', () => {
  it('keeps the live inspector up with the final states after the run, until Ctrl-C', {
    timeout: 120_000,
  }, async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'run',
        '--inspect',
        '--inspect-port',
        port,
        '--max-candles',
        '30',
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          LOGGING_LEVEL: 'WARNING',
          STORE_PATH: join(mkdtempSync(join(tmpdir(), 'inspect-')), 's.db'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /the inspector stays up at (\S+) until Ctrl-C/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`exited before serving: ${stderr.slice(-2000)}`)));
    });
    expect(stdout).toContain('Orchestrator  status=stopped');
    const address = new URL(url);
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
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
