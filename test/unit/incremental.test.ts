/**
 * The incremental engine (issue 15): an edit re-resolves only the steps that read the edited
 * file; `fileChanged` names every walkthrough whose steps or diagnostics changed, cross-file ones
 * included; indexes and caches after any sequence of changes equal a load from scratch; the line
 * index finds exactly what a scan of every line finds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { exactMatches } from '../../server/src/core/anchors/resolveAnchor';
import { TEXT_CACHE_FILES, WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import type { LineSpan } from '../../server/src/core/types';
import { lineOf, lines, loadRecorded, loadWorkspace, stepsOf, WS } from './helpers';

/** A Go file with `methods` methods, each with a line a step can anchor to. */
function goFile(index: number, methods: number, shift = 0): string {
  const out = [`package p${index}`, '', ...Array.from({ length: shift }, () => '// pushed down'), `type S${index} struct{}`, ''];
  for (let m = 0; m < methods; m++) {
    out.push(`func (s *S${index}) M${m}(n int) int {`, `\tx := n + ${index * 100 + m} // check ${index}.${m}`, '\treturn x', '}', '');
  }
  return out.join('\n');
}

function anchorOf(index: number, m: number): string {
  return `x := n + ${index * 100 + m} // check ${index}.${m}`;
}

/** One walkthrough of files × perFile steps, each anchored to its method, with the symbol named. */
function walkthroughYaml(id: string, files: number, perFile: number, extra = ''): string {
  const out = [`id: ${id}`, `title: ${id}`, extra, 'steps:'].filter((l) => l !== '');
  for (let f = 0; f < files; f++) {
    for (let m = 0; m < perFile; m++) {
      const line = lineOf(goFile(f, perFile), anchorOf(f, m));
      out.push(`  - file: f${f}.go`, `    lines: ${line}`, `    symbol: S${f}.M${m}`, `    anchor: ${JSON.stringify(anchorOf(f, m))}`);
    }
  }
  return `${out.join('\n')}\n`;
}

