#!/usr/bin/env node
// The installed `tradestate` command: runs the built CLI (npm run build writes dist/).
const built = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(built.href);
} catch (error) {
  // Only the CLI itself missing (a checkout that was never built), not a module it imports.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== built.href) throw error;
  process.stderr.write(
    'tradestate: the CLI is not built here (no dist/cli/main.js). In a checkout of the repository run ' +
      '`npm run tradestate -- <command>`, or `npm run build` once.\n',
  );
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
