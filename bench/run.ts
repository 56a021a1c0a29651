/**
 * `npm run bench`: prints speed and memory numbers. Targets (2-core machine): CodeLens and hover
 * p99 ≤ 10 ms on a file with 200 anchored steps; first CodeLens on the sample ≤ 300 ms after
 * initialize; the scale series' targets (scale.bench.ts) at 10k steps. Numbers are printed, never
 * asserted: benchmarks are not tests. `--sizes=1000,10000` chooses the scale series' sizes (the
 * parse cache series, cache.bench.ts, runs those up to 10k); `--cache` runs the cache series alone.
 */
import { codeTourBench } from './codetour.bench';
import { engineBench } from './engine.bench';
import { measureAllImports, precisionTable } from './importPrecision';
import { hostileImportBench, importBench } from './import.bench';
import { landingTable, measureAll } from './landing';
import { practiceBench } from './practice.bench';
import { hostileBench } from './hostile.bench';
import { languagesBench, mixedCheckBench } from './languages.bench';
import { cacheSeries, printCache } from './cache.bench';
import { parseSizes } from './scale';
import { printScale, scaleSeries, writeResults } from './scale.bench';
import { serverBench } from './server.bench';
import { tourHistoryBench } from './tourHistory.bench';

async function main(): Promise<void> {
  const steps = Number(process.env.BENCH_STEPS ?? 200);
  console.log(`Code Walkthroughs benchmarks — node ${process.version}, ${steps} steps\n`);
  if (process.argv.includes('--hostile')) {
    for (const line of await hostileBench()) console.log(line);
    for (const line of await hostileImportBench()) console.log(line);
    return;
  }
  if (process.argv.includes('--cache')) {
    for (const line of printCache(await cacheSeries({ sizes: parseSizes(process.argv.slice(2)).filter((n) => n <= 10_000) }))) console.log(line);
    return;
  }
  if (process.argv.includes('--languages')) {
    for (const line of await languagesBench()) console.log(line);
    for (const line of await mixedCheckBench()) console.log(line);
    return;
  }
  for (const line of await engineBench(steps)) console.log(line);
  console.log('');
  for (const line of await languagesBench()) console.log(line);
  for (const line of await mixedCheckBench()) console.log(line);
  console.log('');
  for (const line of await serverBench(steps)) console.log(line);
  console.log('');
  for (const line of await importBench()) console.log(line);
  for (const line of precisionTable(await measureAllImports())) console.log(line);
  for (const line of await hostileImportBench()) console.log(line);
  for (const line of landingTable(await measureAll())) console.log(line);
  for (const line of await codeTourBench(steps)) console.log(line);
  for (const line of await tourHistoryBench(steps)) console.log(line);
  for (const line of practiceBench()) console.log(line);
  for (const line of await hostileBench()) console.log(line);
  console.log('');
  const scale = await scaleSeries({ sizes: parseSizes(process.argv.slice(2)) });
  for (const line of printScale(scale)) console.log(line);
  console.log(`wrote ${writeResults(scale)}`);
  console.log('');
  for (const line of printCache(await cacheSeries({ sizes: parseSizes(process.argv.slice(2)).filter((n) => n <= 10_000) }))) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