describe('incremental: an edit re-resolves only the steps that read the file', () => {
  it('100 steps over 20 files: one file edited → its 5 steps resolved again, the other 95 kept', async () => {
    const files: Record<string, string> = { 'big.walkthrough.yaml': walkthroughYaml('big', 20, 5) };
    for (let f = 0; f < 20; f++) files[`f${f}.go`] = goFile(f, 5);
    const { engine } = await loadWorkspace(files);
    const big = `${WS}/big.walkthrough.yaml`;
    assert.equal(engine.resolvedSteps, 100);
    const before = engine.get(big)!.steps;
    assert.ok(before.every((s) => s.status === 'ok'), JSON.stringify(before.map((s) => s.status)));

    const affected = await engine.setOverlay(`${WS}/f7.go`, goFile(7, 5, 2));
    assert.deepEqual(affected, [big]);
    assert.equal(engine.resolvedSteps, 105, 'only the 5 steps in f7.go');
    const after = engine.get(big)!.steps;
    for (let i = 0; i < 100; i++) {
      if (i >= 35 && i < 40) {
        assert.equal(after[i]!.status, 'moved');
        assert.equal(after[i]!.span!.start, before[i]!.span!.start + 2, 'the step follows its code');
      } else {
        assert.equal(after[i], before[i], `step ${i} kept as it was`);
      }
    }
    // The per-file index follows: the edited file's steps moved, another file's are the same objects.
    assert.deepEqual(engine.stepsInFile(`${WS}/f7.go`).map((s) => s.span!.start), after.slice(35, 40).map((s) => s.span!.start));
    assert.deepEqual(engine.stepsInFile(`${WS}/f3.go`), before.slice(15, 20));

    // An edit that changes nothing the steps read (another file) resolves nothing.
    assert.deepEqual(await engine.setOverlay(`${WS}/unrelated.go`, 'package x\n'), []);
    assert.equal(engine.resolvedSteps, 105);
  });

  it('a walkthrough memo change resolves only the steps that cite a section', async () => {
    const yaml = `id: m\ntitle: m\nmemo: notes.md\nsteps:\n  - section: "#one"\n  - file: f0.go\n    lines: 1\n    anchor: package p0\n`;
    const { engine, fs } = await loadWorkspace({ 'm.walkthrough.yaml': yaml, 'notes.md': '# N\n\n## One\n\nfirst\n', 'f0.go': goFile(0, 1) });
    assert.equal(engine.resolvedSteps, 2);
    fs.write(`${WS}/notes.md`, '# N\n\n## One\n\nsecond\n');
    assert.deepEqual(await engine.fileChanged(`${WS}/notes.md`), [`${WS}/m.walkthrough.yaml`]);
    assert.equal(engine.resolvedSteps, 3);
    assert.equal(stepsOf(engine, `${WS}/m.walkthrough.yaml`)[0]!.section?.body, 'second');
  });

  it('dependents and stepsCitingMemo are index lookups that follow changes', async () => {
    const yaml = (memo: string) => `id: m\ntitle: m\nmemo: ${memo}\nsteps:\n  - section: "#one"\n  - file: f0.go\n    lines: 1\n`;
    const { engine, fs } = await loadWorkspace({ 'm.walkthrough.yaml': yaml('a.md'), 'a.md': '## One\n', 'b.md': '## One\n', 'f0.go': goFile(0, 1) });
    const m = `${WS}/m.walkthrough.yaml`;
    assert.deepEqual(engine.dependents(`${WS}/a.md`), [m]);
    assert.deepEqual(engine.dependents(`${WS}/f0.go`), [m]);
    assert.equal(engine.stepsCitingMemo(`${WS}/a.md`).length, 1);
    fs.write(m, yaml('b.md'));
    await engine.fileChanged(m);
    assert.deepEqual(engine.dependents(`${WS}/a.md`), []);
    assert.deepEqual(engine.dependents(`${WS}/b.md`), [m]);
    assert.deepEqual(engine.stepsCitingMemo(`${WS}/a.md`), []);
    assert.equal(engine.stepsCitingMemo(`${WS}/b.md`)[0]!.section?.heading, 'One');
  });
});

describe('incremental: fileChanged returns cross-file changes', () => {
  const setup = () =>
    loadWorkspace({
      'a.walkthrough.yaml': 'id: a\ntitle: a\nnext: b\nsteps:\n  - points: x\n',
      'b.walkthrough.yaml': 'id: b\ntitle: b\nsteps:\n  - points: x\n',
      'c.walkthrough.yaml': 'id: c\ntitle: c\nsteps:\n  - points: x\n',
    });
  const A = `${WS}/a.walkthrough.yaml`;
  const B = `${WS}/b.walkthrough.yaml`;
  const C = `${WS}/c.walkthrough.yaml`;

  it('an id change: the walkthrough whose `next` named it, and the one it now collides with', async () => {
    const { engine } = await setup();
    assert.deepEqual(engine.diagnostics(A), []);
    const affected = await engine.setOverlay(B, 'id: c\ntitle: b\nsteps:\n  - points: x\n');
    assert.deepEqual([...affected].sort(), [A, B, C]);
    assert.deepEqual(engine.diagnostics(A).map((d) => d.code), ['next-not-found']);
    assert.deepEqual(engine.diagnostics(C).map((d) => d.code), ['duplicate-walkthrough-id']);
    assert.deepEqual([...(await engine.closeOverlay(B))].sort(), [A, B, C]);
    assert.deepEqual(engine.diagnostics(A), []);
    assert.deepEqual(engine.diagnostics(C), []);
  });

  it('a second primary: both walkthroughs are returned; a title edit returns only the file', async () => {
    const { engine } = await setup();
    await engine.setOverlay(C, 'id: c\ntitle: c\nprimary: true\nsteps:\n  - points: x\n');
    const affected = await engine.setOverlay(B, 'id: b\ntitle: b\nprimary: true\nsteps:\n  - points: x\n');
    assert.deepEqual([...affected].sort(), [B, C]);
    assert.deepEqual(engine.diagnostics(C).map((d) => d.code), ['multiple-primary']);
    assert.deepEqual(await engine.setOverlay(B, 'id: b\ntitle: b2\nprimary: true\nsteps:\n  - points: x\n'), [B]);
    assert.deepEqual(engine.list().map((w) => w.spec.id), ['b', 'c', 'a']);
  });

  it('a walkthrough that disappears: the one whose `next` named it', async () => {
    const { engine, fs } = await setup();
    fs.delete(B);
    assert.deepEqual([...(await engine.fileChanged(B))].sort(), [A, B]);
    assert.deepEqual(engine.diagnostics(A).map((d) => d.code), ['next-not-found']);
    assert.equal(engine.byId('b'), undefined);
  });
});

