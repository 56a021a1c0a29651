/**
 * Authoring edits (add, insert, delete, move, set keys, new walkthrough): the result parses to the
 * intended steps, and every line the edit is not about stays byte for byte — comments, blank
 * lines, quoting, CRLF, BOM. `minimalEdit` applied to the old text gives the new text exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import {
  deleteStep,
  extractStep,
  insertStep,
  insertStepLines,
  minimalEdit,
  moveStep,
  renderWalkthrough,
  setStepKeys,
  setWalkthroughKeys,
  type EditResult,
} from '../../server/src/core/format/authoringEdits';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { applyEdits } from '../../server/src/core/format/stepEdits';

const FILE = '/ws/t.walkthrough.yaml';

const YAML = `# Order flow — comments must survive
title: 下单链路   # trailing comment
memo: memo.md
steps:
  # the lock
  - id: lock
    file: handler/inventory.go
    lines: 74-78   # hint
    anchor: |
      mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
      if err := mutex.Lock(); err != nil {
    question: 'why?'

  - id: commit
    title: Commit
    file: handler/inventory.go
    lines: "90"

  # the check
  - id: check
    section: "1. 核心难点"
    points: >
      folded
      text
`;

function ok(result: EditResult): string {
  if (!result.ok) assert.fail(`edit refused: ${result.error}`);
  return result.text;
}

function ids(text: string): string[] {
  const spec = parseWalkthrough(FILE, text);
  assert.deepEqual(spec.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return spec.steps.map((s) => s.id);
}

/** Lines of `text` that are not in `other` (as a multiset), to show exactly what an edit touched. */
function linesNotIn(text: string, other: string): string[] {
  const pool = other.split('\n');
  const extra: string[] = [];
  for (const line of text.split('\n')) {
    const i = pool.indexOf(line);
    if (i >= 0) pool.splice(i, 1);
    else extra.push(line);
  }
  return extra;
}

