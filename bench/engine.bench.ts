/** Engine benchmarks: load, per-file index queries and re-resolution after an edit, in process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WalkthroughEngine } from '../server/src/core/engine';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { mib, sample, summary } from './stats';
import { writeWorkload } from './workload';

export async function engineBench(steps: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-'));
  try {
    const workload = writeWorkload(dir, steps);
    const out: string[] = [];
    const heapBefore = process.memoryUsage().heapUsed;
    let start = performance.now();
    const engine = new WalkthroughEngine({ fs: new NodeFileSystem(), folders: [dir] });
    await engine.loadAll();
    out.push(`engine: cold load of ${steps} anchored steps (incl. parser start)   ${(performance.now() - start).toFixed(1)} ms`);
    const statuses = engine.list()[0]!.steps.reduce<Record<string, number>>((acc, s) => ((acc[s.status] = (acc[s.status] ?? 0) + 1), acc), {});
    out.push(`engine: statuses after load ${JSON.stringify(statuses)}`);
    start = performance.now();
    await engine.loadAll();
    out.push(`engine: warm reload                                          ${(performance.now() - start).toFixed(1)} ms`);
    out.push(summary('engine: stepsInFile (200-step file)', await sample(2000, () => engine.stepsInFile(workload.codeFile))));
    const lines = workload.code.split('\n');
    out.push(
      summary(
        'engine: re-resolve after typing a line above (overlay)',
        await sample(50, (i) => engine.setOverlay(workload.codeFile, [`// edit ${i}`, ...Array(i % 3).fill(''), ...lines].join('\n'))),
      ),
    );
    const moved = engine.list()[0]!.steps.filter((s) => s.status === 'moved').length;
    out.push(`engine: after the edits, ${moved}/${steps} steps report moved (expected: all)`);
    out.push(`engine: heap growth for the workspace                        ${mib(process.memoryUsage().heapUsed - heapBefore)}`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
