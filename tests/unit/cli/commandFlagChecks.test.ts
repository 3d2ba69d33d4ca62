import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

/** Runs `tradestate <argv>` in process; these checks come before any network, file or store is touched. */
async function tradestate(argv: string[]) {
  const { io, stdout, stderr } = fakeCliIO();
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** `data download` with exchange and symbol given, then `flags`. */
const download = (...flags: string[]) => [
  'data',
  'download',
  '--exchange',
  'binance',
  '--symbol',
  'BTC/USDT',
  ...flags,
];
/** `optimize` with data and one parameter given, then `flags`. */
const optimize = (...flags: string[]) => [
  'optimize',
  '--data',
  'bars.csv',
  '--param',
  'ema_fast.period=5:30:5',
  ...flags,
];

describe('commands check their flags and arguments first: exit 2 and a message naming the mistake', () => {
  it.each([
    [['nats'], 'tradestate nats: expected status or reset, got nothing'],
    [['nats', 'purge'], 'tradestate nats: expected status or reset, got "purge"'],
    [['nats', 'status', 'now'], 'tradestate nats: unexpected argument "now"'],
    [
      ['nats', 'reset'],
      'tradestate nats: reset deletes every event and durable of the stream: add --yes to confirm',
    ],
    [
      ['worker', '--max-trials', '0'],
      'tradestate worker: --max-trials must be a positive whole number, got "0"',
    ],
    [
      ['worker', '--max-trials', '1e3'],
      'tradestate worker: --max-trials must be a positive whole number, got "1e3"',
    ],
    [['data'], 'tradestate data: expected the action "download", got ""'],
    [['data', 'download', '--exchange', 'binance'], 'tradestate data: --symbol is required'],
    [
      download('--timeframe', '1w2', '--from', '2024-01-01', '--out', 'x.csv'),
      'tradestate data: --timeframe must be like 1m, 4h, 1d or minutes, got "1w2"',
    ],
    [
      download('--timeframe', '1h', '--from', 'yesterday', '--out', 'x.csv'),
      'tradestate data: --from must be an ISO-8601 date, got "yesterday"',
    ],
    [
      download('--timeframe', '1h', '--from', '2024-02-01', '--to', '2024-01-01', '--out', 'x.csv'),
      'tradestate data: --to must be after --from',
    ],
    [['optimize'], 'tradestate optimize: --data FILE.csv is required'],
    [
      ['optimize', '--data', 'bars.csv'],
      'tradestate optimize: name at least one --param NAME=START:END:STEP',
    ],
    [optimize('--method', 'bayes'), 'tradestate optimize: --method must be grid or random, got "bayes"'],
    [
      optimize('--samples=-4'),
      'tradestate optimize: --samples must be a positive whole number (decimal digits), got "-4"',
    ],
    [
      ['diagram', '--machine', 'broker'],
      'tradestate diagram: --machine must be lifecycle or orchestrator, got "broker"',
    ],
    [['diagram', '--format', 'svg'], 'tradestate diagram: --format must be mermaid or json, got "svg"'],
    [
      optimize('--samples', '-4'),
      'tradestate optimize: option --samples needs a value; one that starts with a dash is written --samples=-VALUE',
    ],
  ])('%j', async (argv, message) => {
    const { code, stderr, stdout } = await tradestate(argv);
    expect(code).toBe(exitCodes.userError);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });
});

describe('tradestate diagram', () => {
  it('prints the lifecycle machine as Mermaid by default and the orchestrator as JSON on request', async () => {
    const mermaid = await tradestate(['diagram']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^stateDiagram-v2/);
    expect(mermaid.stdout).toContain('RUNNING');
    const json = await tradestate(['diagram', '--machine', 'orchestrator', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: expect.stringMatching(/orchestrator/i) });
  });
});
