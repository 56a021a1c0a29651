/**
 * Symbols in resolution for languages other than Go: the anchor searched inside the symbol,
 * overloads picked by their anchor, namespaces left out, and a language without a grammar placed
 * by its anchor with one info, never an error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { diagnosticsWith, lineOf, lines, loadWorkspace, stepsOf } from './helpers';

const FIXTURES = path.join(__dirname, '../fixtures/languages');
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8');

describe('symbols in resolution, every language', () => {
  it('Java overloads: the one holding the anchor is the step\'s; no anchor inside either is ambiguous', async () => {
    const java = fixture('InventoryService.java');
    const line = lineOf(java, 'this(new AuditLog());');
    const { engine } = await loadWorkspace({
      'src/InventoryService.java': java,
      't.walkthrough.yaml': `title: t
steps:
  - id: ctor
    file: src/InventoryService.java
    symbol: InventoryService.InventoryService
    lines: ${line}
    anchor: this(new AuditLog());
  - id: nowhere
    file: src/InventoryService.java
    symbol: InventoryService.InventoryService
    lines: ${line}
    anchor: stock.merge(sku, quantity, Integer::sum);
`,
    });
    const [ctor, nowhere] = stepsOf(engine);
    assert.equal(ctor!.status, 'ok');
    assert.deepEqual(lines(ctor), [line, line]);
    const ambiguous = diagnosticsWith(engine, 'symbol-ambiguous');
    assert.equal(ambiguous.length, 1, 'only the step whose anchor is in neither overload');
    assert.equal(ambiguous[0]!.stepIndex, 1);
    assert.match(ambiguous[0]!.message, new RegExp(`lines ${lineOf(java, 'public InventoryService(AuditLog audit)')}, ${line - 1}`));
    assert.notEqual(nowhere!.status, 'missing');
  });

  it('C++: a step may leave the namespace out of its symbol', async () => {
    const cpp = fixture('cache.cpp');
    const line = lineOf(cpp, 'const long total = hits_ + misses_;');
    const { engine } = await loadWorkspace({
      'cache.cpp': cpp,
      't.walkthrough.yaml': `title: t\nsteps:\n  - file: cache.cpp\n    symbol: Stats.ratio\n    lines: ${line}\n    anchor: const long total = hits_ + misses_;\n`,
    });
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
    assert.deepEqual(diagnosticsWith(engine, 'symbol-not-found'), []);
    assert.deepEqual(diagnosticsWith(engine, 'symbol-renamed'), [], 'leaving out a namespace is not a rename');
  });

  it('a language without a grammar: placed by the anchor, one info for the walkthrough, no error', async () => {
    const kotlin = 'class Cart {\n    fun add(sku: String) {\n        lines.add(sku)\n    }\n    fun clear() {\n        lines.clear()\n    }\n}\n';
    const { engine } = await loadWorkspace({
      'Cart.kt': kotlin,
      't.walkthrough.yaml': `title: t
steps:
  - file: Cart.kt
    symbol: Cart.add
    lines: 3
    anchor: lines.add(sku)
  - file: Cart.kt
    symbol: Cart.clear
    lines: 6
    anchor: lines.clear()
`,
    });
    const steps = stepsOf(engine);
    assert.deepEqual(steps.map((s) => s.status), ['ok', 'ok']);
    const unsupported = diagnosticsWith(engine, 'symbol-unsupported');
    assert.equal(unsupported.length, 1, 'said once');
    assert.equal(unsupported[0]!.severity, 'info');
    assert.match(unsupported[0]!.message, /\.kt/);
    assert.ok(engine.diagnostics('/ws/t.walkthrough.yaml').every((d) => d.severity !== 'error'));
  });

  it('Python: an anchor repeated in two methods lands in the step\'s symbol', async () => {
    const py = fixture('service.py');
    const { engine } = await loadWorkspace({
      'orders/service.py': py,
      't.walkthrough.yaml': `title: t\nsteps:\n  - file: orders/service.py\n    symbol: OrderService.cancel\n    anchor: self.repository.save(order)\n`,
    });
    const step = stepsOf(engine)[0]!;
    assert.equal(step.status, 'ok');
    const cancel = lineOf(py, 'def cancel(self, order_id):');
    assert.ok(lines(step)![0] > cancel, 'the save in cancel, not the one in place');
  });
});

describe('the issue\'s TypeScript case', () => {
  it('a local renamed in saveTour: its step stays in saveTour (fuzzy), not on the identical line of registerRecorderCommands', async () => {
    const ts = fixture('service.ts');
    const folderLine = lineOf(ts, 'const folder = path.dirname(target);');
    const { engine, fs } = await loadWorkspace({
      'src/store.ts': ts,
      't.walkthrough.yaml': `title: t\nsteps:\n  - file: src/store.ts\n    symbol: TourStore.saveTour\n    lines: ${folderLine}\n    anchor: const folder = path.dirname(target);\n`,
    });
    assert.equal(stepsOf(engine)[0]!.status, 'ok');
    const saveTour = ts.split('\n').slice(lineOf(ts, 'async saveTour('), lineOf(ts, 'async loadTour(') - 1);
    const renamed = ts.replace(saveTour.join('\n'), saveTour.join('\n').replace(/\btarget\b/g, 'destination'));
    assert.notEqual(renamed, ts);
    fs.write('/ws/src/store.ts', renamed);
    await engine.fileChanged('/ws/src/store.ts');
    const step = stepsOf(engine)[0]!;
    assert.ok(step.status === 'fuzzy' || step.status === 'approximate', step.status);
    assert.deepEqual(lines(step), [folderLine, folderLine], 'on the renamed line of saveTour');
    const other = lineOf(renamed, 'export function registerRecorderCommands(');
    assert.ok(step.span!.start + 1 < other);
  });
});

describe('a declaration followed to another file of its language family', () => {
  it('a TypeScript function moved into a .tsx file is followed there; not into a Python file', async () => {
    const ts = fixture('service.ts');
    const slugStart = ts.indexOf('export const slug =');
    const slugEnd = ts.indexOf("    .replace(/^-|-$/g, '');") + "    .replace(/^-|-$/g, '');".length;
    const slug = ts.slice(slugStart, slugEnd);
    const rest = ts.slice(0, slugStart) + ts.slice(slugEnd);
    const yaml = `title: t\nsteps:\n  - file: src/store.ts\n    symbol: slug\n    lines: ${lineOf(ts, ".replace(/[^a-z0-9]+/g, '-')")}\n    anchor: .replace(/[^a-z0-9]+/g, '-')\n`;
    const tsx = `import React from 'react';\n\n${slug}\n\nexport function Title({ text }: { text: string }) {\n  return <h1 id={slug(text)}>{text}</h1>;\n}\n`;
    const { engine } = await loadWorkspace({ 'src/store.ts': rest, 'src/Title.tsx': tsx, 'src/slug.py': 'def slug(text):\n    return text\n', 't.walkthrough.yaml': yaml });
    const step = stepsOf(engine)[0]!;
    assert.equal(step.status, 'moved');
    assert.equal(step.file, '/ws/src/Title.tsx');
    assert.deepEqual(lines(step), [lineOf(tsx, ".replace(/[^a-z0-9]+/g, '-')"), lineOf(tsx, ".replace(/[^a-z0-9]+/g, '-')")]);
  });
});
