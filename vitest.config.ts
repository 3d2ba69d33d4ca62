import { defineConfig } from 'vitest/config';

/**
 * Tests in tiers (vitest projects), cheapest first. `npm test` runs every tier with coverage (what CI runs);
 * `npm run test:unit` and `npm run test:fast` are the quick loops while working.
 * - unit: one module at a time, in process: no child processes, no network, no database on disk.
 * - model: every edge of the machines, generated with xstate/graph and replayed against real actors.
 * - integration: whole systems, child processes (SIGKILL crash tests), NATS, SQLite on disk, the CLI.
 * - browser: report and live view in real Chromium.
 * - package: the examples, the public API and TSDoc audits, as a consumer sees them.
 */
const tier = (name: string) => ({
  extends: true as const,
  test: { name, include: [`tests/${name}/**/*.test.ts`] },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [tier('unit'), tier('model'), tier('integration'), tier('browser'), tier('package')],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'tests/.artifacts/coverage',
      // The all-tier level `npm test` measures is 97.5 / 96.1 / 95.6 / 90.6: lines hold the 95% goal, the others
      // sit one to two points below the measured level so that noise cannot fail CI; raise them as coverage rises.
      thresholds: { lines: 95, statements: 94, functions: 94, branches: 89 },
    },
  },
});