describe('authoring edits: the step list', () => {
  it('moves a step down and up, carrying its comment, keeping blank lines between positions', () => {
    const down = ok(moveStep(YAML, 0, 2));
    assert.deepEqual(ids(down), ['commit', 'check', 'lock']);
    assert.ok(down.includes("  # the lock\n  - id: lock\n    file: handler/inventory.go\n    lines: 74-78   # hint"), 'comment above moves with the step');
    assert.deepEqual(linesNotIn(down, YAML), [], 'no line was rewritten, only reordered');
    assert.deepEqual(linesNotIn(YAML, down), []);
    const back = ok(moveStep(down, 2, 0));
    assert.equal(back, YAML, 'moving back restores the file byte for byte');
    assert.deepEqual(ids(ok(moveStep(YAML, 2, 1))), ['lock', 'check', 'commit']);
  });

  it('moving a step onto its own place changes nothing', () => {
    assert.equal(ok(moveStep(YAML, 1, 1)), YAML);
    assert.equal(minimalEdit(YAML, ok(moveStep(YAML, 1, 1))), undefined);
  });

  it('inserts a rendered step before, between and after, at the steps’ indentation', () => {
    const draft = { title: 'New', file: 'a.go', lines: '3-4', anchor: '  func A() {\n  x := 1\n', symbol: 'A', section: '1. 核心难点' };
    const first = ok(insertStep(YAML, 0, draft));
    assert.deepEqual(ids(first), ['1', 'lock', 'commit', 'check']);
    const spec = parseWalkthrough(FILE, first).steps[0]!;
    assert.equal(spec.title, 'New');
    assert.deepEqual(spec.lines, { start: 2, end: 3 });
    assert.equal(spec.anchor, 'func A() {\nx := 1', 'anchor lines are trimmed');
    assert.equal(spec.section, '1. 核心难点');
    assert.ok(first.includes('\n  - title: New\n    file: a.go\n'), first);
    assert.deepEqual(linesNotIn(YAML, first), [], 'nothing of the old text is lost');

    const middle = ok(insertStep(YAML, 2, { file: 'b.go', lines: '7', anchor: 'x' }));
    assert.deepEqual(ids(middle), ['lock', 'commit', '3', 'check']);
    assert.equal(parseWalkthrough(FILE, middle).steps[2]!.lines?.start, 6);
    const last = ok(insertStep(YAML, 99, { points: 'only talking points: with a colon' }));
    assert.deepEqual(ids(last), ['lock', 'commit', 'check', '4']);
    assert.equal(parseWalkthrough(FILE, last).steps[3]!.points, 'only talking points: with a colon');
    assert.ok(last.endsWith('      text\n\n  - points: "only talking points: with a colon"\n'), last);
  });

  it('writes the first step into `steps:` or `steps: []`', () => {
    for (const empty of ['title: T\nsteps:\n', 'title: T\nsteps: [] # none yet\nnext: other\n']) {
      const text = ok(insertStep(empty, 0, { file: 'a.go', lines: '1', anchor: 'package a' }));
      const spec = parseWalkthrough(FILE, text);
      assert.equal(spec.steps.length, 1, text);
      assert.equal(spec.steps[0]!.anchor, 'package a');
    }
  });

  it('deletes a step with its comment; the last remaining step cannot be deleted', () => {
    const text = ok(deleteStep(YAML, 2));
    assert.deepEqual(ids(text), ['lock', 'commit']);
    assert.ok(!text.includes('# the check'));
    assert.ok(text.endsWith('    lines: "90"\n'), JSON.stringify(text.slice(-40)));
    const first = ok(deleteStep(YAML, 0));
    assert.deepEqual(ids(first), ['commit', 'check']);
    assert.ok(!first.includes('# the lock') && first.includes('# Order flow'));
    const one = ok(deleteStep(ok(deleteStep(YAML, 2)), 1));
    const refused = deleteStep(one, 0);
    assert.equal(refused.ok, false);
    assert.equal(deleteStep(YAML, 7).ok, false);
  });

  it('moves a step into another walkthrough with a different indentation', () => {
    const other = 'title: Other\nsteps:\n- id: x   # flush-left list\n  file: x.go\n';
    const moved = extractStep(YAML, 0);
    assert.ok(moved.ok);
    const target = ok(insertStepLines(other, 1, moved));
    assert.deepEqual(ids(target), ['x', 'lock']);
    const step = parseWalkthrough(FILE, target).steps[1]!;
    assert.equal(step.anchor, 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))\nif err := mutex.Lock(); err != nil {\n');
    assert.ok(target.includes('# the lock\n- id: lock\n  file: handler/inventory.go'), target);
  });

  it('refuses files it cannot edit safely', () => {
    assert.equal(moveStep('title: T\nsteps: [{file: a.go}, {file: b.go}]\n', 0, 1).ok, false, 'flow list');
    assert.equal(moveStep('title: [\nsteps:\n  - file: a\n', 0, 1).ok, false, 'syntax error');
    assert.equal(insertStep('- just a list\n', 0, { file: 'a' }).ok, false, 'not a mapping');
    assert.equal(setStepKeys('title: T\nsteps:\n  - {file: a.go}\n', 0, { title: 'x' }).ok, false, 'flow step');
  });
});

