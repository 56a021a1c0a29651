/**
 * `npm run bench:scale [-- --sizes=1000,10000]`: the scale series alone (default 1k, 10k, 50k
 * steps). Prints the table and writes bench/results.json.
 */
import { DEFAULT_SIZES, printScale, scaleSeries, writeResults } from './scale.bench';

export function parseSizes(argv: string[]): number[] {
  const flag = argv.find((a) => a.startsWith('--sizes='));
  if (!flag) return DEFAULT_SIZES;
  const sizes = flag
    .slice('--sizes='.length)
    .split(',')
    .map((s) => Number(s.trim().replace(/k$/i, '000')));
  const bad = sizes.filter((n) => !Number.isSafeInteger(n) || n < 5);
  if (bad.length > 0 || sizes.length === 0) throw new Error(`--sizes: expected step counts ≥ 5 separated by commas, got ${flag}`);
  return sizes;
}

async function main(): Promise<void> {
  const result = await scaleSeries({ sizes: parseSizes(process.argv.slice(2)) });
  for (const line of printScale(result)) console.log(line);
  console.log(`\nwrote ${writeResults(result)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
