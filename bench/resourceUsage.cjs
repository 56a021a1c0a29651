/**
 * Preloaded into a benchmarked child (`node --require bench/resourceUsage.cjs …`): on exit it
 * writes `{"maxRss":BYTES,"cpuMs":MS}` to the file named by BENCH_USAGE_FILE — the peak resident
 * set size (`process.resourceUsage().maxRSS`, counted by the kernel, so no sampling can miss a
 * short peak) and the user + system CPU time, which other work on a shared machine disturbs far
 * less than the wall time.
 */
'use strict';
const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(target, JSON.stringify({ maxRss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
    } catch {
      // The benchmark reports a missing number; the child's own exit status must not change.
    }
  });
}
