import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repository, 'node_modules/.bin/tsx');
const run = promisify(execFile);

/** Runs an example as `npm run examples` does: `tradestate` resolved through examples/tsconfig.json. */
async function example(file: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(tsx, ['--tsconfig', 'examples/tsconfig.json', `examples/${file}`, ...args], {
    cwd: repository,
  });
  return stdout;
}

function lineMatching(output: string, pattern: RegExp): RegExpMatchArray {
  const match = output.match(pattern);
  if (match === null) throw new Error(`no line matching ${pattern} in:\n${output}`);
  return match;
}

describe('examples', () => {
  it('customStrategy: the registered close_breakout type trades the MSFT daily bars', async () => {
    const output = await example('customStrategy.ts', '250');
    const [, bars, entries, trades] = lineMatching(output, /(\d+) bars, (\d+) entries, (\d+) trades/);
    expect(Number(bars)).toBeGreaterThan(200);
    expect(Number(entries)).toBeGreaterThan(0);
    expect(Number(trades)).toBeGreaterThan(0);
  });

  it('customDataSourceAndBroker: every bar of the async feed is consumed and every order reaches the adapter', async () => {
    const output = await example('customDataSourceAndBroker.ts', '600');
    const [, bars, orders] = lineMatching(
      output,
      /(\d+) bars from the async feed, (\d+) orders through auditing-paper/,
    );
    expect(Number(bars)).toBe(600);
    expect(Number(orders)).toBeGreaterThan(0);
    expect(output).toMatch(/ (open|close) (long|short) [\d.]+ EURUSD @ [\d.]+ \(ema_cross:EURUSD:/);
  });

  it('embedding: the host journals OrderPlacedEvents and stops the system once its condition holds', async () => {
    const output = await example('embedding.ts', '3');
    expect(output.match(/^\[journal\] /gm)).toHaveLength(3);
    expect(output).toMatch(/stopped on condition after \d+ candles and 3 orders/);
    expect(output).toMatch(
      /data_fetching=STOPPED, indicator_calculation=STOPPED, strategy_evaluation=STOPPED, trade_execution=STOPPED/,
    );
  });

  it('embedding: SIGINT stops the system cleanly and the program exits 0', async () => {
    const child: ChildProcess = spawn(
      tsx,
      // Neither the orders wanted nor the candles can end this run first, however slow the machine: only the signal.
      ['--tsconfig', 'examples/tsconfig.json', 'examples/embedding.ts', '1000000', '100000000'],
      {
        cwd: repository,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let signalled = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Signal once the system is demonstrably running (it has placed an order).
      if (!signalled && output.includes('[journal]')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    expect(signalled).toBe(true);
    expect(output).toMatch(/stopped on signal after \d+ candles/);
    expect(output).toMatch(/trade_execution=STOPPED/);
    expect(code).toBe(0);
  });

  it('modelTestOwnService: the kit covers every lifecycle edge and each restart strategy of the example service', async () => {
    const output = await example('modelTestOwnService.ts');
    expect(output).toMatch(/^✓ STOPPING --shutdown succeeds--> STOPPED$/m);
    expect(output).toMatch(/^✓ FAILED --supervisor restarts it with fresh state--> RUNNING/m);
    const [, covered, total] = lineMatching(
      output,
      /^(\d+)\/(\d+) edges covered, \d+ paths passed, 0 failed$/m,
    );
    expect(covered).toBe(total);
    expect(output).toMatch(
      /^✓ rest_for_one: candle_counter fails --> restart candle_counter, audit_counter$/m,
    );
    expect(output).toMatch(/^✓ rest_for_one: audit_counter fails --> restart audit_counter$/m);
  });

  it('modelTestOwnService --broken: a shutdown that never finishes fails the kit, naming the edge', async () => {
    const failure = await example('modelTestOwnService.ts', '--broken').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^model test failed on STOPPING --shutdown succeeds--> STOPPED:$/m);
    expect(failure?.stderr).toContain(
      'candle_counter: edge "STOPPING --shutdown succeeds--> STOPPED" failed: the service is STOPPING, expected STOPPED within 2000 ms',
    );
  });

  it('backtestFromCode: watches orders on a sync bus while runBacktest writes the report', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'tradestate-example-'));
    const output = await example('backtestFromCode.ts', out);
    const [, trades, orders] = lineMatching(output, /(\d+) trades from (\d+) orders/);
    // Every round trip is an opening and a closing order, each seen on the bus during the run.
    expect(Number(orders)).toBe(2 * Number(trades));
    expect(output).toMatch(/^ {2}ema_cross: \d+ trades, net -?\d+\.\d{2}$/m);
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  });
});
