/**
 * Edits to walkthrough YAML: only the edited value changes, byte for byte; everything else —
 * comments, blank lines, quoting elsewhere, line endings — stays as the user wrote it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWalkthrough, type StepSpec } from '../../server/src/core/format/parseWalkthrough';
import { applyEdits, setAnchorEdit, stillParses, updateLinesEdit } from '../../server/src/core/format/stepEdits';

const FILE = '/ws/t.walkthrough.yaml';

const YAML = `# Order flow — comments must survive
title: 下单链路   # trailing comment
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
    file: handler/inventory.go
    lines: "90"
    points: >
      folded
      text
  - {id: flow, file: a.go, lines: 3}
`;

function stepsOf(text: string): StepSpec[] {
  const spec = parseWalkthrough(FILE, text);
  return spec.steps;
}

function step(text: string, id: string): StepSpec {
  const found = stepsOf(text).find((s) => s.id === id);
  assert.ok(found, id);
  return found;
}

/** Asserts that `after` equals `before` with exactly one substring replaced. */
function assertOnlyChanged(before: string, after: string, oldPart: string, newPart: string): void {
  const at = before.indexOf(oldPart);
  assert.ok(at >= 0, `"${oldPart}" not in the original`);
  assert.equal(after, before.slice(0, at) + newPart + before.slice(at + oldPart.length));
}

describe('stepEdits: updateLinesEdit', () => {
  it('replaces only the value: the comment after it and every other byte stay', () => {
    const edit = updateLinesEdit(step(YAML, 'lock'), { start: 79, end: 83 });
    assert.ok(edit);
    assert.equal(edit.newText, '80-84');
    const after = applyEdits(YAML, [edit]);
    assertOnlyChanged(YAML, after, 'lines: 74-78   # hint', 'lines: 80-84   # hint');
    assert.deepEqual(step(after, 'lock').lines, { start: 79, end: 83 });
    assert.ok(stillParses(FILE, after));
  });

  it('a quoted value is replaced with its quotes; one line is written as one number', () => {
    const after = applyEdits(YAML, [updateLinesEdit(step(YAML, 'commit'), { start: 99, end: 99 })!]);
    assertOnlyChanged(YAML, after, 'lines: "90"', 'lines: 100');
    assert.deepEqual(step(after, 'commit').lines, { start: 99, end: 99 });
  });

  it('inside a flow mapping', () => {
    const after = applyEdits(YAML, [updateLinesEdit(step(YAML, 'flow'), { start: 6, end: 8 })!]);
    assertOnlyChanged(YAML, after, '{id: flow, file: a.go, lines: 3}', '{id: flow, file: a.go, lines: 7-9}');
  });

  it('several edits at once, applied last-first so the ranges stay valid', () => {
    const edits = [updateLinesEdit(step(YAML, 'lock'), { start: 0, end: 1 })!, updateLinesEdit(step(YAML, 'commit'), { start: 1233, end: 1240 })!, updateLinesEdit(step(YAML, 'flow'), { start: 4, end: 4 })!];
    const after = applyEdits(YAML, edits);
    const expected = YAML.replace('lines: 74-78', 'lines: 1-2').replace('lines: "90"', 'lines: 1234-1241').replace('lines: 3}', 'lines: 5}');
    assert.equal(after, expected);
    // Order of the edit list does not matter.
    assert.equal(applyEdits(YAML, [...edits].reverse()), expected);
  });

  it('a step without `lines` gets no edit', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    symbol: X\n';
    assert.equal(updateLinesEdit(stepsOf(text)[0]!, { start: 1, end: 2 }), undefined);
  });

  it('CRLF files keep their line endings', () => {
    const crlf = YAML.replace(/\n/g, '\r\n');
    const after = applyEdits(crlf, [updateLinesEdit(step(crlf, 'commit'), { start: 9, end: 9 })!]);
    assertOnlyChanged(crlf, after, 'lines: "90"', 'lines: 10');
  });
});

