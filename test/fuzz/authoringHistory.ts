/**
 * Property tests for two kinds of untrusted input that reach the client and the authoring edits:
 * walkthrough YAML that shares values through anchors, aliases and merge keys (issue 19, item 7),
 * and practice histories with hostile dates and sizes (item 10, e.g. from Settings Sync).
 *
 * Invariants: an authoring edit is refused, or every step it is not about resolves exactly as
 * before; a history of any shape schedules and previews without throwing or showing NaN.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { deleteStep, insertStep, moveStep, setStepKeys, type EditResult } from '../../server/src/core/format/authoringEdits';
import { parseHistory, type CardKey } from '../../client/src/practice/history';
import { formatInterval, previewIntervals, scheduleCards } from '../../client/src/practice/schedule';

// ---------------------------------------------------------------------------------------------
// Aliased walkthroughs

interface StepShape {
  anchorStep: boolean;
  anchorTitle: boolean;
  /** Index offset (mod earlier steps) of a step to merge, or null. */
  merge: number | null;
  /** Index offset of an earlier anchored title to alias, or null. */
  aliasTitle: number | null;
}

const stepShape: fc.Arbitrary<StepShape> = fc.record({
  anchorStep: fc.boolean(),
  anchorTitle: fc.boolean(),
  merge: fc.option(fc.nat(4)),
  aliasTitle: fc.option(fc.nat(4)),
});

/** A walkthrough whose steps define and use anchors in random ways (always valid YAML). */
export const aliasedWalkthrough: fc.Arbitrary<string> = fc.array(stepShape, { minLength: 2, maxLength: 6 }).map((shapes) => {
  const lines = ['title: t', 'steps:'];
  const stepAnchors: number[] = [];
  const titleAnchors: number[] = [];
  shapes.forEach((shape, i) => {
    lines.push(shape.anchorStep ? `  - &s${i}` : '  -');
    if (shape.anchorStep) stepAnchors.push(i);
    const first: string[] = [];
    if (shape.merge !== null && stepAnchors.filter((k) => k < i).length) {
      const earlier = stepAnchors.filter((k) => k < i);
      first.push(`<<: *s${earlier[shape.merge % earlier.length]}`);
    }
    first.push(`id: s${i}`);
    if (shape.aliasTitle !== null && titleAnchors.length) first.push(`title: *t${titleAnchors[shape.aliasTitle % titleAnchors.length]}`);
    else if (shape.anchorTitle) {
      first.push(`title: &t${i} Title ${i}`);
      titleAnchors.push(i);
    } else first.push(`title: Title ${i}`);
    first.push('file: x.go', `lines: ${i + 1}`);
    for (const line of first) lines.push(`    ${line}`);
  });
  return `${lines.join('\n')}\n`;
});

export type AuthoringOp =
  | { kind: 'delete'; index: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'set'; index: number; key: 'title' | 'lines' | 'file' | 'question'; value: string }
  | { kind: 'insert'; index: number };

export const authoringOp: fc.Arbitrary<AuthoringOp> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat(6) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(6), to: fc.nat(6) }),
  fc.record({ kind: fc.constant('set' as const), index: fc.nat(6), key: fc.constantFrom('title' as const, 'lines' as const, 'file' as const, 'question' as const), value: fc.constantFrom('New', '9') }),
  fc.record({ kind: fc.constant('insert' as const), index: fc.nat(6) }),
);

function steps(text: string): unknown[] | undefined {
  try {
    return (parseDocument(text, { merge: true }).toJS() as { steps: unknown[] }).steps;
  } catch {
    return undefined;
  }
}

const omit = (value: unknown, key: string) => Object.fromEntries(Object.entries(value as object).filter(([k]) => k !== key));

export function checkAuthoringCase(yaml: string, op: AuthoringOp): void {
  const before = steps(yaml)!;
  assert.ok(before, 'the generator writes resolvable YAML');
  let result: EditResult;
  switch (op.kind) {
    case 'delete': result = deleteStep(yaml, op.index); break;
    case 'move': result = moveStep(yaml, op.from, op.to); break;
    case 'set': result = setStepKeys(yaml, op.index, { [op.key]: op.value }); break;
    case 'insert': result = insertStep(yaml, op.index, { title: 'Inserted', points: 'p' }); break;
  }
  if (!result.ok) return;
  const after = steps(result.text);
  assert.ok(after, `an accepted edit leaves every alias resolvable:\n${result.text}`);
  const n = before.length;
  switch (op.kind) {
    case 'delete':
      assert.deepEqual(after, before.filter((_, i) => i !== op.index));
      break;
    case 'move': {
      const order = before.map((_, i) => i);
      order.splice(op.from, 1);
      order.splice(Math.min(op.to, n - 1), 0, op.from);
      assert.deepEqual(after, order.map((i) => before[i]));
      break;
    }
    case 'set':
      assert.deepEqual(after.map((s, i) => (i === op.index ? omit(s, op.key) : s)), before.map((s, i) => (i === op.index ? omit(s, op.key) : s)));
      break;
    case 'insert':
      assert.deepEqual(after.filter((_, i) => i !== Math.min(op.index, n)), before);
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Practice histories

const hostileTime = fc.oneof(
  fc.integer({ min: -1e6, max: 4e12 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -1, 8.64e15, 8.64e15 + 1, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 1e300),
);

export const historyValue = fc.record({
  reviews: fc.array(
    fc.record({
      walkthroughId: fc.constantFrom('w', 'x', ''),
      stepId: fc.constantFrom('a', 'b', 'c'),
      at: hostileTime,
      rating: fc.constantFrom(1, 2, 3, 4, 0, 5, 2.5),
    }),
    { maxLength: 40 },
  ),
});

export function checkHistoryCase(value: unknown, now: number): void {
  const { history } = parseHistory(value, now);
  for (const review of history.reviews) assert.ok(Number.isFinite(review.at) && review.at <= now, `kept review at ${review.at}`);
  const keys: CardKey[] = ['a', 'b', 'c'].map((stepId) => ({ walkthroughId: 'w', stepId }));
  for (const scheduled of scheduleCards(history, keys, now)) {
    const intervals = previewIntervals(scheduled.card, now);
    for (const rating of [1, 2, 3, 4] as const) assert.doesNotMatch(formatInterval(intervals[rating]), /NaN|Infinity/);
    assert.ok(Number.isFinite(scheduled.card.due.getTime()), 'a due date');
  }
}
