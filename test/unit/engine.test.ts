/**
 * The engine on in-memory workspaces: bad input of every kind gets a diagnostic at the right key
 * and the rest still loads; nothing outside the workspace is ever read; overlays and file changes
 * re-resolve only what depends on them; multi-root and bring-your-own-repo setups.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { isInside } from '../../common/src/paths';
import { MAX_FILE_BYTES } from '../../server/src/core/text';
import type { Diagnostic, Range } from '../../server/src/core/types';
import { codes, diagnosticsWith, lineOf, lines, loadRecorded, loadWorkspace, RecordingFileSystem, stepsOf, WS } from './helpers';

const T = `${WS}/t.walkthrough.yaml`;

const GO = `package handler

import "fmt"

type Server struct{}

func (s *Server) Sell(n int) error {
\tlock := acquire(fmt.Sprintf("goods_%d", n))
\tdefer lock.Release()
\treturn nil
}

func helper() {}
`;
const SELL_LINE = lineOf(GO, 'lock := acquire');

const MEMO = `# Memo

## Locks

Talk about locks.

## Locks

Second time.

## Idempotency

Tokens.
`;

/** The 0-based range of `needle` (first occurrence after `after`) in `text`. */
function rangeOf(text: string, needle: string, after = ''): Range {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(offset >= 0, `"${needle}" not in text`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  return { start: { line, character: before[line]!.length }, end: { line, character: before[line]!.length + needle.length } };
}

function one(engine: WalkthroughEngine, code: string, file = T): Diagnostic {
  const found = diagnosticsWith(engine, code, file);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(engine.diagnostics(file).map((d) => [d.code, d.message]))}`);
  return found[0]!;
}

/** No path outside `allowed` folders was read (file or directory). */
function assertReadsInside(fs: RecordingFileSystem, allowed: string[]): void {
  const outside = fs.reads.filter((path) => !allowed.some((folder) => path === folder || path.startsWith(`${folder}/`)));
  assert.deepEqual(outside, [], 'read outside the workspace');
}

describe('engine: paths that leave the workspace are never read', () => {
  const SECRETS = { '/etc/passwd': 'root:x:0:0\n', '/secret/notes.md': '# Locks\n\nsecret\n', '/secret/code.go': GO };

  it('`root` outside the workspace: error at the value, steps resolve against the workspace folder', async () => {
    const yaml = `title: t\nroot: ../secret\nsteps:\n  - file: code.go\n    lines: 8\n    anchor: lock := acquire(fmt.Sprintf("goods_%d", n))\n`;
    const { fs, engine } = await loadRecorded({ ...SECRETS, 't.walkthrough.yaml': yaml });
    const d = one(engine, 'outside-workspace');
    assert.deepEqual(d.range, rangeOf(yaml, '../secret'));
    assert.equal(d.severity, 'error');
    assert.equal(engine.get(T)!.root, WS);
    const [step] = stepsOf(engine);
    assert.equal(step!.status, 'missing', 'code.go is looked up in the workspace, where it is not');
    assertReadsInside(fs, [WS]);
  });

  it('`file` outside (relative or absolute): invalid, error at the value, not read', async () => {
    const yaml = `title: t\nsteps:\n  - file: ../etc/passwd\n    lines: 1\n  - file: /secret/code.go\n    symbol: Server.Sell\n  - file: sub/../../secret/code.go\n    lines: 1\n  - file: code.go\n    lines: 1\n`;
    const { fs, engine } = await loadRecorded({ ...SECRETS, 't.walkthrough.yaml': yaml, 'code.go': GO });
    const steps = stepsOf(engine);
    assert.deepEqual(
      steps.map((s) => s.status),
      ['invalid', 'invalid', 'invalid', 'ok'],
    );
    const outside = diagnosticsWith(engine, 'outside-workspace');
    assert.deepEqual(
      outside.map((d) => d.range),
      [rangeOf(yaml, '../etc/passwd'), rangeOf(yaml, '/secret/code.go'), rangeOf(yaml, 'sub/../../secret/code.go')],
    );
    assert.deepEqual(
      outside.map((d) => d.stepIndex),
      [0, 1, 2],
    );
    assertReadsInside(fs, [WS]);
  });

  it('`memo` outside, on the walkthrough or on a step: error at the value, not read', async () => {
    const yaml = `title: t\nmemo: ../secret/notes.md\nsteps:\n  - section: Locks\n  - memo: /secret/notes.md\n    section: Locks\n`;
    const { fs, engine } = await loadRecorded({ ...SECRETS, 't.walkthrough.yaml': yaml });
    const outside = diagnosticsWith(engine, 'outside-workspace');
    assert.deepEqual(
      outside.map((d) => d.range),
      [rangeOf(yaml, '../secret/notes.md'), rangeOf(yaml, '/secret/notes.md', '- memo')],
    );
    assert.ok(stepsOf(engine).every((s) => s.section === undefined));
    assertReadsInside(fs, [WS]);
  });

  it('a moved-file search for a symbol stays inside the workspace', async () => {
    const yaml = `title: t\nsteps:\n  - file: gone.go\n    symbol: Server.Sell\n`;
    const { fs, engine } = await loadRecorded({ ...SECRETS, 't.walkthrough.yaml': yaml });
    assert.equal(stepsOf(engine)[0]!.status, 'missing', 'the only declaration is outside the workspace');
    assertReadsInside(fs, [WS]);
  });
});

describe('engine: files that cannot be used', () => {
  it('a missing file → missing, file-not-found at the `file` value', async () => {
    const yaml = `title: t\nsteps:\n  - file: nope/gone.go\n    lines: 3\n    anchor: x\n  - points: still here\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml });
    const [missing, content] = stepsOf(engine);
    assert.equal(missing!.status, 'missing');
    assert.equal(missing!.span, undefined);
    const d = one(engine, 'file-not-found');
    assert.deepEqual(d.range, rangeOf(yaml, 'nope/gone.go'));
    assert.equal(d.severity, 'error');
    assert.equal(d.stepIndex, 0);
    assert.equal(content!.status, 'ok');
    assert.equal(content!.contentOnly, true);
  });

  it('binary (NUL bytes) and invalid UTF-8 → invalid, unreadable-file at the `file` value', async () => {
    const yaml = `title: t\nsteps:\n  - file: logo.png\n    lines: 1\n  - file: latin1.go\n    lines: 1\n  - file: ok.go\n    lines: 1\n`;
    const { engine } = await loadWorkspace({
      't.walkthrough.yaml': yaml,
      'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]),
      'latin1.go': new Uint8Array([0x70, 0x61, 0x63, 0x6b, 0x20, 0xe9, 0xe8, 0x0a]),
      'ok.go': GO,
    });
    assert.deepEqual(
      stepsOf(engine).map((s) => s.status),
      ['invalid', 'invalid', 'ok'],
    );
    const unreadable = diagnosticsWith(engine, 'unreadable-file');
    assert.deepEqual(
      unreadable.map((d) => d.range),
      [rangeOf(yaml, 'logo.png'), rangeOf(yaml, 'latin1.go')],
    );
    assert.match(unreadable[0]!.message, /binary/);
    assert.match(unreadable[1]!.message, /UTF-8/);
  });

  it('a file over 5 MiB → invalid, unreadable-file "too large", not a crash', async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61);
    const yaml = `title: t\nsteps:\n  - file: big.go\n    lines: 1\n    anchor: aaa\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'big.go': big });
    assert.equal(stepsOf(engine)[0]!.status, 'invalid');
    const d = one(engine, 'unreadable-file');
    assert.match(d.message, /too large/);
    assert.deepEqual(d.range, rangeOf(yaml, 'big.go'));
  });

  it('a walkthrough file that is binary or too large is listed with one error, no steps', async () => {
    const { engine } = await loadWorkspace({
      'bin.walkthrough.yaml': new Uint8Array([0x74, 0x00, 0x01]),
      'huge.walkthrough.yaml': new Uint8Array(MAX_FILE_BYTES + 10).fill(0x20),
    });
    for (const file of [`${WS}/bin.walkthrough.yaml`, `${WS}/huge.walkthrough.yaml`]) {
      assert.deepEqual(engine.get(file)!.steps, []);
      assert.equal(one(engine, 'unreadable-file', file).severity, 'error');
    }
  });

  it('the BOM of a UTF-8 file is not part of its first line', async () => {
    const yaml = `title: t\nsteps:\n  - file: bom.go\n    lines: 1\n    anchor: package handler\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': `\ufeff${yaml}`, 'bom.go': `\ufeff${GO}` });
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
  });
});

