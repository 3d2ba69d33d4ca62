import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/cliIO.js';

/** A CliIO that records what a command writes; `cwd` defaults to an empty scratch directory. */
export function fakeCliIO(options: { env?: Record<string, string>; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: options.env ?? {},
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'tradestate-cli-')),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
