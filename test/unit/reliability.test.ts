/**
 * The engine under hostile input (issue 11): values shared through YAML aliases, huge or
 * odd files, caps that must be loud, bounded diagnostics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { applyEdits, updateLinesEdit } from '../../server/src/core/format/stepEdits';

describe('reliability: edits never go through shared YAML values (item 5)', () => {
  const yaml = 'title: T\nsteps:\n  - id: a\n    file: a.go\n    lines: &L 3\n  - id: b\n    file: a.go\n    lines: *L\n  - id: c\n    file: a.go\n    lines: |\n      4\n  - id: d\n    file: a.go\n    lines: "5"\n';
  const steps = parseWalkthrough('/ws/t.walkthrough.yaml', yaml).steps;

  it('an alias, an anchored value and a block scalar get no `lines` edit (a quick fix or --fix would move another step)', () => {
    for (const step of steps.slice(0, 3)) {
      assert.ok(step.lines, `step ${step.id} has a valid hint`);
      assert.equal(updateLinesEdit(step, { start: 9, end: 9 }), undefined, `step ${step.id}`);
      assert.ok(step.linesNotEditable);
    }
    assert.match(steps[1]!.linesNotEditable!, /alias \(`\*L`\)/);
    assert.match(steps[0]!.linesNotEditable!, /anchor \(`&L`\)/);
    assert.match(steps[2]!.linesNotEditable!, /block scalar/);
  });

  it('a plain or quoted value is still edited', () => {
    const edit = updateLinesEdit(steps[3]!, { start: 9, end: 10 });
    assert.ok(edit);
    assert.match(applyEdits(yaml, [edit]), /lines: 10-11\n$/);
  });
});