describe('stepEdits: setAnchorEdit', () => {
  it('replaces a one-line anchor with a one-line value', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    anchor: old()   # was\n    lines: 3\n';
    const after = applyEdits(text, [setAnchorEdit(text, stepsOf(text)[0]!, 'return nil')!]);
    assertOnlyChanged(text, after, 'anchor: old()', 'anchor: return nil');
  });

  it('a value that needs quotes is quoted, and reads back as the same string', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    anchor: old\n    lines: 3\n';
    for (const value of ['a: b # c', '- item', '#define X', '*ptr = 1', '&x', '{ }', '[1]', "it's", '"q"', '123', 'true', 'null', '~', '@x', '%d', '`x`', '| p', '> p', '? q', 'x:', 'a #b', '0x1F']) {
      const after = applyEdits(text, [setAnchorEdit(text, stepsOf(text)[0]!, value)!]);
      const spec = parseWalkthrough(FILE, after);
      assert.deepEqual(spec.diagnostics, [], `${value}: ${after}`);
      assert.equal(spec.steps[0]!.anchor, value, value);
      // The rest of the file is untouched.
      assert.ok(after.startsWith('title: t\nsteps:\n  - file: a.go\n    anchor: '));
      assert.ok(after.endsWith('\n    lines: 3\n'));
    }
  });

  it('a multi-line anchor becomes a block scalar under the key, trimmed lines, blank lines kept', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    anchor: old\n    lines: 3\n';
    const code = '\t\tmutex := global.Rs.NewMutex(x)\n\n\t\tif err := mutex.Lock(); err != nil {';
    const edit = setAnchorEdit(text, stepsOf(text)[0]!, code)!;
    const after = applyEdits(text, [edit]);
    assert.equal(after, 'title: t\nsteps:\n  - file: a.go\n    anchor: |-\n      mutex := global.Rs.NewMutex(x)\n\n      if err := mutex.Lock(); err != nil {\n    lines: 3\n');
    assert.equal(stepsOf(after)[0]!.anchor, 'mutex := global.Rs.NewMutex(x)\n\nif err := mutex.Lock(); err != nil {');
    assert.ok(stillParses(FILE, after));
  });

  it('replacing a block-scalar anchor keeps the keys, blank lines and comments after it', () => {
    const after = applyEdits(YAML, [setAnchorEdit(YAML, step(YAML, 'lock'), 'mutex.Lock()')!]);
    const oldBlock = 'anchor: |\n      mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))\n\n      if err := mutex.Lock(); err != nil {';
    assertOnlyChanged(YAML, after, oldBlock, 'anchor: mutex.Lock()');
    const lock = step(after, 'lock');
    assert.equal(lock.anchor, 'mutex.Lock()');
    assert.equal(lock.spans.question !== undefined, true);
    assert.equal(step(after, 'commit').file, 'handler/inventory.go');
  });

  it('replacing a block scalar followed by a blank line keeps the blank line', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    anchor: >\n      folded\n\n  - file: b.go\n';
    const after = applyEdits(text, [setAnchorEdit(text, stepsOf(text)[0]!, 'a\n  b')!]);
    assert.equal(after, 'title: t\nsteps:\n  - file: a.go\n    anchor: |-\n      a\n      b\n\n  - file: b.go\n');
    assert.equal(stepsOf(after)[1]!.file, 'b.go');
  });

  it('inserts `anchor:` after `lines` (or `file`) when there is none, at the step indentation', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    lines: 3 # hint\n    points: p\n  - id: x\n    file: b.go\n    points: q\n';
    const [first, second] = stepsOf(text);
    const after = applyEdits(text, [setAnchorEdit(text, first!, 'foo()')!, setAnchorEdit(text, second!, 'x: y')!]);
    assert.equal(after, 'title: t\nsteps:\n  - file: a.go\n    lines: 3 # hint\n    anchor: foo()\n    points: p\n  - id: x\n    file: b.go\n    anchor: "x: y"\n    points: q\n');
    assert.deepEqual(
      stepsOf(after).map((s) => s.anchor),
      ['foo()', 'x: y'],
    );
  });

  it('inserts on the dash line indentation when `file` is the step’s first key', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n';
    const after = applyEdits(text, [setAnchorEdit(text, stepsOf(text)[0]!, 'a\nb')!]);
    assert.equal(after, 'title: t\nsteps:\n  - file: a.go\n    anchor: |-\n      a\n      b\n');
  });

  it('inserts correctly when the file has no final line break', () => {
    const text = 'title: t\nsteps:\n  - file: a.go\n    lines: 3';
    const after = applyEdits(text, [setAnchorEdit(text, stepsOf(text)[0]!, 'foo()')!]);
    assert.equal(after, 'title: t\nsteps:\n  - file: a.go\n    lines: 3\n    anchor: foo()');
    assert.equal(stepsOf(after)[0]!.anchor, 'foo()');
  });

  it('in a CRLF file, new lines are CRLF too', () => {
    const text = 'title: t\r\nsteps:\r\n  - file: a.go\r\n    lines: 3\r\n';
    const after = applyEdits(text, [setAnchorEdit(text, stepsOf(text)[0]!, 'a\nb')!]);
    assert.equal(after, 'title: t\r\nsteps:\r\n  - file: a.go\r\n    lines: 3\r\n    anchor: |-\r\n      a\r\n      b\r\n');
  });

  it('a step with neither `file` nor `lines` nor `anchor` gets no edit', () => {
    const text = 'title: t\nsteps:\n  - points: p\n';
    assert.equal(setAnchorEdit(text, stepsOf(text)[0]!, 'x'), undefined);
  });
});

describe('stepEdits: stillParses', () => {
  it('true for valid YAML (even with format problems), false for a syntax error', () => {
    assert.equal(stillParses(FILE, YAML), true);
    assert.equal(stillParses(FILE, 'title: t\nunknown: 1\nsteps: []\n'), true);
    assert.equal(stillParses(FILE, 'title: t\nsteps:\n  - file: a.go\n    lines: [3\n'), false);
    assert.equal(stillParses(FILE, 'title: t\ntitle: u\n'), false);
  });

  it('catches an edit that would break a flow mapping (callers then drop the edit)', () => {
    const flow = step(YAML, 'flow');
    const edit = setAnchorEdit(YAML, flow, 'a\nb');
    if (edit) {
      const after = applyEdits(YAML, [edit]);
      const parsed = parseWalkthrough(FILE, after);
      // Either the edit is valid and sets the anchor, or stillParses says no.
      if (stillParses(FILE, after)) assert.equal(parsed.steps.find((s) => s.id === 'flow')?.anchor, 'a\nb');
      else assert.ok(parsed.diagnostics.some((d) => d.code === 'yaml-syntax'));
    }
  });
});
