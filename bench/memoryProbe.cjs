/**
 * Preloaded into a benchmarked server (`node --require bench/memoryProbe.cjs dist/server.js`):
 * on SIGUSR2 it writes where the process's memory goes to the file named by BENCH_MEMORY_FILE:
 * `process.memoryUsage()` (rss, heapTotal, heapUsed, external, arrayBuffers; tree-sitter's
 * WebAssembly memory counts in external and rss, not in arrayBuffers) and V8's heap spaces
 * (used/committed). When the file `BENCH_MEMORY_FILE.collect` exists, it then also collects all
 * garbage and reports the heap still in use (what the server keeps, not what it has not freed
 * yet): that changes the process, so the benchmark asks for it only when nothing is timed after.
 * The report is written whole and renamed, so a reader never sees half of it.
 */
'use strict';
const { existsSync, renameSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');

const target = process.env.BENCH_MEMORY_FILE;
if (target) {
  process.on('SIGUSR2', () => {
    let report;
    try {
      const before = process.memoryUsage();
      const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { used: s.space_used_size, committed: s.space_size }]));
      report = { before, spaces };
      if (existsSync(`${target}.collect`)) {
        v8.setFlagsFromString('--expose-gc');
        vm.runInNewContext('gc')();
        report.after = process.memoryUsage();
      }
    } catch (error) {
      report = { problem: String(error) };
    }
    writeFileSync(`${target}.tmp`, JSON.stringify(report));
    renameSync(`${target}.tmp`, target);
  });
}
