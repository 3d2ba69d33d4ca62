import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cliIO.js';
import { main } from '../../src/cli/main.js';

const msft = fileURLToPath(new URL('../../examples/data/msft_2000_2001_daily.csv', import.meta.url));

/** Runs `tradestate backtest` on the MSFT example with `yaml` as configuration, in a scratch directory. */
async function backtest(yaml: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'tradestate-faults-'));
  writeFileSync(join(cwd, 'config.yaml'), `store: { path: ":memory:" }\nlogging: { level: SILENT }\n${yaml}`);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: {},
    cwd,
  };
  const code = await main(
    ['backtest', '--data', msft, '--symbol', 'MSFT', '--config', 'config.yaml', '--out', 'report'],
    io,
  );
  const report = JSON.parse(readFileSync(join(cwd, 'report', 'report.json'), 'utf8'));
  return { code, stdout: out.join(''), stderr: err.join(''), report };
}

const strategyFault = (rule: string) => `
faults:
  enabled: true
  rules:
    - { service: strategy_evaluation, event_type: IndicatorsCalculatedEvent${rule} }
`;

describe('backtest exit codes under supervision', () => {
  it('exits 0 with supervision status ok in report.json when nothing fails', async () => {
    const { code, report, stderr } = await backtest('');
    expect(code).toBe(0);
    expect(report.supervision).toMatchObject({ status: 'ok', exit_code: 0, failures: 0, incidents: [] });
    expect(stderr).not.toContain('Supervision');
  });

  it('exits 4 (recovered) after one fault and one restart, naming the service, its error and the bar', async () => {
    const { code, report, stderr } = await backtest(strategyFault(', at: [120]'));
    expect(code).toBe(4);
    expect(report.supervision).toMatchObject({
      status: 'recovered',
      exit_code: 4,
      restarts: 1,
      services: {
        strategy_evaluation: {
          failures: 1,
          last_error: 'injected fault in strategy_evaluation on IndicatorsCalculatedEvent #120',
        },
      },
    });
    const { from, to } = report.supervision.affected_period;
    expect(from).toBe(to);
    expect(stderr).toContain('Supervision      recovered (exit code 4)');
    expect(stderr).toContain(`affected         ${from} to ${to}`);
  });

  it('exits 3 when a persistent fault escalates, with the report written up to the escalation', async () => {
    const { code, report, stderr } = await backtest(strategyFault(''));
    expect(code).toBe(3);
    expect(report.supervision).toMatchObject({
      status: 'degraded',
      exit_code: 3,
      restarts: 5,
      escalation: {
        service: 'strategy_evaluation',
        reason: 'restart intensity exceeded: 5 restarts within 100 bars (max 5)',
      },
    });
    expect(report.summary.bars).toBeLessThan(20);
    expect(stderr).toContain('trading stopped: supervision gave up (degraded)');
  });

  it('exits 3 when the policy stops the system on escalation', async () => {
    const yaml = `${strategyFault('')}orchestrator: { supervision: { on_intensity_exceeded: stop } }\n`;
    const { code, report } = await backtest(yaml);
    expect(code).toBe(3);
    expect(report.supervision).toMatchObject({ status: 'stopped', exit_code: 3 });
  });
});