describe('engine: steps that do not resolve', () => {
  it('`lines` past the end of the file → stale, lines-out-of-range at the value', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 90-95\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
    assert.equal(stepsOf(engine)[0]!.status, 'stale');
    const d = one(engine, 'lines-out-of-range');
    assert.deepEqual(d.range, rangeOf(yaml, '90-95'));
    assert.match(d.message, new RegExp(`\\(${GO.split('\n').length} lines\\)`));
  });

  it('a lines-only step → ok, with an info lines-only at the value', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 7-10\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
    assert.deepEqual(lines(stepsOf(engine)[0]), [7, 10]);
    const d = one(engine, 'lines-only');
    assert.equal(d.severity, 'info');
    assert.deepEqual(d.range, rangeOf(yaml, '7-10'));
    assert.deepEqual(codes(engine), ['lines-only']);
  });

  it('symbol not found: a warning when the anchor still finds the code', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: ${SELL_LINE}\n    anchor: lock := acquire(fmt.Sprintf("goods_%d", n))\n    symbol: Server.Buy\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
    const [step] = stepsOf(engine);
    assert.equal(step!.status, 'ok');
    assert.deepEqual(lines(step), [SELL_LINE, SELL_LINE]);
    const d = one(engine, 'symbol-not-found');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(yaml, 'Server.Buy'));
    assert.deepEqual(codes(engine), ['symbol-not-found']);
  });

  it('symbol not found: an error when it is the only locator, and the step is stale', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    symbol: Sell\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
    const [step] = stepsOf(engine);
    assert.equal(step!.status, 'stale');
    const d = one(engine, 'symbol-not-found');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(yaml, 'Sell'));
    assert.match(d.message, /Did you mean `Server\.Sell`\?/);
    // One error for one problem: the step's status message says why, without blaming a missing key.
    assert.ok(!engine.diagnostics(T).some((x) => x.code === 'anchor-stale' && /neither/.test(x.message)), JSON.stringify(engine.diagnostics(T)));
    assert.doesNotMatch(step!.statusMessage ?? '', /neither/);
  });

  it('a symbol in a language without a grammar, as the only locator → an error naming the extension', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.kt\n    symbol: main\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.kt': 'fun main() {\n}\n' });
    const d = one(engine, 'symbol-unsupported');
    assert.match(d.message, /\.kt/);
    assert.equal(d.severity, 'error');
  });

  it('a symbol-only step lands on the declaration', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    symbol: Server.Sell\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
    const start = lineOf(GO, 'func (s *Server) Sell');
    assert.deepEqual(lines(stepsOf(engine)[0]), [start, start + 4]);
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
    assert.deepEqual(codes(engine), []);
  });
});

