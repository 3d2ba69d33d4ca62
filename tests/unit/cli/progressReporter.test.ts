import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../../src/cli/progressReporter.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, write: (text: string) => written.push(text), isTTY, columns: 100 };
}

describe('ProgressReporter', () => {
  it('redraws one bar line with bars done, bars/s and ETA on a terminal', () => {
    let now = 0;
    const terminal = stream(true);
    const progress = new ProgressReporter(terminal, 1_000, () => now);
    now = 1_000;
    progress.update(250);
    now = 2_000;
    progress.finish(1_000);
    expect(terminal.written[0]).toMatch(/^\r\[#+-+\]\s+25% 250\/1000 bars {2}250 bars\/s {2}ETA 3\.0s$/);
    expect(terminal.written.at(-2)).toMatch(/100% 1000\/1000 bars/);
    expect(terminal.written.at(-1)).toBe('\n');
  });

  it('writes plain lines no more than every five seconds when not a terminal', () => {
    let now = 0;
    const pipe = stream(false);
    const progress = new ProgressReporter(pipe, 10_000, () => now);
    for (let done = 1; done <= 10_000; done++) {
      now = done * 2;
      progress.update(done);
    }
    expect(pipe.written.length).toBe(4);
    expect(pipe.written.every((line) => /^progress: [\d.]+% \d+\/10000 bars/.test(line))).toBe(true);
    expect(pipe.written.every((line) => !line.includes('\r'))).toBe(true);
  });
});