describe('incremental: caches follow overlay → close → disk', () => {
  it('an overlay moves the step, closing it moves it back, a disk change moves it again', async () => {
    const { engine, fs } = await loadWorkspace({ 't.walkthrough.yaml': walkthroughYaml('t', 1, 2), 'f0.go': goFile(0, 2) });
    const at = () => lines(stepsOf(engine)[1]);
    const original = at();
    await engine.setOverlay(`${WS}/f0.go`, goFile(0, 2, 3));
    assert.deepEqual(at(), [original![0] + 3, original![1] + 3]);
    await engine.closeOverlay(`${WS}/f0.go`);
    assert.deepEqual(at(), original, 'the disk text again');
    fs.write(`${WS}/f0.go`, goFile(0, 2, 5));
    assert.deepEqual(await engine.fileChanged(`${WS}/f0.go`), [`${WS}/t.walkthrough.yaml`]);
    assert.deepEqual(at(), [original![0] + 5, original![1] + 5]);
    assert.equal(stepsOf(engine)[1]!.status, 'moved');
  });

  it('a file that moves away and back: the step follows the symbol, then the file', async () => {
    const { engine, fs } = await loadWorkspace({ 't.walkthrough.yaml': walkthroughYaml('t', 1, 1), 'f0.go': goFile(0, 1) });
    fs.delete(`${WS}/f0.go`);
    await engine.fileChanged(`${WS}/f0.go`);
    assert.equal(stepsOf(engine)[0]!.status, 'missing');
    // A file that no step has read yet: found because the missing step searched the folder.
    fs.write(`${WS}/moved/f0.go`, goFile(0, 1));
    assert.deepEqual(await engine.fileChanged(`${WS}/moved/f0.go`), [`${WS}/t.walkthrough.yaml`]);
    assert.equal(stepsOf(engine)[0]!.file, `${WS}/moved/f0.go`);
    fs.write(`${WS}/moved/f0.go`, goFile(0, 1, 4));
    await engine.fileChanged(`${WS}/moved/f0.go`);
    assert.equal(stepsOf(engine)[0]!.span!.start, lineOf(goFile(0, 1, 4), anchorOf(0, 0)) - 1, 'a change in the new place is followed');
    fs.write(`${WS}/f0.go`, goFile(0, 1));
    fs.delete(`${WS}/moved/f0.go`);
    await engine.fileChanged(`${WS}/f0.go`);
    await engine.fileChanged(`${WS}/moved/f0.go`);
    assert.equal(stepsOf(engine)[0]!.file, `${WS}/f0.go`);
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
  });
});

