import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { warmUpWarning } from '../../../src/cli/warmUpWarning.js';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

/** Runs `tradestate <argv>` in process; returns the exit code and what it printed. */
async function tradestate(argv: string[]) {
  const { io, stdout, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'SILENT' } });
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr(), cwd: io.cwd };
}

describe('command line input mistakes exit 2 with one line naming what to fix', () => {
  it('`help` of a command that does not exist', async () => {
    const { code, stderr, stdout } = await tradestate(['help', 'frobnicate']);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toBe("tradestate: 'frobnicate' is not a command. Run 'tradestate --help' for the list.\n");
    expect(stdout).toBe('');
  });

  it('an unknown option, with the nearest real flag', async () => {
    const { code, stderr } = await tradestate(['run', '--simbol', 'MSFT']);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toContain('tradestate run: unknown option --simbol (did you mean --symbol?)');
    expect(stderr).toContain("Run 'tradestate run --help' for usage.");
  });

  it('a value given to a flag that takes none', async () => {
    const { code, stderr } = await tradestate(['run', '--fresh=yes']);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toContain('tradestate run: option --fresh takes no value');
  });

  it('a single-value flag given twice with different values, short form included, instead of the last silently winning', async () => {
    const { code, stderr, stdout } = await tradestate(['run', '--config', 'a.yaml', '-c', 'b.yaml']);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toContain(
      'tradestate run: option --config is given twice ("a.yaml", then "b.yaml"): give it once',
    );
    expect(stdout).toBe('');
  });

  it('the same value twice, and repeatable flags such as --param, are accepted', async () => {
    const { code, stderr } = await tradestate(['config', '--format', 'json', '--format=json']);
    expect(code, stderr).toBe(0);
    const optimize = await tradestate([
      'optimize',
      '--data',
      'bars.csv',
      '--param',
      'a=1',
      '--param',
      'b=2',
      '--method',
      'x',
    ]);
    // It gets past the flags to the first value check.
    expect(optimize.stderr).toContain('--method must be grid or random, got "x"');
  });

  it('an argument that is not a flag', async () => {
    const { code, stderr } = await tradestate(['config', 'services.yaml']);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toContain('tradestate config: unexpected argument "services.yaml"');
  });

  it('a --log-file that cannot be written', async () => {
    const { code, stderr } = await tradestate(['run', '--log-file', '/dev/null/run.log']);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toMatch(/^tradestate run: --log-file \/dev\/null\/run\.log: /);
    expect(stderr).not.toContain('internal error');
  });

  it('a backtest --out that names a file, before anything is read or written', async () => {
    const { io, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:' } });
    writeFileSync(
      join(io.cwd, 'bars.csv'),
      'time,open,high,low,close,volume\n2025-01-06T10:00:00Z,1,1,1,1,1\n',
    );
    writeFileSync(join(io.cwd, 'taken'), 'not a directory');
    const code = await main(['backtest', '--data', 'bars.csv', '--out', 'taken'], io);
    expect(code).toBe(exitCodes.userError);
    const taken = join(io.cwd, 'taken');
    expect(stderr()).toBe(
      `tradestate backtest: --out ${taken}: expected a directory, got a file: ${taken}\nRun 'tradestate backtest --help' for usage.\n`,
    );
  });
});

describe('warmUpWarning', () => {
  const config = SystemConfigSchema.parse({});

  it('warns about data no longer than the warm-up, in the singular for one bar', () => {
    expect(warmUpWarning(config, 1, 'tiny.csv')).toMatch(
      /^warning: tiny\.csv has 1 bar, fewer than the \d+ /,
    );
    expect(warmUpWarning(config, 2, 'tiny.csv')).toMatch(/has 2 bars, .*expect no trades$/);
  });

  it('says nothing once the data is longer than the longest period and min_rows_required', () => {
    expect(warmUpWarning(config, 10_000, 'long.csv')).toBeUndefined();
  });
});
