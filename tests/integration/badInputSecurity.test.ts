import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createInspection } from '../../src/actors/createInspection.js';
import { InspectionHostError } from '../../src/actors/inspectionHostError.js';
import { configFromObject } from '../../src/config/configLoader.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const secret = 'sk-test-SECRET123';
const work = mkdtempSync(join(tmpdir(), 'tradestate-secrets-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The real CLI with the broker secrets in its environment and debug logs on; stdout and stderr together. */
function cli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          TRADING_BROKER_API_KEY: secret,
          TRADING_BROKER_API_SECRET: `${secret}-2`,
          LOGGING_LEVEL: 'DEBUG',
          STORE_PATH: join(work, 'store.db'),
        },
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

describe('secrets come from the environment and are never printed', () => {
  it('prints the configuration with the broker secrets as [REDACTED]', async () => {
    for (const format of ['yaml', 'json']) {
      const { code, output } = await cli(['config', '--format', format]);
      expect(code, output).toBe(0);
      expect(output).toContain('[REDACTED]');
      expect(output).not.toContain('SECRET123');
    }
  }, 60_000);

  it('never logs the secrets during a run, even at DEBUG', async () => {
    const { code, output } = await cli(['run', '--max-candles', '150']);
    expect(code, output.slice(-2000)).toBe(0);
    expect(output.length).toBeGreaterThan(1_000);
    expect(output).not.toContain('SECRET123');
  }, 120_000);
});

describe('servers bind to the loopback interface by default', () => {
  it('defaults the inspector and the operations endpoint to 127.0.0.1', () => {
    const config = configFromObject({});
    expect(config.orchestrator.inspect.host).toBe('127.0.0.1');
    expect(config.orchestrator.http.host).toBe('127.0.0.1');
    expect(config.event_bus.nats.servers).toEqual(['nats://127.0.0.1:4222']);
  });

  it('refuses to open the inspector on 0.0.0.0', async () => {
    await expect(createInspection('local', { host: '0.0.0.0', port: 0 })).rejects.toBeInstanceOf(
      InspectionHostError,
    );
  });
});
