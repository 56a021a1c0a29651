/**
 * Preloaded into a benchmarked child (`node --require bench/maxRss.cjs …`): on exit it writes the
 * process's peak resident set size in bytes (`process.resourceUsage().maxRSS`, kernel-counted, so
 * no sampling can miss a short peak) to the file named by BENCH_MAXRSS_FILE.
 */
'use strict';
const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_MAXRSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // The benchmark reports a missing number; the child's own exit status must not change.
    }
  });
}
