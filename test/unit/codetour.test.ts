/**
 * CodeTour `.tour` files read live as walkthroughs: discovery in the dot-folders CodeTour uses,
 * `line` / `selection` / `pattern` with CodeTour's meaning, and a diagnostic with a range for
 * every broken tour or step (CodeTour drops them silently). Expected lines come from the code text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { convertTour } from '../../server/src/core/codetour/convertTour';
import { findPattern } from '../../server/src/core/codetour/findPattern';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WALKTHROUGH_GLOBS, walkthroughMatcher } from '../../common/src/walkthroughFiles';
import { isWalkthroughFile } from '../../client/src/paths';
import { lineOf, lines, loadWorkspace, WS } from './helpers';

const CODE = `package handler

type InventoryServer struct{}

func (*InventoryServer) Sell(ctx context.Context, req *SellInfo) (*Empty, error) {
\ttx := global.DB.Begin()
\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
\tif err := mutex.Lock(); err != nil {
\t\treturn nil, err
\t}
\ttx.Commit()
\treturn &Empty{}, nil
}
`;

const TOUR = `/work/.tours/t.tour`.replace('/work', WS);
const tour = (body: object) => JSON.stringify(body, null, 2);
const rangeText = (text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
  const all = text.split('\n');
  if (range.start.line === range.end.line) return all[range.start.line]!.slice(range.start.character, range.end.character);
  return [all[range.start.line]!.slice(range.start.character), ...all.slice(range.start.line + 1, range.end.line), all[range.end.line]!.slice(0, range.end.character)].join('\n');
};

describe('CodeTour tours: discovery', () => {
  it('matches tours in .tours, .vscode/tours and .github/tours, and walkthroughs in those dot-folders, but no other dot-folder', () => {
    const match = walkthroughMatcher(undefined);
    for (const path of ['.tours/a.tour', '.tours/sub/b.tour', '.vscode/tours/c.tour', '.github/tours/d.tour', '.github/x.walkthrough.yaml', '.vscode/y.walkthrough.yml']) assert.equal(match(path), true, path);
    for (const path of ['a.tour', 'src/.tours/a.tour', '.git/x.walkthrough.yaml', '.cache/y.walkthrough.yaml', '.tours/.hidden.walkthrough.yaml', '.vscode/tours/c.json']) assert.equal(match(path), false, path);
  });

  it('the setting default in package.json is the engine default, and the client treats .tour files as walkthroughs', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration.properties['walkthroughs.files'].default, DEFAULT_WALKTHROUGH_GLOBS);
    assert.equal(isWalkthroughFile('/w/.tours/a.tour'), true);
    assert.equal(isWalkthroughFile('/w/a.tour.go'), false);
  });

  it('the engine loads a tour from .tours with its title, description, ref, isPrimary and nextTour', async () => {
    const text = tour({ title: 'Order flow', description: 'From Sell on', ref: 'main', isPrimary: true, nextTour: 'Payments', steps: [{ file: 'inv.go', line: 7, description: 'Lock per goods' }] });
    const { engine } = await loadWorkspace({ '.tours/t.tour': text, 'inv.go': CODE, '.git/x.walkthrough.yaml': 'title: no\nsteps:\n  - points: no\n' });
    assert.deepEqual(engine.list().map((w) => w.file), [TOUR]);
    const walkthrough = engine.get(TOUR)!;
    assert.equal(walkthrough.spec.title, 'Order flow');
    assert.equal(walkthrough.spec.id, 'Order flow', 'CodeTour names the next tour by its title, so the title is the id');
    assert.equal(walkthrough.spec.description, 'From Sell on');
    assert.equal(walkthrough.spec.ref, 'main');
    assert.equal(walkthrough.spec.primary, true);
    assert.equal(walkthrough.spec.next, 'Payments');
    const diagnostics = engine.diagnostics(TOUR);
    const next = diagnostics.find((d) => d.code === 'next-not-found');
    assert.ok(next, 'nextTour names no tour');
    assert.equal(rangeText(text, next.range), '"Payments"');
    const ref = diagnostics.find((d) => d.code === 'codetour-unsupported');
    assert.equal(rangeText(text, ref!.range), '"main"');
  });
});

describe('CodeTour tours: where a step lands', () => {
  it('`line` is 1-based; the step gets a CodeLens-able span, the description as talking points and a lines-only hint to convert', async () => {
    const line = lineOf(CODE, 'NewMutex');
    const { engine } = await loadWorkspace({ '.tours/t.tour': tour({ title: 'T', steps: [{ file: 'inv.go', line, title: 'The lock', description: 'Lock **per goods**' }] }), 'inv.go': CODE });
    const [step] = engine.get(TOUR)!.steps;
    assert.equal(step!.status, 'ok');
    assert.deepEqual(lines(step), [line, line]);
    assert.equal(step!.title, 'The lock');
    assert.equal(step!.spec.points, 'Lock **per goods**');
    assert.deepEqual(engine.stepsInFile(`${WS}/inv.go`).map((s) => s.spec.id), ['1']);
    const hint = engine.diagnostics(TOUR).find((d) => d.code === 'lines-only');
    assert.match(hint!.message, /Convert the tour/);
  });

  it('`line` wins over `selection`; a selection that contains the line gives the whole selected range', async () => {
    const start = lineOf(CODE, 'NewMutex');
    const end = lineOf(CODE, 'return nil, err');
    const selection = { start: { line: start, character: 1 }, end: { line: end, character: 5 } };
    const { engine } = await loadWorkspace({
      '.tours/t.tour': tour({ title: 'T', steps: [
        { file: 'inv.go', line: end, selection, description: 'a' },
        { file: 'inv.go', selection, description: 'b' },
        { file: 'inv.go', line: 1, selection, description: 'c' },
      ] }),
      'inv.go': CODE,
    });
    assert.deepEqual(engine.get(TOUR)!.steps.map(lines), [[start, end], [start, end], [1, 1]]);
  });

  it('`pattern` is a regular expression over the whole file (multi-line mode): its first match is the line, and it follows the code', async () => {
    const { engine } = await loadWorkspace({ '.tours/t.tour': tour({ title: 'T', steps: [{ file: 'inv.go', pattern: '^\\s*tx\\.Commit\\(\\)', description: 'commit' }] }), 'inv.go': CODE });
    assert.deepEqual(lines(engine.get(TOUR)!.steps[0]), [lineOf(CODE, 'tx.Commit'), lineOf(CODE, 'tx.Commit')]);
    const edited = CODE.replace('\ttx := global.DB.Begin()\n', '\ttx := global.DB.Begin()\n\t// one\n\t// two\n');
    await engine.setOverlay(`${WS}/inv.go`, edited);
    const step = engine.get(TOUR)!.steps[0]!;
    assert.equal(step.status, 'ok');
    assert.deepEqual(lines(step), [lineOf(edited, 'tx.Commit'), lineOf(edited, 'tx.Commit')]);
    assert.deepEqual(engine.diagnostics(TOUR).filter((d) => d.severity !== 'info'), []);
  });

  it('a file-only step opens the file; directory, uri, view and contents steps become content-only steps, reported as information', async () => {
    const { engine } = await loadWorkspace({
      '.tours/t.tour': tour({ title: 'T', steps: [
        { file: 'inv.go', description: 'the file' },
        { directory: 'handler', description: 'the folder' },
        { uri: 'https://example.com/x', description: 'a link' },
        { view: 'scm', description: 'a view' },
        { file: 'virtual.md', contents: '# hi', description: 'virtual' },
        { file: 'inv.go', line: 2, description: 'runs', commands: ['workbench.action.terminal.new'] },
      ] }),
      'inv.go': CODE,
    });
    const steps = engine.get(TOUR)!.steps;
    assert.deepEqual(steps.map((s) => s.contentOnly), [false, true, true, true, true, false]);
    assert.deepEqual(steps.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(steps[1]!.title, 'handler');
    const unsupported = engine.diagnostics(TOUR).filter((d) => d.code === 'codetour-unsupported');
    assert.deepEqual(unsupported.map((d) => d.stepIndex), [1, 2, 3, 4, 5]);
    assert.ok(unsupported.every((d) => d.severity === 'info'));
    assert.match(unsupported[4]!.message, /never execute commands/);
  });
});

describe('CodeTour tours: broken tours and steps get diagnostics with ranges', () => {
  it('reports a missing file, a line past the end, a pattern that matches nothing, a bad line and a step with nothing to show, each at its value', async () => {
    const text = tour({ title: 'T', steps: [
      { file: 'gone.go', line: 3, description: 'missing file' },
      { file: 'inv.go', line: 999, description: 'past the end' },
      { file: 'inv.go', pattern: 'NoSuchThing', description: 'no match' },
      { file: 'inv.go', line: 0, description: 'zero' },
      { title: 'empty' },
      { file: 'inv.go', pattern: '(unclosed', description: 'bad regex' },
      'not an object',
    ] });
    const { engine } = await loadWorkspace({ '.tours/t.tour': text, 'inv.go': CODE });
    const steps = engine.get(TOUR)!.steps;
    assert.deepEqual(steps.map((s) => s.status), ['missing', 'stale', 'stale', 'invalid', 'invalid', 'invalid', 'invalid']);
    const byCode = (code: string) => engine.diagnostics(TOUR).find((d) => d.code === code)!;
    assert.equal(rangeText(text, byCode('file-not-found').range), '"gone.go"');
    assert.equal(rangeText(text, byCode('lines-out-of-range').range), '999');
    assert.equal(rangeText(text, byCode('pattern-not-found').range), '"NoSuchThing"');
    assert.equal(rangeText(text, byCode('invalid-lines').range), '0');
    assert.equal(rangeText(text, byCode('invalid-pattern').range), '"(unclosed"');
    assert.equal(byCode('empty-step').stepIndex, 4);
    assert.equal(byCode('invalid-type').stepIndex, 6);
    assert.equal(rangeText(text, byCode('invalid-type').range), '"not an object"');
    assert.ok(engine.diagnostics(TOUR).filter((d) => d.severity === 'error').every((d) => d.stepIndex !== undefined));
  });

  it('JSON with comments and trailing commas (as VS Code writes .tour files) is read, ranges still exact', async () => {
    const text = [
      '// The stock tour',
      '{',
      '  /* title, then steps */ "title": "Commented",',
      '  "steps": [',
      '    // the lock: a URL in a string is not a comment',
      '    { "file": "inv.go", "line": 2, "description": "see http://example.com/*x*/ // here", },',
      '    { "file": "gone.go", /* missing */ "line": 1, "description": "x" },',
      '  ],',
      '}',
      '',
    ].join('\r\n');
    const { engine } = await loadWorkspace({ '.tours/t.tour': text, 'inv.go': CODE });
    const walkthrough = engine.get(TOUR)!;
    assert.equal(walkthrough.spec.title, 'Commented');
    assert.deepEqual(engine.diagnostics(TOUR).filter((d) => d.code === 'yaml-syntax' || d.code === 'missing-key'), []);
    assert.deepEqual(walkthrough.steps.map((s) => s.status), ['ok', 'missing']);
    assert.equal(walkthrough.spec.steps[0]!.points, 'see http://example.com/*x*/ // here');
    assert.equal(rangeText(text, engine.diagnostics(TOUR).find((d) => d.code === 'file-not-found')!.range), '"gone.go"');
    // An unterminated block comment is a syntax error at a range, never a crash.
    const broken = await loadWorkspace({ '.tours/t.tour': '{ "title": "B", /* no end "steps": [] }', 'inv.go': CODE });
    assert.ok(broken.engine.diagnostics(TOUR).some((d) => d.code === 'yaml-syntax'));
    // Found by the fuzz suite: a syntax error's range used to end past the end of its line.
    const headless = ' "title": "T",\n  "steps": []\n}';
    const noBrace = await loadWorkspace({ '.tours/t.tour': headless, 'inv.go': CODE });
    const lineLengths = headless.split('\n').map((l) => l.length);
    for (const d of noBrace.engine.diagnostics(TOUR)) {
      for (const p of [d.range.start, d.range.end]) assert.ok(p.line < lineLengths.length && p.character <= lineLengths[p.line]!, `${d.message}: ${JSON.stringify(d.range)}`);
    }
  });

  it('a step file outside the workspace is never read, and is reported at its value', async () => {
    const text = tour({ title: 'T', steps: [{ file: '../secret.go', line: 1, description: 'up' }, { file: '/etc/passwd', line: 1, description: 'abs' }] });
    const { engine } = await loadWorkspace({ '.tours/t.tour': text, '/secret.go': 'package secret\n' });
    assert.deepEqual(engine.get(TOUR)!.steps.map((s) => s.status), ['invalid', 'invalid']);
    const outside = engine.diagnostics(TOUR).filter((d) => d.code === 'outside-workspace');
    assert.deepEqual(outside.map((d) => rangeText(text, d.range)), ['"../secret.go"', '"/etc/passwd"']);
  });

  it('broken JSON, a tour without title or steps, and unknown keys: reported, never a crash', async () => {
    const { engine } = await loadWorkspace({
      '.tours/a.tour': '{ "title": "A", "steps": [ { "file": "inv.go", "line": 2, "description": "x" } ',
      '.tours/b.tour': '{ "descripton": "typo" }',
      '.tours/c.tour': '[1, 2]',
      '.tours/d.tour': '',
      'inv.go': CODE,
    });
    assert.ok(engine.diagnostics(`${WS}/.tours/a.tour`).some((d) => d.code === 'yaml-syntax' && /JSON/.test(d.message)));
    assert.deepEqual(engine.diagnostics(`${WS}/.tours/b.tour`).map((d) => d.code).sort(), ['missing-key', 'missing-key', 'unknown-key']);
    assert.deepEqual(engine.diagnostics(`${WS}/.tours/c.tour`).map((d) => d.code), ['invalid-type']);
    assert.deepEqual(engine.diagnostics(`${WS}/.tours/d.tour`).map((d) => d.code), ['invalid-type']);
  });

  it('a catastrophic pattern is abandoned within its budget: the step is invalid, the engine goes on', async () => {
    const evil = `${'a'.repeat(40)}!\n`;
    const started = Date.now();
    const { engine } = await loadWorkspace({ '.tours/t.tour': tour({ title: 'T', steps: [{ file: 'evil.txt', pattern: '^(a+)+$', description: 'slow' }, { file: 'inv.go', line: 1, description: 'fine' }] }), 'evil.txt': evil, 'inv.go': CODE });
    const steps = engine.get(TOUR)!.steps;
    assert.equal(steps[0]!.status, 'invalid');
    assert.equal(steps[1]!.status, 'ok');
    assert.match(engine.diagnostics(TOUR).find((d) => d.code === 'invalid-pattern')!.message, /too long/);
    // Not a speed target (that is the benchmark's job): only proof that the match was interrupted at all.
    assert.ok(Date.now() - started < 60_000);
  });

  it('findPattern counts lines the way the editor does, and reports invalid patterns instead of throwing', async () => {
    const text = 'one\r\ntwo\nthree\n';
    assert.deepEqual(await findPattern(text, 'thr'), { kind: 'found', line: 2 });
    assert.deepEqual(await findPattern(text, 'four'), { kind: 'not-found' });
    assert.deepEqual(await findPattern('a\rb\rc', 'c'), { kind: 'found', line: 2 }, 'old Mac line breaks count as the engine counts them');
    assert.deepEqual(await findPattern('a\r\n\r\nb', '^b'), { kind: 'found', line: 2 });
    // After an abandoned match (the worker is terminated), the next one still works in a new worker.
    assert.deepEqual(await findPattern(`${'a'.repeat(40)}!`, '^(a+)+$', 50), { kind: 'too-slow' });
    assert.deepEqual(await findPattern(text, 'thr'), { kind: 'found', line: 2 });
    assert.deepEqual(await findPattern(text, 'two\\nthree'), { kind: 'found', line: 1 });
    assert.deepEqual(await findPattern(text, '(?<=tw)o'), { kind: 'found', line: 1 }, 'JavaScript regular expressions, lookbehind included, as CodeTour runs them');
    assert.equal((await findPattern(text, '[')).kind, 'invalid');
    assert.equal((await findPattern(text, '')).kind, 'invalid');
  });
});

