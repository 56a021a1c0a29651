/** Small timing helpers for the benchmarks. */
import { performance } from 'node:perf_hooks';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function sample(count: number, run: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

export function summary(name: string, times: number[], target?: string): string {
  const fmt = (n: number) => `${n.toFixed(2)} ms`;
  return `${name.padEnd(48)} p50 ${fmt(percentile(times, 50)).padStart(10)}  p99 ${fmt(percentile(times, 99)).padStart(10)}  max ${fmt(times[times.length - 1] ?? NaN).padStart(10)}  (n=${times.length})${target ? `  target ${target}` : ''}`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