describe('authoring edits: keys', () => {
  it('replaces a value and keeps the trailing comment', () => {
    const text = ok(setStepKeys(YAML, 0, { lines: '80-84' }));
    assert.deepEqual(linesNotIn(text, YAML), ['    lines: 80-84   # hint']);
  });

  it('inserts a missing key in the usual order, at the step’s indentation', () => {
    const text = ok(setStepKeys(YAML, 0, { title: '商品粒度的分布式锁' }));
    assert.ok(text.includes('  - id: lock\n    title: 商品粒度的分布式锁\n    file: handler/inventory.go'), text);
    const before = ok(setStepKeys(YAML, 2, { id: null, title: 'Check' }));
    assert.ok(before.includes('  - title: Check\n    section: "1. 核心难点"'), before);
  });

  it('replaces a block scalar without eating the blank line and the next step', () => {
    const text = ok(setStepKeys(YAML, 0, { anchor: 'mutex.Unlock()', question: 'How do you avoid overselling?\nAnd why a lock per item?' }));
    const step = parseWalkthrough(FILE, text).steps[0]!;
    assert.equal(step.anchor, 'mutex.Unlock()');
    assert.equal(step.question, 'How do you avoid overselling?\nAnd why a lock per item?');
    assert.deepEqual(ids(text), ['lock', 'commit', 'check']);
    assert.ok(text.includes("And why a lock per item?\n\n  - id: commit"), text);
  });

  it('removes keys: on their own line, on the dash line, and several at once (re-anchor)', () => {
    const removed = ok(setStepKeys(YAML, 0, { question: null }));
    assert.deepEqual(linesNotIn(YAML, removed), ["    question: 'why?'"]);
    const dash = ok(setStepKeys(YAML, 1, { id: null }));
    assert.ok(dash.includes('  - title: Commit\n    file: handler/inventory.go'), dash);
    const reanchored = ok(setStepKeys(YAML, 1, { file: 'handler/order.go', lines: '12-20', anchor: 'func (*OrderListener) ExecuteLocalTransaction(msg *primitive.Message) primitive.LocalTransactionState {', symbol: 'OrderListener.ExecuteLocalTransaction' }));
    const step = parseWalkthrough(FILE, reanchored).steps[1]!;
    assert.equal(step.file, 'handler/order.go');
    assert.deepEqual(step.lines, { start: 11, end: 19 });
    assert.equal(step.symbol, 'OrderListener.ExecuteLocalTransaction');
    assert.ok(step.anchor?.startsWith('func (*OrderListener)'));
    assert.equal(setStepKeys('title: T\nsteps:\n  - file: a.go\n', 0, { file: null }).ok, false, 'a step keeps at least one key');
  });

  it('sets and removes walkthrough keys: title, primary', () => {
    const renamed = ok(setWalkthroughKeys(YAML, { title: 'Order: flow' }));
    assert.deepEqual(linesNotIn(renamed, YAML), ['title: "Order: flow"   # trailing comment']);
    const primary = ok(setWalkthroughKeys(YAML, { primary: true }));
    assert.equal(parseWalkthrough(FILE, primary).primary, true);
    assert.ok(primary.includes('memo: memo.md\nprimary: true\nsteps:'), primary);
    assert.equal(ok(setWalkthroughKeys(primary, { primary: null })), YAML);
  });
});

describe('authoring edits: line ends, BOM, the edit itself', () => {
  const crlf = `\uFEFF${YAML.replace(/\n/g, '\r\n')}`;

  it('keeps CRLF and the BOM, and the minimal edit touches only the changed lines', () => {
    for (const after of [ok(moveStep(crlf, 0, 1)), ok(insertStep(crlf, 1, { file: 'a.go', lines: '1', anchor: 'x\ny' })), ok(setStepKeys(crlf, 0, { title: 'T' })), ok(deleteStep(crlf, 1))]) {
      assert.ok(after.startsWith('\uFEFF'));
      assert.ok(!/[^\r]\n/.test(after), 'every line end is CRLF');
      const edit = minimalEdit(crlf, after)!;
      assert.ok(edit);
      // Positions count from after the BOM, like an editor's text.
      const editorText = crlf.slice(1);
      assert.equal(applyEdits(editorText, [edit]), after.slice(1));
    }
  });

  it('minimalEdit(before, after) applied to before gives after, for any texts', () => {
    const text = fc.stringMatching(/^[ab\r\n\u00e9\u{1F600}-]{0,30}$/u);
    fc.assert(
      fc.property(text, text, (before, after) => {
        const edit = minimalEdit(before, after);
        if (before === after) return edit === undefined;
        return applyEdits(before, [edit!]) === after;
      }),
      { numRuns: 500 },
    );
  });

  it('renders a new walkthrough that parses, with memo and a first step', () => {
    const text = renderWalkthrough({ title: '下单: 链路', memo: 'memo/golang-interview.md' }, [{ title: 'Lock', file: 'inventory_srv/handler/inventory.go', lines: '74-78', anchor: 'a\nb', section: '1. 核心难点' }]);
    const spec = parseWalkthrough(FILE, text);
    assert.deepEqual(spec.diagnostics, []);
    assert.equal(spec.title, '下单: 链路');
    assert.equal(spec.memo, 'memo/golang-interview.md');
    assert.equal(spec.steps[0]!.anchor, 'a\nb');
    assert.deepEqual(parse(text).steps[0].lines, '74-78');
  });
});

