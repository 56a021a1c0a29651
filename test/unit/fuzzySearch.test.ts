/**
 * The bounded fuzzy window search (issue 11, item 2): the same answer as scoring every window
 * afresh, in one pass over the scope's characters, and an honest refusal above the budget.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SEED } from '../fuzz/properties';
import { bestFuzzy, FUZZY_BUDGET, type FuzzyResult } from '../../server/src/core/anchors/fuzzySearch';
import { resolveAnchor } from '../../server/src/core/anchors/resolveAnchor';
import { bigrams, diceFromBigrams } from '../../server/src/core/anchors/similarity';
import { anchorLines, normalizeLine } from '../../server/src/core/text';
import type { LineSpan } from '../../server/src/core/types';

/** The definition: score every window's bigrams from scratch (what the engine did before). */
function reference(normalized: readonly string[], wanted: readonly string[], scope: LineSpan, target: number): FuzzyResult {
  const wantedGrams = bigrams(wanted.join('\n'));
  let best: { start: number; score: number } | undefined;
  const last = Math.min(scope.end, normalized.length - wanted.length);
  for (let start = Math.max(0, scope.start); start <= last; start++) {
    if (normalized[start] === '') continue;
    const score = diceFromBigrams(wantedGrams, bigrams(normalized.slice(start, start + wanted.length).join('\n')));
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && Math.abs(start - target) < Math.abs(best.start - target))) best = { start, score };
  }
  return best ? { kind: 'found', ...best } : { kind: 'none' };
}

// Few distinct characters, blank lines and white-space runs: many partial matches and ties.
const line = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '\t', '(', ')', 'é', '😀'), maxLength: 12 }) },
);

describe('fuzzy search', () => {
  it('finds the same window and score as scoring every window afresh (random files, anchors, scopes)', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.nat(45),
        fc.nat(45),
        fc.nat(45),
        (file, anchor, a, b, target) => {
          const normalized = file.map(normalizeLine);
          const wanted = anchorLines(anchor.join('\n'));
          if (wanted.length === 0) return;
          const scope = { start: Math.min(a, b), end: Math.max(a, b) };
          const actual = bestFuzzy(normalized, wanted, scope, target);
          const expected = reference(normalized, wanted, scope, target);
          assert.equal(actual.kind, expected.kind);
          if (actual.kind === 'found' && expected.kind === 'found') {
            assert.equal(actual.start, expected.start);
            assert.ok(Math.abs(actual.score - expected.score) < 1e-12, `${actual.score} vs ${expected.score}`);
          }
        },
      ),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('refuses a search above the budget and says what it would cost', () => {
    const normalized = Array.from({ length: 1000 }, (_, i) => `line ${i} of some code`);
    const result = bestFuzzy(normalized, ['nothing like it'], { start: 0, end: 999 }, 0, 5000);
    assert.equal(result.kind, 'too-costly');
    assert.ok(result.kind === 'too-costly' && result.cost > 5000 && result.budget === 5000);
    // Within the budget the same search runs.
    assert.equal(bestFuzzy(normalized, ['nothing like it'], { start: 0, end: 999 }, 0, 10_000_000).kind, 'found');
  });

  it('a file whose windows exceed the budget makes the step stale with a "too costly" reason, not a freeze', () => {
    // 200-line anchor that matches nothing, in a file bigger than the budget (the 38 s case, scaled up).
    const lineText = 'x'.repeat(90);
    const lines = Array.from({ length: Math.ceil(FUZZY_BUDGET / 90) + 10 }, (_, i) => `${lineText}${i}`);
    const anchor = Array.from({ length: 200 }, (_, i) => `unrelated anchor line ${i}`).join('\n');
    const result = resolveAnchor({ lines, anchor, hint: { start: 5, end: 204 } });
    assert.equal(result.status, 'stale');
    assert.match(result.status === 'stale' ? result.reason : '', /too costly .* characters; the limit is [\d,]+\)/);
  });
});
