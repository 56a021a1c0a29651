/**
 * Engine at scale (issue 15): `checkWorkspace` wall time and peak RSS at 1k/10k/50k steps beside
 * the floor of reading the same files, and `setOverlay` on the hot file (p50/p99).
 * CPU time is printed beside wall time: on a shared machine it is the steadier of the two.
 * Run: node --expose-gc --import tsx bench/engineScale.ts [1000,10000,50000]
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../server/src/core/check';
import { WalkthroughEngine } from '../server/src/core/engine';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { writeScaleWorkload } from './scaleWorkload';

const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function floor(files: string[]): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < files.length) await readFile(files[next++]!, 'utf8');
  }));
  return performance.now() - start;
}

async function main(): Promise<void> {
  // Warm up (wasm compile, JIT) so that the first size is not charged for the process start.
  const warm = path.join(tmpdir(), 'wt-engine-scale-warm');
  writeScaleWorkload(warm, 200);
  await checkWorkspace(new NodeFileSystem({ confineTo: [warm] }), warm);
  rmSync(warm, { recursive: true });
  for (const steps of sizes) {
    const dir = path.join(tmpdir(), `wt-engine-scale-${steps}`);
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    const workload = writeScaleWorkload(dir, steps);
    const floorMs = Math.min(await floor(workload.allFiles), await floor(workload.allFiles));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    let report: Awaited<ReturnType<typeof checkWorkspace>> | undefined = await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), dir);
    const checkMs = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const checkCpuMs = (cpu.user + cpu.system) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const counts = JSON.stringify(report.statusCounts);
    report = undefined;

    const engine = new WalkthroughEngine({ fs: new NodeFileSystem({ confineTo: [dir] }), folders: [dir] });
    const loadStart = performance.now();
    await engine.loadAll();
    const loadMs = performance.now() - loadStart;
    (globalThis as { gc?: () => void }).gc?.();
    const heldMb = process.memoryUsage().heapUsed / 1e6;
    const times: number[] = [];
    const engineOnly: number[] = [];
    const resolvedBefore = engine.resolvedSteps;
    const lines = workload.hotText.split('\n');
    for (let i = 0; i < 60; i++) {
      const edited = [...lines];
      edited.splice(2, 0, ...Array.from({ length: i % 3 }, () => '// typed'));
      const t0 = performance.now();
      await engine.setOverlay(workload.hotFile, edited.join('\n'));
      engineOnly.push(performance.now() - t0);
      engine.stepsInFile(workload.hotFile);
      for (const file of engine.dependents(workload.hotFile)) engine.diagnostics(file);
      engine.list();
      times.push(performance.now() - t0);
    }
    console.log(JSON.stringify({
      steps,
      files: workload.allFiles.length,
      mb: +(workload.bytes / 1e6).toFixed(1),
      floorMs: Math.round(floorMs),
      checkMs: Math.round(checkMs),
      ratio: +(checkMs / floorMs).toFixed(1),
      perK: Math.round(checkMs / (steps / 1000)),
      checkCpuMs: Math.round(checkCpuMs),
      cpuPerK: Math.round(checkCpuMs / (steps / 1000)),
      peakRssMb: Math.round(peak / 1e6),
      loadAllMs: Math.round(loadMs),
      heapAfterLoadMb: Math.round(heldMb),
      overlayP50: +percentile(times.slice(10), 50).toFixed(2),
      overlayP99: +percentile(times.slice(10), 99).toFixed(2),
      setOverlayP50: +percentile(engineOnly.slice(10), 50).toFixed(2),
      setOverlayP99: +percentile(engineOnly.slice(10), 99).toFixed(2),
      stepsPerEdit: 'resolvedSteps' in engine ? ((engine as { resolvedSteps: number }).resolvedSteps - resolvedBefore) / times.length : undefined,
      counts,
    }));
    rmSync(dir, { recursive: true });
  }
}

void main();
