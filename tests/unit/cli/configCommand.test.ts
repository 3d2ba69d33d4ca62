import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

function workspace(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

describe('tradestate config', () => {
  it('prints the resolved configuration as YAML with the environment applied and secrets redacted', async () => {
    const cwd = workspace({ 'config/services.yaml': 'trading:\n  symbol: AUDUSD\n' });
    const { io, stdout, stderr } = fakeCliIO({
      cwd,
      env: { LOGGING_LEVEL: 'debug', TRADING_BROKER_API_KEY: 'sk-live-123' },
    });
    expect(await main(['config'], io)).toBe(0);
    expect(stderr()).toBe('');
    const printed = parse(stdout());
    expect(printed.trading.symbol).toBe('AUDUSD');
    expect(printed.logging.level).toBe('DEBUG');
    expect(printed.trading.broker.api_key).toBe('[REDACTED]');
    expect(stdout()).not.toContain('sk-live-123');
  });

  it('prints JSON with --format json from the file named by --config', async () => {
    const cwd = workspace({ 'other.yaml': 'risk:\n  max_open_positions: 7\n' });
    const { io, stdout } = fakeCliIO({ cwd });
    expect(await main(['config', '--config', 'other.yaml', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(stdout()).risk.max_open_positions).toBe(7);
  });

  it('accepts the strategy types of a --strategies module, which it refuses without the module', async () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    const args = ['config', '--config', 'examples/config/breakout.yaml', '--format', 'json'];
    const withModule = fakeCliIO({ cwd: root });
    const code = await main([...args, '--strategies', 'examples/strategies/closeBreakout.js'], withModule.io);
    expect(code, withModule.stderr()).toBe(0);
    const types = JSON.parse(withModule.stdout()).services.strategy_evaluation.strategies.map(
      (strategy: { type: string }) => strategy.type,
    );
    expect(types).toContain('close_breakout');
    const without = fakeCliIO({ cwd: root });
    expect(await main(args, without.io)).toBe(2);
    expect(without.stderr()).toContain('unknown type "close_breakout"');
    expect(without.stderr()).toContain('a type from your own module needs --strategies FILE');
  });

  it('rejects an unknown --format naming the flag, exit 2', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['config', '--format', 'xml'], io)).toBe(2);
    expect(stderr()).toContain('--format must be yaml or json, got "xml"');
  });

  it('prints every problem to stderr and exits 2, without a stack trace', async () => {
    const cwd = workspace({
      'bad.yaml': 'services:\n  data_fetching:\n    fetch_interval: -5\n    fetch_intervall: 1\n',
    });
    const { io, stdout, stderr } = fakeCliIO({ cwd, env: { SERVICES_DATA_FETCHING_NBR_BARS: 'abc' } });
    expect(await main(['config', '--config', 'bad.yaml'], io)).toBe(2);
    expect(stdout()).toBe('');
    expect(stderr().trimEnd().split('\n')).toEqual([
      'bad.yaml:3:21 services.data_fetching.fetch_interval: expected a positive number, got -5',
      'bad.yaml:4:5 services.data_fetching.fetch_intervall: unknown key "fetch_intervall" (did you mean "fetch_interval"?)',
      '$SERVICES_DATA_FETCHING_NBR_BARS services.data_fetching.nbr_bars: expected an integer, got "abc"',
    ]);
  });

  it('exits 2 naming a missing --config file', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['config', '--config', 'missing.yaml'], io)).toBe(2);
    expect(stderr()).toContain('config file not found: missing.yaml');
  });
});