describe('authoring edits around YAML anchors, aliases and merge keys (issue 19, item 7)', () => {
  const SHARED = `title: t
steps:
  - &base
    id: a
    title: &t Shared title
    file: x.go
    lines: 1
  - <<: *base
    id: b
    lines: 2
  - id: c
    title: *t
    file: x.go
  - id: d
    points: plain
`;
  const resolved = (text: string) => parseDocumentMerged(text);
  /** Every edit either is refused with a message, or leaves every step it is not about resolving exactly as before. */
  function holds(result: EditResult, check: (before: unknown[], after: unknown[]) => void): void {
    if (!result.ok) {
      assert.match(result.error, /anchor|alias/i, 'a refusal says why');
      return;
    }
    const after = resolved(result.text);
    assert.ok(after, `the result resolves every alias:\n${result.text}`);
    check(resolved(SHARED)!, after);
  }
  const without = (list: unknown[], index: number) => list.filter((_, i) => i !== index);
  const omit = (step: unknown, keys: string[]) => Object.fromEntries(Object.entries(step as object).filter(([k]) => !keys.includes(k)));

  it('deleting the step that defines `&base` never breaks the step that merges it', () => {
    for (let i = 0; i < 4; i++) holds(deleteStep(SHARED, i), (b, a) => assert.deepEqual(a, without(b, i)));
    assert.equal(deleteStep(SHARED, 0).ok, false);
    assert.equal(deleteStep(SHARED, 3).ok, true, 'a step nobody references can go');
  });

  it('moving an anchor below its alias is refused; other moves keep every value', () => {
    for (let from = 0; from < 4; from++) {
      for (let to = 0; to < 4; to++) {
        holds(moveStep(SHARED, from, to), (b, a) => {
          const order = b.map((_, i) => i);
          order.splice(from, 1);
          order.splice(to, 0, from);
          assert.deepEqual(a, order.map((i) => b[i]));
        });
      }
    }
    assert.equal(moveStep(SHARED, 0, 2).ok, false);
  });

  it('updating a value that carries `&t` (aliased by another step) never changes that other step', () => {
    for (let i = 0; i < 4; i++) {
      for (const key of ['title', 'lines', 'file', 'question'] as const) {
        holds(setStepKeys(SHARED, i, { [key]: key === 'lines' ? '7' : 'New' }), (b, a) => {
          assert.deepEqual(without(a, i), without(b, i));
          assert.deepEqual(omit(a[i], [key]), omit(b[i], [key]));
        });
      }
    }
    assert.equal(setStepKeys(SHARED, 0, { title: 'New' }).ok, false);
    const merged = setStepKeys(SHARED, 1, { lines: '7' });
    assert.ok(merged.ok, 'a key written in the merging step is its own');
    const own = setStepKeys(SHARED, 1, { file: 'y.go' });
    assert.ok(own.ok, 'a merged key is overridden in the merging step, not rewritten in the base');
    assert.equal((resolved(own.ok ? own.text : '')![0] as { file: string }).file, 'x.go');
  });

  it('a step carried to another walkthrough with an alias it cannot resolve there is refused', () => {
    const moved = extractStep(SHARED, 2);
    assert.ok(moved.ok);
    const other = 'title: o\nsteps:\n  - id: z\n    points: p\n';
    const result = insertStepLines(other, 1, moved);
    assert.equal(result.ok, false);
  });
});

function parseDocumentMerged(text: string): unknown[] | undefined {
  try {
    const value = parseDocument(text, { merge: true }).toJS() as { steps?: unknown[] };
    return value.steps;
  } catch {
    return undefined;
  }
}
