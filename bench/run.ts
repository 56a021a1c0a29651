/**
 * `npm run bench`: prints speed and memory numbers. Targets (2-core machine): CodeLens and hover
 * p99 ≤ 10 ms on a file with 200 anchored steps; first CodeLens on the sample ≤ 300 ms after
 * initialize. Numbers are printed, never asserted: benchmarks are not tests.
 */
import { engineBench } from './engine.bench';
import { hostileBench } from './hostile.bench';
import { serverBench } from './server.bench';

async function main(): Promise<void> {
  const steps = Number(process.env.BENCH_STEPS ?? 200);
  console.log(`Code Walkthroughs benchmarks — node ${process.version}, ${steps} steps\n`);
  if (process.argv.includes('--hostile')) {
    for (const line of await hostileBench()) console.log(line);
    return;
  }
  for (const line of await engineBench(steps)) console.log(line);
  console.log('');
  for (const line of await serverBench(steps)) console.log(line);
  console.log('');
  for (const line of await hostileBench()) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
