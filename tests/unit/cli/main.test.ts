import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/cli/command.js';
import { commands, main } from '../../../src/cli/main.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { UserError } from '../../../src/errors/userError.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

describe('main', () => {
  it('lists the registered commands on --help and exits 0', async () => {
    const { io, stdout } = fakeCliIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(stdout()).toContain('Usage: tradestate <command>');
    for (const command of commands) expect(stdout()).toContain(command.name);
  });

  it('prints the usage to stderr and exits 2 when no command is given', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main([], io)).toBe(2);
    expect(stderr()).toContain('Usage: tradestate <command>');
  });

  it('prints a command usage for `help config` and `config --help`', async () => {
    for (const argv of [
      ['help', 'config'],
      ['config', '--help'],
      ['config', '-h'],
    ]) {
      const { io, stdout } = fakeCliIO();
      expect(await main(argv, io)).toBe(0);
      expect(stdout()).toContain('Usage: tradestate config [--config FILE] [--format yaml|json]');
    }
  });

  it('exits 2 naming an unknown command', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(stderr()).toContain("'frobnicate' is not a command");
  });

  it('exits 2 for a planned command that is not registered yet', async () => {
    const planned = ['run', 'backtest', 'diagram'].find(
      (name) => !commands.some((command) => command.name === name),
    );
    if (!planned) return;
    const { io, stderr } = fakeCliIO();
    expect(await main([planned], io)).toBe(2);
    expect(stderr()).toContain(`'${planned}' is not available in this build`);
  });

  it('prints the package version on --version', async () => {
    const { io, stdout } = fakeCliIO();
    expect(await main(['--version'], io)).toBe(0);
    expect(stdout()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('turns a bad flag into a message naming the flag and exit 2, without a stack trace', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['config', '--colour'], io)).toBe(2);
    expect(stderr()).toContain('tradestate config: unknown option --colour');
    expect(stderr()).not.toMatch(/\n\s+at /);
  });

  it('names a flag missing its value', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['config', '--config'], io)).toBe(2);
    expect(stderr()).toContain('option --config needs a value');
  });
});

describe('main with an internal error', () => {
  const failing: Command = {
    name: 'explode',
    summary: 'fails',
    usage: 'tradestate explode',
    run: async () => {
      throw new TypeError('cannot read properties of undefined\nsecond line');
    },
  };

  it('prints one line and exits 1, with the stack only when TRADESTATE_DEBUG=1', async () => {
    (commands as Command[]).push(failing);
    try {
      const quiet = fakeCliIO();
      expect(await main(['explode'], quiet.io)).toBe(1);
      expect(quiet.stderr()).toContain(
        'tradestate explode: internal error: cannot read properties of undefined\n',
      );
      expect(quiet.stderr()).not.toContain('second line');
      expect(quiet.stderr()).not.toMatch(/\n\s+at /);

      const debug = fakeCliIO({ env: { TRADESTATE_DEBUG: '1' } });
      expect(await main(['explode'], debug.io)).toBe(1);
      expect(debug.stderr()).toMatch(/\n\s+at /);
    } finally {
      (commands as Command[]).pop();
    }
  });
});

describe('main with a user error', () => {
  function throwing(error: Error): Command {
    return {
      name: 'mistake',
      summary: 'fails',
      usage: 'tradestate mistake',
      run: async () => Promise.reject(error),
    };
  }

  it.each([
    [
      'a plain UserError',
      new UserError('--port must be between 1 and 65535, got 70000'),
      exitCodes.userError,
    ],
    [
      'a UserError that carries its own exit code',
      new UserError('trading stopped: strategy_evaluation failed', { exitCode: exitCodes.degraded }),
      exitCodes.degraded,
    ],
  ])(
    'prints the message of %s on one line, without a stack, and exits with its code',
    async (_, error, code) => {
      (commands as Command[]).push(throwing(error));
      try {
        const { io, stderr } = fakeCliIO({ env: { TRADESTATE_DEBUG: '1' } });
        expect(await main(['mistake'], io)).toBe(code);
        expect(stderr()).toBe(`tradestate mistake: ${error.message}\n`);
      } finally {
        (commands as Command[]).pop();
      }
    },
  );

  it('treats a file the user named that is missing as a user error (exit 2), naming the path', async () => {
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'nope.csv'"), {
      code: 'ENOENT',
      path: 'nope.csv',
    });
    (commands as Command[]).push(throwing(missing));
    try {
      const { io, stderr } = fakeCliIO();
      expect(await main(['mistake'], io)).toBe(2);
      expect(stderr()).toBe('tradestate mistake: file not found: nope.csv\n');
    } finally {
      (commands as Command[]).pop();
    }
  });
});
