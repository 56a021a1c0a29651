/**
 * The engine under hostile input (issue 11): values shared through YAML aliases, huge or
 * odd files, caps that must be loud, bounded diagnostics.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { applyEdits, updateLinesEdit } from '../../server/src/core/format/stepEdits';
import { findSection, parseMemo } from '../../server/src/core/memo';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { decodeText } from '../../server/src/core/text';
import { applyToFolder } from '../../server/src/features/applyToFolder';
import { hover, MAX_ALSO_IN, MAX_HOVER_CHARS } from '../../server/src/features/hover';
import { pathToUri } from '../../server/src/runtime/uri';
import { Workspace } from '../../server/src/runtime/workspace';

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

describe('reliability: duplicate walkthrough ids (item 4)', () => {
  it('2,000 files sharing an id: each message names a few files and counts the rest', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`/ws/t${String(i).padStart(4, '0')}.walkthrough.yaml`] = 'id: same\ntitle: T\nsteps:\n  - points: p\n';
    const engine = new WalkthroughEngine({ fs: new MemoryFileSystem(files), folders: ['/ws'] });
    await engine.loadAll();
    let total = 0;
    for (const walkthrough of engine.list()) {
      const duplicate = engine.diagnostics(walkthrough.file).filter((d) => d.code === 'duplicate-walkthrough-id');
      assert.equal(duplicate.length, 1);
      assert.match(duplicate[0]!.message, /^1999 other walkthroughs have the id `same`: (t\d{4}\.walkthrough\.yaml, ){4}t\d{4}\.walkthrough\.yaml and 1994 more\. Set a distinct `id`\.$/);
      total += duplicate[0]!.message.length;
    }
    assert.ok(total < 2000 * 300, `${total} characters of messages`);
  });

  it('the cached cross-file diagnostics follow edits (a fixed id clears both files, a new clash appears)', async () => {
    const fs = new MemoryFileSystem({ '/ws/a.walkthrough.yaml': 'id: x\ntitle: A\nsteps:\n  - points: p\n', '/ws/b.walkthrough.yaml': 'id: x\ntitle: B\nsteps:\n  - points: p\n' });
    const engine = new WalkthroughEngine({ fs, folders: ['/ws'] });
    await engine.loadAll();
    const dup = (file: string) => engine.diagnostics(file).filter((d) => d.code === 'duplicate-walkthrough-id').map((d) => d.message);
    assert.deepEqual(dup('/ws/a.walkthrough.yaml'), ['Another walkthrough has the id `x`: b.walkthrough.yaml. Set a distinct `id`.']);
    await engine.setOverlay('/ws/b.walkthrough.yaml', 'id: y\ntitle: B\nsteps:\n  - points: p\n');
    assert.deepEqual(dup('/ws/a.walkthrough.yaml'), []);
    assert.deepEqual(dup('/ws/b.walkthrough.yaml'), []);
    await engine.setOverlay('/ws/a.walkthrough.yaml', 'id: y\ntitle: A\nsteps:\n  - points: p\n');
    assert.equal(dup('/ws/b.walkthrough.yaml').length, 1);
  });
});

describe('reliability: section lookups in huge memos (item 3)', () => {
  const memo = parseMemo('/ws/memo.md', Array.from({ length: 100_000 }, (_, i) => `## Topic ${i} about locks\n\nbody ${i}\n`).join('\n'));

  it('finds sections by heading, slug and loose text through the index', () => {
    assert.equal(memo.sections.length, 100_000);
    const found = findSection(memo, 'topic 99999   ABOUT locks');
    assert.equal(found.kind === 'found' ? found.section.line : -1, memo.sections[99_999]!.line);
    const bySlug = findSection(memo, '#topic-5-about-locks');
    assert.equal(bySlug.kind === 'found' ? bySlug.section.heading : '', 'Topic 5 about locks');
  });

  it('1,000 unknown sections still get suggestions (a heading the reference contains, or the longest shared prefix)', () => {
    for (let i = 0; i < 1000; i++) {
      const contains = findSection(memo, `Topic ${i} about locks, and more`);
      assert.equal(contains.kind === 'not-found' ? contains.suggestion?.heading : '', `Topic ${i} about locks`);
    }
    const prefix = findSection(memo, 'Topic 123 about lockz');
    assert.equal(prefix.kind === 'not-found' ? prefix.suggestion?.heading : '', 'Topic 123 about locks');
    assert.deepEqual(findSection(memo, 'zzz unrelated'), { kind: 'not-found' });
  });
});

describe('reliability: applyToFolder stays in the workspace (item 8)', () => {
  it('a target folder that is a symbolic link out of the workspace reads nothing outside it', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'walkthrough-apply-'));
    try {
      const ws = path.join(base, 'ws');
      const outside = path.join(base, 'outside');
      const bundled = path.join(base, 'bundled');
      for (const dir of [ws, outside, bundled]) mkdirSync(dir);
      writeFileSync(path.join(outside, 'secret.go'), 'package secret\n\nfunc Secret() {}\n');
      writeFileSync(path.join(bundled, 't.walkthrough.yaml'), 'title: T\nsteps:\n  - file: secret.go\n    anchor: func Secret() {}\n');
      symlinkSync(outside, path.join(ws, 'link'));
      const workspace = new Workspace((confineTo) => new NodeFileSystem({ confineTo }), [ws], { error: () => undefined });
      const inside = await applyToFolder(workspace, { sourceFolder: pathToUri(bundled), targetFolder: pathToUri(path.join(ws, 'link')) });
      const statuses = inside.walkthroughs.flatMap((w) => w.steps.map((s) => s.status));
      assert.ok(!statuses.includes('ok'), `a file outside the workspace was read: ${JSON.stringify(inside)}`);
      // The same folder opened directly (no link) is applied as before.
      mkdirSync(path.join(ws, 'real'));
      writeFileSync(path.join(ws, 'real', 'secret.go'), 'package secret\n\nfunc Secret() {}\n');
      const real = await applyToFolder(workspace, { sourceFolder: pathToUri(bundled), targetFolder: pathToUri(path.join(ws, 'real')) });
      assert.deepEqual(real.walkthroughs.flatMap((w) => w.steps.map((s) => s.status)), ['ok']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('reliability: hover size (item 10)', () => {
  it('5,000 steps on one line: a bounded hover with one card, a few links and a count of the rest', async () => {
    const steps = Array.from({ length: 5000 }, (_, i) => `  - id: s${i}\n    title: Step ${i}\n    file: a.go\n    lines: 3\n    points: ${'talking point '.repeat(20)}\n`).join('');
    const fs = new MemoryFileSystem({ '/ws/a.go': 'package a\n\nfunc A() {}\n', '/ws/t.walkthrough.yaml': `title: T\nsteps:\n${steps}` });
    const workspace = new Workspace(fs, ['/ws'], { error: () => undefined });
    await workspace.load();
    const result = await hover(workspace, '/ws/a.go', { line: 2, character: 1 });
    const value = (result?.contents as { value: string }).value;
    assert.ok(value.length <= MAX_HOVER_CHARS + 1000, `${value.length} characters`);
    assert.equal(value.split('\n\n---\n\n').length, 1);
    assert.equal((value.match(/\*\*Step \d+\*\*/g) ?? []).length, 1, 'one card');
    assert.equal((value.split('\n').at(-1)!.match(/\]\(command:/g) ?? []).length, MAX_ALSO_IN);
    assert.match(value, / · 4991 more steps$/);
  });
});
