/**
 * The engine under hostile input (issue 11): values shared through YAML aliases, huge or
 * odd files, caps that must be loud, bounded diagnostics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { applyEdits, updateLinesEdit } from '../../server/src/core/format/stepEdits';
import { decodeText } from '../../server/src/core/text';

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

describe('reliability: odd encodings and line endings (item 10)', () => {
  it('YAML with lone-CR line endings parses, with ranges on the right lines, and edits land there', () => {
    const yaml = 'title: T\rsteps:\r  - id: a\r    file: a.go\r    lines: 2\r';
    const spec = parseWalkthrough('/ws/t.walkthrough.yaml', yaml);
    assert.deepEqual(spec.diagnostics.map((d) => d.code), []);
    assert.equal(spec.steps.length, 1);
    assert.deepEqual(spec.steps[0]!.lines, { start: 1, end: 1 });
    assert.equal(spec.steps[0]!.spans.lines!.value.start.line, 4);
    assert.equal(applyEdits(yaml, [updateLinesEdit(spec.steps[0]!, { start: 6, end: 7 })!]), yaml.replace('lines: 2', 'lines: 7-8'));
  });

  it('UTF-16 files with a byte order mark are text, not "binary"', () => {
    const text = 'package a\n\nfunc 你好() {}\n';
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const be = new Uint8Array(le.length);
    be[0] = 0xfe;
    be[1] = 0xff;
    for (let i = 2; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    assert.deepEqual(decodeText(le), { kind: 'text', text });
    assert.deepEqual(decodeText(be), { kind: 'text', text });
    // Without a byte order mark, NUL bytes still mean binary.
    assert.equal(decodeText(new Uint8Array([0x61, 0, 0x62])).kind, 'binary');
  });
});

describe('reliability: scan caps are visible (item 9)', () => {
  it('the engine says which folder a scan cap cut short, and only then', async () => {
    const files: Record<string, string> = { '/ws/z/t.walkthrough.yaml': 'title: T\nsteps:\n  - points: p\n' };
    for (let i = 0; i < 20; i++) files[`/ws/a/${i}.txt`] = 'x';
    const cut = new WalkthroughEngine({ fs: new MemoryFileSystem(files), folders: ['/ws'], maxScannedFiles: 20 });
    await cut.loadAll();
    assert.deepEqual(cut.truncatedScans, ['/ws']);
    assert.equal(cut.list().length, 0);
    const whole = new WalkthroughEngine({ fs: new MemoryFileSystem(files), folders: ['/ws'], maxScannedFiles: 21 });
    await whole.loadAll();
    assert.deepEqual(whole.truncatedScans, []);
    assert.equal(whole.list().length, 1);
  });
});
