/**
 * The fuzz suite as part of `npm test`: a fixed number of random workspaces (hostile YAML, memos,
 * code) through the engine and the hover, every invariant of test/fuzz/properties.ts checked,
 * then every saved regression replayed. `npm run fuzz -- --minutes N` runs the same properties
 * longer with fresh seeds. FUZZ_RUNS overrides the number of cases.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkWorkspaceCase, decodeCase, workspaceCase, type CaseStats, type Regression } from '../fuzz/properties';

const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const REGRESSIONS = path.join(__dirname, '../fuzz/regressions');

describe('fuzz', () => {
  it(`${RUNS} random workspaces: no throw, ranges inside documents, deterministic, incremental = fresh, confined, safe hovers`, async () => {
    const stats: CaseStats = { slowestMs: 0 };
    await fc.assert(fc.asyncProperty(workspaceCase, (c) => checkWorkspaceCase(c, stats)), { numRuns: RUNS });
    // The slowest case, for the record (the bound itself is asserted per case).
    process.stdout.write(`# fuzz: ${RUNS} workspace cases, slowest ${stats.slowestMs.toFixed(1)} ms\n`);
  });

  it('replays every saved regression', async () => {
    const files = readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const regression = JSON.parse(readFileSync(path.join(REGRESSIONS, file), 'utf8')) as Regression;
      assert.equal(regression.property, 'workspace', file);
      await checkWorkspaceCase(decodeCase(regression.case));
    }
  });
});