describe('Convert CodeTour Tour to Walkthrough', () => {
  const GO = `${CODE}
func (*InventoryServer) Reback(ctx context.Context, req *SellInfo) (*Empty, error) {

\ttx := global.DB.Begin()
\ttx.Commit()
\treturn &Empty{}, nil
}
`;
  const steps = [
    { file: 'inv.go', line: lineOf(GO, 'NewMutex'), title: 'The lock', description: 'Lock **per goods**\nthen commit' },
    // A blank line above the code, and a first code line that is not unique in the file.
    { file: 'inv.go', line: lineOf(GO, 'func (*InventoryServer) Reback') + 1, description: 'Reback begins' },
    { file: 'inv.go', pattern: 'return nil, err', description: 'by pattern' },
    { directory: 'handler', description: 'The handlers live here' },
    { file: 'gone.go', line: 3, description: 'lost' },
  ];

  it('writes a walkthrough whose steps carry their current code as anchor (and symbol), keeping titles and descriptions', async () => {
    const { engine, fs } = await loadWorkspace({ '.tours/t.tour': tour({ title: 'Stock', description: 'Inventory', isPrimary: true, steps }), 'inv.go': GO });
    const converted = (await convertTour(engine, TOUR))!;
    assert.equal(converted.defaultFile, `${WS}/t.walkthrough.yaml`);
    const yaml = parse(converted.text);
    assert.equal(yaml.title, 'Stock');
    assert.equal(yaml.primary, true);
    assert.equal(yaml.root, undefined, 'next to the workspace folder, paths need no root');
    assert.equal(yaml.convertedFrom, '.tours/t.tour');
    assert.deepEqual(yaml.steps[0], { id: 'the-lock', title: 'The lock', file: 'inv.go', lines: String(lineOf(GO, 'NewMutex')), anchor: 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))', symbol: 'InventoryServer.Sell', points: 'Lock **per goods**\nthen commit' });
    // The blank line is skipped; `tx := global.DB.Begin()` occurs twice, so the anchor grows to two lines.
    const begin = GO.split('\n').findIndex((l, i) => i > lineOf(GO, 'Reback') && l.includes('tx := global.DB.Begin()')) + 1;
    assert.equal(yaml.steps[1].anchor, 'tx := global.DB.Begin()\ntx.Commit()');
    assert.equal(yaml.steps[1].lines, String(begin));
    assert.equal(yaml.steps[1].symbol, 'InventoryServer.Reback');
    assert.equal(yaml.steps[2].anchor, 'return nil, err');
    assert.deepEqual(yaml.steps[3], { id: 'handler', title: 'handler', points: 'The handlers live here' });
    assert.equal(yaml.steps[4].anchor, undefined);
    assert.deepEqual(converted.notes.length, 1);
    assert.match(converted.notes[0]!, /Step 5/);

    // Loaded as a walkthrough, every anchored step lands where the tour's step was, with no warning…
    fs.write(`${WS}/t.walkthrough.yaml`, converted.text);
    await engine.fileChanged(`${WS}/t.walkthrough.yaml`);
    const walkthrough = engine.get(`${WS}/t.walkthrough.yaml`)!;
    assert.deepEqual(walkthrough.steps.slice(0, 3).map((s) => s.status), ['ok', 'ok', 'ok']);
    // (The tour is still there and primary too, until the user removes it.)
    assert.deepEqual(engine.diagnostics(`${WS}/t.walkthrough.yaml`).filter((d) => d.severity !== 'info' && d.stepIndex !== 4 && d.code !== 'multiple-primary'), []);
    // …and when code is inserted above, the walkthrough follows while the tour's fixed line drifts.
    const edited = GO.replace('type InventoryServer struct{}\n', 'type InventoryServer struct{}\n\n// a\n// b\n// c\n');
    await engine.setOverlay(`${WS}/inv.go`, edited);
    assert.deepEqual(lines(engine.get(`${WS}/t.walkthrough.yaml`)!.steps[0]), [lineOf(edited, 'NewMutex'), lineOf(edited, 'NewMutex')]);
    assert.notDeepEqual(lines(engine.get(TOUR)!.steps[0]), [lineOf(edited, 'NewMutex'), lineOf(edited, 'NewMutex')]);
  });

  it('sets root when written elsewhere, and refuses what is not a tour', async () => {
    const { engine } = await loadWorkspace({ '.tours/t.tour': tour({ title: 'Stock', steps }), 'inv.go': GO, 'x.walkthrough.yaml': 'title: X\nsteps:\n  - points: p\n' });
    assert.equal(parse((await convertTour(engine, TOUR, `${WS}/walkthroughs/stock.walkthrough.yaml`))!.text).root, '..');
    assert.equal(await convertTour(engine, `${WS}/x.walkthrough.yaml`), undefined);
  });
});