describe('incremental: the line index finds what a scan finds', () => {
  /** The scan the index replaced: every start in scope whose lines equal the anchor's. */
  function scan(normalized: readonly string[], wanted: readonly string[], scope: LineSpan): number[] {
    const starts: number[] = [];
    for (let start = Math.max(0, scope.start); start <= Math.min(scope.end, normalized.length - wanted.length); start++) {
      if (wanted.every((line, i) => normalized[start + i] === line)) starts.push(start);
    }
    return starts;
  }

  it('same starts on random files, anchors and scopes', () => {
    const line = fc.constantFrom('', 'a', 'b', 'a b', '}', 'x := 1');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.array(line, { minLength: 1, maxLength: 4 }), fc.integer({ min: -3, max: 45 }), fc.integer({ min: -3, max: 45 }), (normalized, wanted, a, b) => {
        const scope = { start: Math.min(a, b), end: Math.max(a, b) };
        assert.deepEqual(exactMatches(normalized, wanted, scope), scan(normalized, wanted, scope));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('incremental: any sequence of changes ends where a load from scratch starts', () => {
  const CODE = ['f0.go', 'f1.go', 'f2.go'];
  const YAMLS = ['a.walkthrough.yaml', 'b.walkthrough.yaml', 'c.walkthrough.yaml'];
  const yamlFor = (id: string, variant: number) => {
    const extra = [variant % 3 === 0 ? 'primary: true' : '', variant % 2 === 0 ? 'next: a' : 'next: zz', 'memo: notes.md'].filter(Boolean).join('\n');
    const steps = [];
    for (let k = 0; k < 3; k++) {
      const f = (variant + k) % 3;
      steps.push(`  - file: f${f}.go`, `    lines: ${2 + k}`, `    symbol: S${f}.M${k % 2}`, `    anchor: ${JSON.stringify(anchorOf(f, k % 2))}`, `    section: "#s${k % 2}"`);
    }
    return `id: ${id}\ntitle: ${id}\n${extra}\nsteps:\n${steps.join('\n')}\n`;
  };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('code' as const), file: fc.constantFrom(...CODE), shift: fc.integer({ min: 0, max: 4 }), overlay: fc.boolean(), deleted: fc.boolean() }),
    fc.record({ kind: fc.constant('yaml' as const), file: fc.constantFrom(...YAMLS), id: fc.constantFrom('a', 'b', 'c'), variant: fc.integer({ min: 0, max: 5 }), deleted: fc.boolean() }),
    fc.record({ kind: fc.constant('close' as const), file: fc.constantFrom(...CODE) }),
    fc.record({ kind: fc.constant('memo' as const), heading: fc.constantFrom('s0', 's1', 'other') }),
  );

  /** Everything a client can ask, in a comparable form. */
  function observe(engine: WalkthroughEngine) {
    const files = [...CODE, 'notes.md'].map((f) => `${WS}/${f}`);
    return {
      list: engine.list().map((w) => [w.file, w.spec.id]),
      steps: engine.list().map((w) => w.steps.map((s) => [s.status, s.file, s.span?.start, s.span?.end, s.title, s.section?.body])),
      diagnostics: engine.list().map((w) => engine.diagnostics(w.file).map((d) => [d.code, d.message, d.range.start.line])),
      inFile: files.map((f) => engine.stepsInFile(f).map((s) => [s.walkthroughFile, s.spec.index, s.span?.start])),
      citing: engine.stepsCitingMemo(`${WS}/notes.md`).map((s) => [s.walkthroughFile, s.spec.index]),
      dependents: files.map((f) => engine.dependents(f)),
      byId: ['a', 'b', 'c'].map((id) => engine.byId(id)?.file),
    };
  }

  it('incremental results equal a fresh engine’s, and fileChanged named every walkthrough that changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const files: Record<string, string> = { 'notes.md': '## s0\n\nzero\n\n## s1\n\none\n' };
        CODE.forEach((f, i) => (files[f] = goFile(i, 2)));
        YAMLS.forEach((f, i) => (files[f] = yamlFor(['a', 'b', 'c'][i]!, i)));
        const { engine, fs } = await loadWorkspace(files);
        const overlays = new Map<string, string>();
        for (const o of ops) {
          const before = observe(engine);
          const beforeByFile = new Map(engine.list().map((w) => [w.file, JSON.stringify([w.steps.map((s) => [s.status, s.span?.start, s.file, s.section?.body]), engine.diagnostics(w.file).map((d) => [d.code, d.message])])]));
          let affected: string[];
          if (o.kind === 'code') {
            const file = `${WS}/${o.file}`;
            const text = goFile(CODE.indexOf(o.file), 2, o.shift);
            if (o.overlay) {
              overlays.set(file, text);
              affected = await engine.setOverlay(file, text);
            } else {
              if (o.deleted) fs.delete(file);
              else fs.write(file, text);
              affected = await engine.fileChanged(file);
            }
          } else if (o.kind === 'yaml') {
            const file = `${WS}/${o.file}`;
            if (o.deleted) fs.delete(file);
            else fs.write(file, yamlFor(o.id, o.variant));
            affected = await engine.fileChanged(file);
          } else if (o.kind === 'close') {
            overlays.delete(`${WS}/${o.file}`);
            affected = await engine.closeOverlay(`${WS}/${o.file}`);
          } else {
            fs.write(`${WS}/notes.md`, `## ${o.heading}\n\nchanged\n\n## s1\n\none more\n`);
            affected = await engine.fileChanged(`${WS}/notes.md`);
          }
          const fresh = new WalkthroughEngine({ fs, folders: [WS] });
          for (const [file, text] of overlays) await fresh.setOverlay(file, text);
          await fresh.loadAll();
          assert.deepEqual(observe(engine), observe(fresh), `after ${JSON.stringify(o)}`);
          // Every walkthrough whose steps or diagnostics changed (or that appeared or left) was named.
          const afterByFile = new Map(engine.list().map((w) => [w.file, JSON.stringify([w.steps.map((s) => [s.status, s.span?.start, s.file, s.section?.body]), engine.diagnostics(w.file).map((d) => [d.code, d.message])])]));
          for (const file of new Set([...beforeByFile.keys(), ...afterByFile.keys()])) {
            if (beforeByFile.get(file) !== afterByFile.get(file)) assert.ok(affected.includes(file), `${file} changed but was not returned after ${JSON.stringify(o)} (${JSON.stringify(affected)})`);
          }
          void before;
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('incremental: a fresh engine is not fooled by a MemoryFileSystem written behind its back', () => {
  it('loadAll reads the disk afresh and resolves every step again', async () => {
    const fs = new MemoryFileSystem({ [`${WS}/t.walkthrough.yaml`]: walkthroughYaml('t', 1, 1), [`${WS}/f0.go`]: goFile(0, 1) });
    const engine = new WalkthroughEngine({ fs, folders: [WS] });
    await engine.loadAll();
    fs.write(`${WS}/f0.go`, goFile(0, 1, 2));
    await engine.loadAll();
    assert.equal(engine.resolvedSteps, 2);
    assert.equal(stepsOf(engine)[0]!.status, 'moved');
  });
});

describe('incremental: loadAll serves the open files first', () => {
  it('walkthroughs with steps in the first files are loaded when onFirst is called; the rest after', async () => {
    const files: Record<string, string> = {
      'a.walkthrough.yaml': walkthroughYaml('a', 1, 2),
      'b.walkthrough.yaml': walkthroughYaml('b', 2, 1).replace(/f0\.go/g, 'f9.go').replace('S0.M0', 'S9.M0'),
      'f0.go': goFile(0, 2),
      'f1.go': goFile(1, 1),
      'f9.go': goFile(0, 1).replace('package p0', 'package p9').replace('S0', 'S9'),
    };
    const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
    const engine = new WalkthroughEngine({ fs, folders: [WS] });
    let seen: { a: boolean; b: boolean; inFile: number } | undefined;
    await engine.loadAll({
      first: [`${WS}/f0.go`],
      onFirst: () => {
        seen = { a: engine.get(`${WS}/a.walkthrough.yaml`) !== undefined, b: engine.get(`${WS}/b.walkthrough.yaml`) !== undefined, inFile: engine.stepsInFile(`${WS}/f0.go`).length };
      },
    });
    assert.deepEqual(seen, { a: true, b: false, inFile: 2 });
    assert.equal(engine.list().length, 2, 'then everything');
    assert.equal(engine.stepsInFile(`${WS}/f1.go`).length, 1);
  });

  it('in onFirst, only the steps in the first files are resolved (the CodeLens there waits for no other file); the walkthrough is whole after', async () => {
    // One walkthrough: two steps in each of f0.go, f1.go and f2.go.
    const files: Record<string, string> = { 'a.walkthrough.yaml': walkthroughYaml('a', 3, 2), 'f0.go': goFile(0, 2), 'f1.go': goFile(1, 2), 'f2.go': goFile(2, 2) };
    const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
    const engine = new WalkthroughEngine({ fs, folders: [WS] });
    let seen: { resolved: number; inFile: number[]; others: number } | undefined;
    await engine.loadAll({
      first: [`${WS}/f1.go`],
      onFirst: () => {
        seen = { resolved: engine.resolvedSteps, inFile: engine.stepsInFile(`${WS}/f1.go`).map((s) => s.spec.index), others: engine.stepsInFile(`${WS}/f0.go`).length };
      },
    });
    assert.deepEqual(seen, { resolved: 2, inFile: [2, 3], others: 0 });
    const whole = engine.get(`${WS}/a.walkthrough.yaml`)!;
    assert.deepEqual(whole.steps.map((s) => s.spec.index), [0, 1, 2, 3, 4, 5], 'then every step, in order');
    assert.equal(engine.resolvedSteps, 6, 'the first two were not resolved again');
    assert.ok(whole.steps.every((s) => s.status === 'ok'));
  });

  it('in onFirst, an open memo has every step that cites it, and an open walkthrough every step', async () => {
    const yaml = `id: m\ntitle: m\nmemo: notes.md\nsteps:\n  - section: One\n  - file: f0.go\n    lines: 1\n    anchor: package p0\n    section: One\n  - file: f1.go\n    lines: 1\n    anchor: package p1\n`;
    const files: Record<string, string> = { 'm.walkthrough.yaml': yaml, 'notes.md': '# N\n\n## One\n\nfirst\n', 'f0.go': goFile(0, 1), 'f1.go': goFile(1, 1) };
    const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
    for (const [open, expected] of [[`${WS}/notes.md`, { citing: [0, 1], steps: 2 }], [`${WS}/m.walkthrough.yaml`, { citing: [0, 1], steps: 3 }]] as const) {
      const engine = new WalkthroughEngine({ fs, folders: [WS] });
      let seen: { citing: number[]; steps: number } | undefined;
      await engine.loadAll({ first: [open], onFirst: () => void (seen = { citing: engine.stepsCitingMemo(`${WS}/notes.md`).map((s) => s.spec.index), steps: engine.get(`${WS}/m.walkthrough.yaml`)!.steps.length }) });
      assert.deepEqual(seen, expected, open);
    }
  });
});

describe('incremental: texts of files nobody looks at are not all kept', () => {
  it(`after loading more than ${TEXT_CACHE_FILES} files the least recently used are read again when asked; results stay`, async () => {
    const count = TEXT_CACHE_FILES + 50;
    const files: Record<string, string> = {};
    const steps: string[] = [];
    for (let i = 0; i < count; i++) {
      files[`c/f${i}.txt`] = `line of ${i}\n`;
      steps.push(`  - file: c/f${i}.txt`, '    lines: 1', `    anchor: line of ${i}`);
    }
    files['t.walkthrough.yaml'] = `id: t\ntitle: t\nsteps:\n${steps.join('\n')}\n`;
    const { engine, fs } = await loadRecorded(files);
    assert.equal(stepsOf(engine).filter((s) => s.status === 'ok').length, count);
    const reads = () => fs.fileReads.length;
    let before = reads();
    assert.equal((await engine.readText(`${WS}/c/f${count - 1}.txt`)).kind, 'text');
    assert.equal(reads(), before, 'a recent file comes from the cache');
    before = reads();
    const old = await engine.readText(`${WS}/c/f0.txt`);
    assert.deepEqual(old, { kind: 'text', text: 'line of 0\n' });
    assert.ok(reads() > before, 'an old one was dropped and is read again');
  });
});
