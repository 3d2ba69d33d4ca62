import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import { exampleConfig, root } from './ccxtCliSupport.js';

describe('run --live-trading', () => {
  it('without an exchange data source is a usage error', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['run', '--live-trading', '--max-candles', '5'], io)).toBe(2);
    expect(stderr()).toContain('--live-trading needs trading.data_source.type: ccxt');
  });

  it('without API keys exits 2 naming the variables to set, before contacting the exchange', async () => {
    const { io, stderr } = fakeCliIO({ env: { TRADING_DATA_SOURCE_API_URL: 'http://127.0.0.1:9' } });
    expect(await main(['run', '--config', join(root, exampleConfig), '--live-trading'], io)).toBe(2);
    expect(stderr()).toContain(
      'set TRADING_BROKER_API_KEY and TRADING_BROKER_API_SECRET in the environment or .env',
    );
  });

  it('an API key in the config file is refused, and its value is not echoed', async () => {
    const { io, stderr } = fakeCliIO();
    const { writeFileSync } = await import('node:fs');
    const path = join(io.cwd, 'keys.yaml');
    writeFileSync(path, 'trading:\n  broker:\n    api_secret: s3cr3t-value\n');
    expect(await main(['run', '--config', path, '--live-trading'], io)).toBe(2);
    expect(stderr()).toContain('TRADING_BROKER_API_SECRET');
    expect(stderr()).not.toContain('s3cr3t-value');
  });
});
