/**
 * `npm run fuzz -- --minutes N`: runs the property suite of test/fuzz/properties.ts with fresh
 * seeds until N minutes (default 5) have passed: random workspaces (walkthroughs, memos, code,
 * CodeTour tours), then random and catastrophic CodeTour patterns. Each failing case (shrunk by
 * fast-check) is saved as test/fuzz/regressions/<hash>.json, which `npm test` replays from then on.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkPatternCase, checkWorkspaceCase, encodeCase, patternCase, workspaceCase, type CaseStats, type PatternCase, type Regression, type WorkspaceCase } from '../test/fuzz/properties';

const REGRESSIONS = path.join(__dirname, '../test/fuzz/regressions');

function minutesArg(argv: string[]): number {
  const at = argv.findIndex((a) => a === '--minutes' || a.startsWith('--minutes='));
  if (at === -1) return 5;
  const value = Number(argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1]);
  if (!(value > 0)) throw new Error('--minutes takes a positive number');
  return value;
}

async function main(): Promise<void> {
  const minutes = minutesArg(process.argv.slice(2));
  const deadline = Date.now() + minutes * 60_000;
  const stats: CaseStats = { slowestMs: 0 };
  let cases = 0;
  let patterns = 0;
  let failures = 0;
  mkdirSync(REGRESSIONS, { recursive: true });
  for (let round = 0; Date.now() < deadline; round++) {
    const seed = (Math.random() * 2 ** 31) | 0;
    // Every third round: patterns (each hostile one costs its budget, so fewer cases).
    const onPatterns = round % 3 === 2;
    const result = onPatterns
      ? await fc.check(
          fc.asyncProperty(patternCase, async (c) => {
            patterns++;
            await checkPatternCase(c);
          }),
          { numRuns: 200, seed },
        )
      : await fc.check(
          fc.asyncProperty(workspaceCase, async (c) => {
            cases++;
            await checkWorkspaceCase(c, stats);
          }),
          { numRuns: 500, seed },
        );
    if (result.failed && result.counterexample) {
      failures++;
      const [c] = result.counterexample as [WorkspaceCase | PatternCase];
      const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      const regression: Regression = onPatterns
        ? { property: 'pattern', found: new Date().toISOString(), error: error.slice(0, 2000), case: c }
        : { property: 'workspace', found: new Date().toISOString(), error: error.slice(0, 2000), case: encodeCase(c as WorkspaceCase) };
      const text = `${JSON.stringify(regression, null, 2)}\n`;
      const file = path.join(REGRESSIONS, `${createHash('sha256').update(JSON.stringify(regression.case)).digest('hex').slice(0, 12)}.json`);
      if (!existsSync(file)) writeFileSync(file, text);
      console.log(`FAILED (seed ${seed}): ${error.split('\n')[0]}\n  saved ${path.relative(process.cwd(), file)}`);
    }
  }
  const slowest = stats.slowestMs.toFixed(1);
  console.log(`fuzz: ${cases} workspace cases and ${patterns} pattern cases in ${minutes} min, ${failures} failing case${failures === 1 ? '' : 's'} saved, slowest case ${slowest} ms`);
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
