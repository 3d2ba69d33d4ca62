import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands, main } from '../../../src/cli/main.js';
import { ProgressReporter } from '../../../src/cli/progressReporter.js';
import { terminalLogging } from '../../../src/cli/terminalLogging.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const msft = fileURLToPath(new URL('../../../examples/data/msft_2000_2001_daily.csv', import.meta.url));

describe('the progress bar owns its line', () => {
  it('writes a notice above the bar and redraws the bar under it', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new ProgressReporter(
      { write: (text: string) => written.push(text), isTTY: true },
      100,
      () => now,
    );
    now = 1_000;
    progress.update(50);
    progress.writeAbove('resuming from bar 50');
    const [notice] = written.slice(-1);
    const erase = '\r\u001b[2K';
    expect(notice?.startsWith(`${erase}resuming from bar 50\n[`)).toBe(true);
    expect(notice).toMatch(/\n\[#+-+\]\s+50% 50\/100 bars/);
  });

  it('writes a notice as a plain line before any bar is drawn', () => {
    const written: string[] = [];
    new ProgressReporter({ write: (text: string) => written.push(text), isTTY: true }, 100).writeAbove(
      'hello',
    );
    expect(written).toEqual(['hello\n']);
  });

  it("sends a terminal backtest's logs to <out>/backtest.log, and keeps them where configured otherwise", () => {
    const base = { quiet: false, logFile: undefined, configured: undefined, outDirectory: '/r' };
    expect(terminalLogging({ ...base, terminal: true })).toEqual({
      overrides: { file: '/r/backtest.log' },
      announce: '/r/backtest.log',
    });
    expect(terminalLogging({ ...base, terminal: false })).toEqual({
      overrides: undefined,
      announce: undefined,
    });
    expect(
      terminalLogging({ ...base, terminal: true, configured: '/var/log/t.log' }).overrides,
    ).toBeUndefined();
    expect(terminalLogging({ ...base, terminal: true, quiet: true }).overrides).toEqual({ level: 'ERROR' });
    expect(terminalLogging({ ...base, terminal: true, quiet: true, logFile: '/x.log' }).overrides).toEqual({
      level: 'ERROR',
      file: '/x.log',
    });
  });

  it('leaves stderr to the bar in a terminal backtest: no log line on it, the log file announced', async () => {
    const { io, stdout, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'INFO' } });
    (io.stderr as { isTTY?: boolean }).isTTY = true;
    const code = await main(['backtest', '--data', msft, '--symbol', 'MSFT', '--out', 'out'], io);
    expect(code, stderr()).toBe(0);
    const log = join(io.cwd, 'out', 'backtest.log');
    expect(stdout()).toContain(`Log: ${log}`);
    expect(readFileSync(log, 'utf8').split('\n').length).toBeGreaterThan(10);
    expect(stderr()).not.toMatch(/\bINFO\b/);
    expect(stderr()).toMatch(/\r\[#+\] 100%/);
  });

  it('prints no progress and no log below ERROR with --quiet, the summary still on stdout', async () => {
    const { io, stdout, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'INFO' } });
    // MSFT set up as a stock: with the FX defaults the run would rightly warn about the price scale first.
    const config = fileURLToPath(new URL('../../../examples/config/stocks.yaml', import.meta.url));
    const code = await main(
      ['backtest', '--data', msft, '--symbol', 'MSFT', '--config', config, '--out', 'out', '--quiet'],
      io,
    );
    expect(code, stderr()).toBe(0);
    expect(stderr()).toBe('');
    expect(stdout()).toContain('Backtest of MSFT');
    expect(existsSync(join(io.cwd, 'out', 'backtest.log'))).toBe(false);
  });
});

describe('mistyped commands and flags', () => {
  it('suggests the command a typo was meant to be', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['bakctest'], io)).toBe(2);
    expect(stderr()).toContain("'bakctest' is not a command. Did you mean 'tradestate backtest'?");
  });

  it('suggests the flag a typo was meant to be, with or without a value', async () => {
    for (const argv of [
      ['backtest', '--simbol', 'MSFT'],
      ['backtest', '--simbol=MSFT'],
    ]) {
      const { io, stderr } = fakeCliIO();
      expect(await main(argv, io)).toBe(2);
      expect(stderr()).toContain('unknown option --simbol (did you mean --symbol?)');
    }
  });

  it('names no suggestion when nothing is close', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['config', '--zzzzzzzz'], io)).toBe(2);
    expect(stderr()).toContain('unknown option --zzzzzzzz\n');
  });
});

describe('every command --help', () => {
  it.each(commands.map((command) => command.name))(
    '%s --help ends with two examples of that command using only its documented flags',
    async (name) => {
      const { io, stdout } = fakeCliIO();
      expect(await main([name, '--help'], io)).toBe(0);
      const text = stdout().trimEnd();
      const examples = text.slice(text.lastIndexOf('\nExamples:\n') + '\nExamples:\n'.length).split('\n');
      expect(text).toContain('\nExamples:\n');
      expect(examples.length).toBeGreaterThanOrEqual(2);
      const usage = text.slice(0, text.lastIndexOf('\nExamples:\n'));
      for (const example of examples) {
        expect(example).toMatch(new RegExp(`^  tradestate ${name}( |$)`));
        for (const flag of example.match(/--[a-z-]+/g) ?? []) expect(usage).toContain(flag);
      }
    },
  );
});