describe('engine: memo sections', () => {
  const files = (yaml: string) => ({ 't.walkthrough.yaml': yaml, 'memo.md': MEMO, 'a.go': GO });

  it('an unknown section → error at the value, with a suggestion', async () => {
    const yaml = `title: t\nmemo: memo.md\nsteps:\n  - section: Idempotence\n`;
    const { engine } = await loadWorkspace(files(yaml));
    const d = one(engine, 'section-not-found');
    assert.deepEqual(d.range, rangeOf(yaml, 'Idempotence'));
    assert.match(d.message, /Did you mean "Idempotency"\?/);
    assert.equal(stepsOf(engine)[0]!.section, undefined);
  });

  it('an ambiguous heading → error listing both slugs; the slug picks one', async () => {
    const yaml = `title: t\nmemo: memo.md\nsteps:\n  - section: Locks\n  - section: "#locks-1"\n`;
    const { engine } = await loadWorkspace(files(yaml));
    const d = one(engine, 'section-ambiguous');
    assert.deepEqual(d.range, rangeOf(yaml, 'Locks'));
    assert.match(d.message, /#locks, #locks-1/);
    assert.equal(d.stepIndex, 0);
    const second = stepsOf(engine)[1]!;
    assert.equal(second.section?.body, 'Second time.');
    assert.equal(second.title, 'Locks', 'a step without a title takes the heading');
    assert.equal(second.memoFile, `${WS}/memo.md`);
  });

  it('a section without any memo, and a memo that does not exist', async () => {
    const yaml = `title: t\nsteps:\n  - section: Locks\n  - memo: nope.md\n    section: Locks\n`;
    const { engine } = await loadWorkspace(files(yaml));
    const notFound = diagnosticsWith(engine, 'memo-not-found');
    assert.deepEqual(
      notFound.map((d) => d.range),
      [rangeOf(yaml, 'section'), rangeOf(yaml, 'nope.md')],
    );
  });

  it('a step memo overrides the walkthrough memo, relative to the YAML file', async () => {
    const yaml = `title: t\nmemo: memo.md\nsteps:\n  - memo: notes/other.md\n    section: Only Here\n`;
    const { engine } = await loadWorkspace({ 'sub/t.walkthrough.yaml': yaml, 'sub/memo.md': MEMO, 'sub/notes/other.md': '# Only Here\n\nyes\n' });
    const [step] = stepsOf(engine, `${WS}/sub/t.walkthrough.yaml`);
    assert.equal(step!.section?.body, 'yes');
    assert.equal(step!.memoFile, `${WS}/sub/notes/other.md`);
  });
});

describe('engine: across walkthrough files', () => {
  it('duplicate walkthrough ids: an error in each file', async () => {
    const a = `title: A\nid: tour\nsteps:\n  - points: a\n`;
    const { engine } = await loadWorkspace({ 'a.walkthrough.yaml': a, 'b/tour.walkthrough.yaml': `title: B\nsteps:\n  - points: b\n`, 'c.walkthrough.yaml': `title: C\nsteps:\n  - points: c\n` });
    const da = one(engine, 'duplicate-walkthrough-id', `${WS}/a.walkthrough.yaml`);
    assert.deepEqual(da.range, rangeOf(a, 'tour'));
    assert.match(da.message, /: b\/tour\.walkthrough\.yaml\./, 'the other file, relative to the workspace folder');
    assert.doesNotMatch(da.message, /\/ws\//);
    const db = one(engine, 'duplicate-walkthrough-id', `${WS}/b/tour.walkthrough.yaml`);
    assert.equal(db.range.start.line, 0, 'no id key: the title key is marked');
    assert.deepEqual(codes(engine, `${WS}/c.walkthrough.yaml`), []);
  });

  it('`next` naming no walkthrough → warning at the value; naming one → nothing', async () => {
    const a = `title: A\nnext: nowhere\nsteps:\n  - points: a\n`;
    const b = `title: B\nnext: a\nsteps:\n  - points: b\n`;
    const { engine } = await loadWorkspace({ 'a.walkthrough.yaml': a, 'b.walkthrough.yaml': b });
    const d = one(engine, 'next-not-found', `${WS}/a.walkthrough.yaml`);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(a, 'nowhere'));
    assert.deepEqual(codes(engine, `${WS}/b.walkthrough.yaml`), []);
  });

  it('several primary walkthroughs in one folder → a warning on each; list() puts primaries first', async () => {
    const p = (t: string) => `title: ${t}\nprimary: true\nsteps:\n  - points: x\n`;
    const { engine } = await loadWorkspace({ 'a.walkthrough.yaml': `title: plain\nsteps:\n  - points: x\n`, 'b.walkthrough.yaml': p('B'), 'c.walkthrough.yaml': p('C') });
    for (const name of ['b', 'c']) {
      const d = one(engine, 'multiple-primary', `${WS}/${name}.walkthrough.yaml`);
      assert.deepEqual(d.range, rangeOf(p('B'), 'true'));
    }
    assert.deepEqual(
      engine.list().map((w) => w.spec.id),
      ['b', 'c', 'a'],
    );
  });

  it('primary walkthroughs in different workspace folders do not collide', async () => {
    const p = `title: P\nprimary: true\nsteps:\n  - points: x\n`;
    const { engine } = await loadWorkspace({ '/one/a.walkthrough.yaml': p, '/two/b.walkthrough.yaml': p }, ['/one', '/two']);
    assert.deepEqual(codes(engine, '/one/a.walkthrough.yaml'), []);
    assert.deepEqual(codes(engine, '/two/b.walkthrough.yaml'), []);
  });
});

describe('engine: changes', () => {
  const codeYaml = `title: code\nsteps:\n  - file: a.go\n    lines: ${SELL_LINE}\n    anchor: lock := acquire(fmt.Sprintf("goods_%d", n))\n`;
  const memoYaml = `title: memo\nmemo: memo.md\nsteps:\n  - section: "#idempotency"\n`;
  const otherYaml = `title: other\nsteps:\n  - file: b.go\n    lines: 1\n`;
  const setup = () =>
    loadWorkspace({ 'code.walkthrough.yaml': codeYaml, 'memo.walkthrough.yaml': memoYaml, 'other.walkthrough.yaml': otherYaml, 'a.go': GO, 'b.go': GO, 'memo.md': MEMO });

  it('an overlay re-resolves only the walkthroughs that depend on the file, and returns them', async () => {
    const { engine } = await setup();
    const before = engine.get(`${WS}/other.walkthrough.yaml`);
    const affected = await engine.setOverlay(`${WS}/a.go`, `// new first line\n${GO}`);
    assert.deepEqual(affected, [`${WS}/code.walkthrough.yaml`]);
    const [step] = stepsOf(engine, `${WS}/code.walkthrough.yaml`);
    assert.equal(step!.status, 'moved');
    assert.deepEqual(lines(step), [SELL_LINE + 1, SELL_LINE + 1]);
    assert.equal(engine.get(`${WS}/other.walkthrough.yaml`), before, 'an unrelated walkthrough is not reloaded');
    // Closing the overlay brings back the disk text.
    assert.deepEqual(await engine.closeOverlay(`${WS}/a.go`), [`${WS}/code.walkthrough.yaml`]);
    assert.equal(stepsOf(engine, `${WS}/code.walkthrough.yaml`)[0]!.status, 'ok');
  });

  it('an overlay on an unrelated file affects nothing', async () => {
    const { engine } = await setup();
    assert.deepEqual(await engine.setOverlay(`${WS}/unrelated.go`, 'package x\n'), []);
  });

  it('an overlay on a walkthrough file re-parses it', async () => {
    const { engine } = await setup();
    const affected = await engine.setOverlay(`${WS}/other.walkthrough.yaml`, otherYaml.replace('title: other', 'title: renamed'));
    assert.deepEqual(affected, [`${WS}/other.walkthrough.yaml`]);
    assert.equal(engine.get(`${WS}/other.walkthrough.yaml`)!.spec.title, 'renamed');
  });

  it('a memo change updates the section title and body of the steps that cite it', async () => {
    const { engine, fs } = await setup();
    assert.equal(stepsOf(engine, `${WS}/memo.walkthrough.yaml`)[0]!.title, 'Idempotency');
    fs.write(`${WS}/memo.md`, MEMO.replace('## Idempotency\n\nTokens.', '## Idempotency!\n\nTokens and keys.'));
    const affected = await engine.fileChanged(`${WS}/memo.md`);
    assert.deepEqual(affected, [`${WS}/memo.walkthrough.yaml`]);
    const [step] = stepsOf(engine, `${WS}/memo.walkthrough.yaml`);
    assert.equal(step!.title, 'Idempotency!');
    assert.equal(step!.section?.body, 'Tokens and keys.');
  });

  it('a code file created later turns a missing step ok', async () => {
    const yaml = `title: t\nsteps:\n  - file: later.go\n    lines: 1\n    anchor: package handler\n`;
    const { engine, fs } = await loadWorkspace({ 't.walkthrough.yaml': yaml });
    assert.equal(stepsOf(engine)[0]!.status, 'missing');
    fs.write(`${WS}/later.go`, GO);
    assert.deepEqual(await engine.fileChanged(`${WS}/later.go`), [T]);
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
    assert.deepEqual(codes(engine), []);
  });

  it('deleting a walkthrough removes it and reports it as affected', async () => {
    const { engine, fs } = await setup();
    fs.delete(`${WS}/other.walkthrough.yaml`);
    assert.deepEqual(await engine.fileChanged(`${WS}/other.walkthrough.yaml`), [`${WS}/other.walkthrough.yaml`]);
    assert.equal(engine.get(`${WS}/other.walkthrough.yaml`), undefined);
    assert.deepEqual(engine.diagnostics(`${WS}/other.walkthrough.yaml`), []);
    assert.deepEqual(
      engine.list().map((w) => w.spec.id),
      ['code', 'memo'],
    );
    assert.deepEqual(engine.stepsInFile(`${WS}/b.go`), [], 'its steps leave the per-file index');
  });

  it('a new walkthrough file is loaded; removing a duplicate id clears the other file’s error', async () => {
    const { engine, fs } = await setup();
    fs.write(`${WS}/dup.walkthrough.yaml`, `title: dup\nid: code\nsteps:\n  - points: x\n`);
    // The other file's diagnostics change too (it now shares its id): fileChanged returns it as well.
    assert.deepEqual(await engine.fileChanged(`${WS}/dup.walkthrough.yaml`), [`${WS}/dup.walkthrough.yaml`, `${WS}/code.walkthrough.yaml`]);
    assert.equal(diagnosticsWith(engine, 'duplicate-walkthrough-id', `${WS}/code.walkthrough.yaml`).length, 1);
    fs.delete(`${WS}/dup.walkthrough.yaml`);
    assert.deepEqual(await engine.fileChanged(`${WS}/dup.walkthrough.yaml`), [`${WS}/dup.walkthrough.yaml`, `${WS}/code.walkthrough.yaml`]);
    assert.deepEqual(diagnosticsWith(engine, 'duplicate-walkthrough-id', `${WS}/code.walkthrough.yaml`), []);
  });
});

describe('engine: per-file index', () => {
  it('stepsInFile lists the steps of every walkthrough in a file, sorted by line', async () => {
    const helperLine = lineOf(GO, 'func helper()');
    const typeLine = lineOf(GO, 'type Server');
    const a = `title: a\nsteps:\n  - id: late\n    file: a.go\n    lines: ${helperLine}\n    anchor: func helper() {}\n  - id: early\n    file: a.go\n    lines: 1\n    anchor: package handler\n`;
    const b = `title: b\nsteps:\n  - id: middle\n    file: a.go\n    symbol: Server\n  - id: elsewhere\n    file: b.go\n    lines: 1\n`;
    const { engine } = await loadWorkspace({ 'a.walkthrough.yaml': a, 'b.walkthrough.yaml': b, 'a.go': GO, 'b.go': GO });
    const steps = engine.stepsInFile(`${WS}/a.go`);
    assert.deepEqual(
      steps.map((s) => [s.spec.id, s.span!.start + 1]),
      [
        ['early', 1],
        ['middle', typeLine],
        ['late', helperLine],
      ],
    );
    assert.deepEqual(
      engine.stepsInFile(`${WS}/b.go`).map((s) => s.spec.id),
      ['elsewhere'],
    );
    assert.deepEqual(engine.stepsInFile(`${WS}/nothing.go`), []);
  });

  it('the index follows an overlay', async () => {
    const a = `title: a\nsteps:\n  - file: a.go\n    lines: 1\n    anchor: func helper() {}\n`;
    const { engine } = await loadWorkspace({ 'a.walkthrough.yaml': a, 'a.go': GO });
    assert.equal(engine.stepsInFile(`${WS}/a.go`)[0]!.span!.start + 1, lineOf(GO, 'func helper()'));
    await engine.setOverlay(`${WS}/a.go`, `${GO}\n\n`.replace('func helper() {}\n', '') + 'func helper() {}\n');
    const moved = engine.stepsInFile(`${WS}/a.go`)[0]!;
    assert.equal(moved.status, 'moved');
    assert.equal(moved.span!.start, `${GO}\n\n`.replace('func helper() {}\n', '').split('\n').length - 1);
  });
});

describe('engine: workspace folders', () => {
  it('multi-root: each walkthrough resolves against its own folder', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 1\n    anchor: package one\n`;
    const { engine } = await loadWorkspace(
      {
        '/one/t.walkthrough.yaml': yaml,
        '/one/a.go': 'package one\n',
        '/two/t2.walkthrough.yaml': yaml.replace('title: t', 'title: t2').replace('package one', 'package two'),
        '/two/a.go': 'package two\n',
      },
      ['/one', '/two'],
    );
    assert.equal(engine.get('/one/t.walkthrough.yaml')!.root, '/one');
    assert.equal(engine.get('/two/t2.walkthrough.yaml')!.root, '/two');
    assert.equal(stepsOf(engine, '/one/t.walkthrough.yaml')[0]!.file, '/one/a.go');
    assert.equal(stepsOf(engine, '/two/t2.walkthrough.yaml')[0]!.file, '/two/a.go');
    assert.equal(stepsOf(engine, '/two/t2.walkthrough.yaml')[0]!.status, 'ok');
  });

  it('multi-root: a file in another workspace folder is outside this walkthrough’s folder', async () => {
    const yaml = `title: t\nsteps:\n  - file: ../two/a.go\n    lines: 1\n`;
    const { engine } = await loadWorkspace({ '/one/t.walkthrough.yaml': yaml, '/two/a.go': 'package two\n' }, ['/one', '/two']);
    assert.equal(one(engine, 'outside-workspace', '/one/t.walkthrough.yaml').severity, 'error');
  });

  it('nested folders: the innermost folder owns the walkthrough', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 1\n    anchor: package inner\n`;
    const { engine } = await loadWorkspace(
      { '/ws/inner/t.walkthrough.yaml': yaml, '/ws/inner/a.go': 'package inner\n', '/ws/a.go': 'package outer\n' },
      ['/ws', '/ws/inner'],
    );
    const walkthrough = engine.get('/ws/inner/t.walkthrough.yaml')!;
    assert.equal(walkthrough.folder, '/ws/inner');
    assert.equal(walkthrough.root, '/ws/inner');
    assert.equal(walkthrough.steps[0]!.status, 'ok');
    assert.equal(engine.list().length, 1, 'found from both folders, loaded once');
  });

  it('`root` inside the workspace: step files are relative to it, memo stays relative to the YAML', async () => {
    const yaml = `title: t\nroot: ../repo\nmemo: memo.md\nsteps:\n  - file: a.go\n    lines: 1\n    anchor: package handler\n    section: Locks\n`;
    const { engine } = await loadWorkspace({ 'tours/t.walkthrough.yaml': yaml, 'tours/memo.md': '# Locks\n\nbody\n', 'repo/a.go': GO });
    const walkthrough = engine.get(`${WS}/tours/t.walkthrough.yaml`)!;
    assert.equal(walkthrough.root, `${WS}/repo`);
    assert.equal(walkthrough.steps[0]!.status, 'ok');
    assert.equal(walkthrough.steps[0]!.file, `${WS}/repo/a.go`);
    assert.equal(walkthrough.steps[0]!.section?.heading, 'Locks');
  });

  it('a missing file names the root it was looked up in', async () => {
    const yaml = `title: t\nroot: repo\nsteps:\n  - file: nope.go\n    lines: 1\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'repo/a.go': GO });
    assert.match(one(engine, 'file-not-found').message, /`repo`/);
  });
});

describe('engine: bring your own repo (rootOverride + extraReadableFolders)', () => {
  const BUNDLE = '/ext/walkthroughs';
  const yaml = `title: bundled\nroot: ../../somewhere/else\nmemo: memo.md\nsteps:\n  - file: handler/a.go\n    lines: 3\n    anchor: lock := acquire(fmt.Sprintf("goods_%d", n))\n    section: Locks\n  - file: ../../etc/passwd\n    lines: 1\n`;
  const files = {
    [`${BUNDLE}/t.walkthrough.yaml`]: yaml,
    [`${BUNDLE}/memo.md`]: '# Locks\n\nbundled memo\n',
    '/user/repo/handler/a.go': GO,
    '/etc/passwd': 'root:x:0:0\n',
  };

  async function load() {
    const fs = new RecordingFileSystem(new MemoryFileSystem(files));
    const engine = new WalkthroughEngine({ fs, folders: ['/user/repo'], rootOverride: '/user/repo', extraReadableFolders: [BUNDLE] });
    await engine.loadFiles([`${BUNDLE}/t.walkthrough.yaml`]);
    return { fs, engine };
  }

  it('bundled walkthroughs resolve against the user’s folder; their memo is read from the bundle', async () => {
    const { engine } = await load();
    const walkthrough = engine.get(`${BUNDLE}/t.walkthrough.yaml`)!;
    assert.equal(walkthrough.root, '/user/repo');
    const [step] = walkthrough.steps;
    assert.equal(step!.file, '/user/repo/handler/a.go');
    assert.equal(step!.status, 'moved');
    assert.deepEqual(lines(step), [SELL_LINE, SELL_LINE]);
    assert.equal(step!.section?.body, 'bundled memo');
    assert.ok(!engine.diagnostics(walkthrough.file).some((d) => d.code === 'outside-workspace' && /root/.test(d.message)), '`root` is overridden, not an error');
  });

  it('still never reads outside the user’s folder and the bundle', async () => {
    const { fs, engine } = await load();
    const [, escape] = engine.get(`${BUNDLE}/t.walkthrough.yaml`)!.steps;
    assert.equal(escape!.status, 'invalid');
    assertReadsInside(fs, ['/user/repo', BUNDLE]);
  });

  it('an overlay on the bundled walkthrough file keeps it loaded', async () => {
    const { engine } = await load();
    const affected = await engine.setOverlay(`${BUNDLE}/t.walkthrough.yaml`, yaml.replace('title: bundled', 'title: edited'));
    assert.deepEqual(affected, [`${BUNDLE}/t.walkthrough.yaml`]);
    assert.equal(engine.get(`${BUNDLE}/t.walkthrough.yaml`)?.spec.title, 'edited');
  });
});

describe('engine: files that appear later', () => {
  it('a step memo created after loading is picked up', async () => {
    const yaml = `title: t\nsteps:\n  - memo: notes.md\n    section: Locks\n`;
    const { engine, fs } = await loadWorkspace({ 't.walkthrough.yaml': yaml });
    assert.equal(diagnosticsWith(engine, 'memo-not-found').length, 1);
    fs.write(`${WS}/notes.md`, '# Locks\n\nnow here\n');
    assert.deepEqual(await engine.fileChanged(`${WS}/notes.md`), [T]);
    assert.deepEqual(codes(engine), []);
    assert.equal(stepsOf(engine)[0]!.section?.body, 'now here');
  });

  it('a walkthrough memo created after loading is picked up', async () => {
    const yaml = `title: t\nmemo: notes.md\nsteps:\n  - section: Locks\n`;
    const { engine, fs } = await loadWorkspace({ 't.walkthrough.yaml': yaml });
    assert.equal(diagnosticsWith(engine, 'memo-not-found').length, 1);
    fs.write(`${WS}/notes.md`, '# Locks\n\nnow here\n');
    assert.deepEqual(await engine.fileChanged(`${WS}/notes.md`), [T]);
    assert.equal(stepsOf(engine)[0]!.title, 'Locks');
  });
});

describe('engine: what counts as inside the workspace', () => {
  it('isInside: `..` and `../x` leave; a name that starts with two dots does not', () => {
    assert.equal(isInside('/ws', '/ws'), true);
    assert.equal(isInside('/ws', '/ws/a/b.go'), true);
    assert.equal(isInside('/ws', '/ws/..data/a.go'), true);
    assert.equal(isInside('/ws', '/ws/...'), true);
    assert.equal(isInside('/ws', '/'), false);
    assert.equal(isInside('/ws', '/ws2/a.go'), false);
    assert.equal(isInside('/ws', '/other'), false);
    assert.equal(isInside('/ws/a', '/ws/a/../b'), false);
  });

  it('a step file under a `..data` folder (as Kubernetes mounts write) resolves', async () => {
    const yaml = `title: t\nsteps:\n  - file: ..data/a.go\n    lines: 1\n    anchor: package handler\n`;
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, '..data/a.go': GO });
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
    assert.deepEqual(codes(engine), []);
  });
});

describe('engine: loadAll', () => {
  it('reads the disk afresh (a change nobody reported is seen), and keeps overlays', async () => {
    const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 1\n    anchor: package handler\n  - file: b.go\n    lines: 1\n    anchor: package overlay\n`;
    const { engine, fs } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': GO });
    await engine.setOverlay(`${WS}/b.go`, 'package overlay\n');
    assert.deepEqual(
      stepsOf(engine).map((s) => s.status),
      ['ok', 'ok'],
    );
    fs.write(`${WS}/a.go`, `// silently changed\n${GO}`);
    fs.write(`${WS}/t.walkthrough.yaml`, yaml.replace('title: t', 'title: fresh'));
    await engine.loadAll();
    assert.equal(engine.get(T)!.spec.title, 'fresh');
    assert.deepEqual(
      stepsOf(engine).map((s) => [s.status, lines(s)?.[0]]),
      [
        ['moved', 2],
        ['ok', 1],
      ],
    );
  });
});
