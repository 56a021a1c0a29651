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
import { aliasedWalkthrough, authoringOp, checkAuthoringCase, checkHistoryCase, historyValue } from '../fuzz/authoringHistory';
import { SEED, checkImportCase, checkMemoCase, importCase, checkParseCase, checkPatternCase, checkWorkspaceCase, decodeCase, memoText, patternCase, walkthroughYaml, workspaceCase, type CaseStats, type PatternCase, type Regression } from '../fuzz/properties';

// Cases per property in `npm test`. With the 3,000 of markdown-sanitizer.test.ts and the 3,000 of
// fuzzySearch.test.ts: 14,000 property cases. FUZZ_SCALE multiplies them.
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = Math.round(1000 * SCALE);
const PARSE_RUNS = Math.round(5000 * SCALE);
const MEMO_RUNS = Math.round(2000 * SCALE);
const IMPORT_RUNS = Math.round(300 * SCALE);
const PATTERN_RUNS = Math.round(300 * SCALE);
const REGRESSIONS = path.join(__dirname, '../fuzz/regressions');

describe('fuzz', () => {
  it(`${RUNS} random workspaces: no throw, ranges inside documents, deterministic, incremental = fresh, confined, safe hovers`, async () => {
    const stats: CaseStats = { slowestMs: 0 };
    await fc.assert(fc.asyncProperty(workspaceCase, (c) => checkWorkspaceCase(c, stats)), { numRuns: RUNS, seed: SEED });
    // The slowest case, for the record (the bound itself is asserted per case).
    process.stdout.write(`# fuzz: ${RUNS} workspace cases, slowest ${stats.slowestMs.toFixed(1)} ms\n`);
  });

  it(`${PARSE_RUNS} random walkthrough files: parse without throwing, ranges inside, deterministic; a \`lines\` edit changes only its step`, () => {
    fc.assert(fc.property(walkthroughYaml, fc.nat(100), (yaml, start) => checkParseCase(yaml, start)), { numRuns: PARSE_RUNS, seed: SEED });
  });

  it(`${MEMO_RUNS} random memos: sections inside the text, every heading found by its text and its slug`, () => {
    fc.assert(fc.property(memoText, (text) => checkMemoCase(text)), { numRuns: MEMO_RUNS, seed: SEED });
  });

  it(`${MEMO_RUNS} random edits of walkthroughs sharing values through anchors, aliases and merge keys: refused, or every other step unchanged`, () => {
    fc.assert(fc.property(aliasedWalkthrough, authoringOp, (yaml, op) => checkAuthoringCase(yaml, op)), { numRuns: MEMO_RUNS, seed: SEED });
  });

  it(`${MEMO_RUNS} random practice histories with hostile dates: scheduled and previewed without a throw or NaN`, () => {
    fc.assert(fc.property(historyValue, fc.integer({ min: 1.6e12, max: 2.2e12 }), (value, now) => checkHistoryCase(value, now)), { numRuns: MEMO_RUNS, seed: SEED });
  });

  it(`${IMPORT_RUNS} random memo imports, edited by the user and imported again: no throw, loads, confined, edited steps stay on their code, deleted stay deleted, a fixpoint`, async () => {
    const stats: CaseStats = { slowestMs: 0 };
    await fc.assert(fc.asyncProperty(importCase, (c) => checkImportCase(c, stats)), { numRuns: IMPORT_RUNS, seed: SEED });
    process.stdout.write(`# fuzz: ${IMPORT_RUNS} import cases, slowest ${stats.slowestMs.toFixed(1)} ms\n`);
  });

  it(`${PATTERN_RUNS} random CodeTour patterns (recorded, pieced together, catastrophic): back within the budget, the line JavaScript finds`, async () => {
    await fc.assert(fc.asyncProperty(patternCase, (c) => checkPatternCase(c)), { numRuns: PATTERN_RUNS, seed: SEED });
  });

  it('replays every saved regression', async () => {
    const files = readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const regression = JSON.parse(readFileSync(path.join(REGRESSIONS, file), 'utf8')) as Regression;
      assert.ok(regression.property === 'workspace' || regression.property === 'pattern', file);
      if (regression.property === 'pattern') await checkPatternCase(regression.case as PatternCase);
      else await checkWorkspaceCase(decodeCase(regression.case));
    }
  });
});
