import { writeFileSync } from 'node:fs';

// Plain JavaScript, so it preloads into the built CLI as well as under tsx.
// Preloaded (`--import`) into a benchmarked process: at exit, writes its peak RSS and CPU time to
// $BENCH_USAGE_FILE, so a whole process (the real CLI) can be measured without changing it.
const file = process.env.BENCH_USAGE_FILE;
if (file !== undefined) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      file,
      JSON.stringify({
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      }),
    );
  });
}