describe('Convert CodeTour Tour to Walkthrough, in every language', () => {
  const fixture = (file: string) => readFileSync(join(__dirname, '../fixtures/languages', file), 'utf8');

  it('writes the enclosing declaration as symbol for TypeScript, Python, Java and Rust, and the steps land', async () => {
    const files: Record<string, string> = {
      'src/store.ts': fixture('service.ts'),
      'orders/service.py': fixture('service.py'),
      'src/InventoryService.java': fixture('InventoryService.java'),
      'src/ledger.rs': fixture('service.rs'),
    };
    const steps = [
      { file: 'src/store.ts', line: lineOf(files['src/store.ts']!, 'await fs.mkdir(folder'), description: 'mkdir' },
      { file: 'orders/service.py', line: lineOf(files['orders/service.py']!, 'return self.quote(sku, quantity)'), description: 'nested' },
      { file: 'src/InventoryService.java', line: lineOf(files['src/InventoryService.java']!, 'stock.put(sku, available - quantity);'), description: 'reserve' },
      { file: 'src/ledger.rs', line: lineOf(files['src/ledger.rs']!, 'self.journal.push(line);'), description: 'trait impl' },
    ];
    const { engine, fs } = await loadWorkspace({ '.tours/t.tour': tour({ title: 'Many', steps }), ...files });
    const converted = (await convertTour(engine, TOUR))!;
    const yaml = parse(converted.text);
    assert.deepEqual(
      yaml.steps.map((s: { symbol?: string }) => s.symbol),
      ['TourStore.saveTour', 'OrderService.place.line_total', 'InventoryService.reserve', 'Ledger.note'],
    );
    fs.write(`${WS}/t.walkthrough.yaml`, converted.text);
    await engine.fileChanged(`${WS}/t.walkthrough.yaml`);
    assert.deepEqual(engine.get(`${WS}/t.walkthrough.yaml`)!.steps.map((s) => s.status), ['ok', 'ok', 'ok', 'ok']);
  });
});
