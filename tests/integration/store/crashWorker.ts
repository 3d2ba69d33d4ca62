import { TradingStore } from '../../../src/store/tradingStore.js';
import { resume, runSteps } from './storeWorkload.js';

// Run by crashRecovery.test.ts as `node --import tsx crashWorker.ts <db> <ready-after-steps>`: resumes the
// store, trades until killed (SIGKILL), printing "ready" once it has committed the given number of steps.
const [path, readyAfter] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: crashWorker.ts <db path> <ready after steps>');
const store = TradingStore.open(path);
const { broker, next } = await resume(store);
const target = next + Number(readyAfter ?? 10);
await runSteps(store, broker, next, Number.MAX_SAFE_INTEGER, {
  onStep: (step) => {
    if (step + 1 === target) process.stdout.write(`ready ${target}\n`);
  },
});
