/** Authoring walkthrough YAML: completion, go to definition, code actions, document symbols. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, DocumentSymbol, Location, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { ORDER_YAML, REBACK_YAML, sampleFiles } from './fixtures';
import { LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let result = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  }
  return result;
}

function editsOf(action: CodeAction): TextEdit[] {
  return (action.edit!.documentChanges as TextDocumentEdit[]).flatMap((c) => c.edits as TextEdit[]);
}

describe('authoring walkthrough YAML', () => {
  let dir: string;
  let client: LspClient;
  let order: string;
  let reback: string;
  before(async () => {
    dir = tempWorkspace({
      ...sampleFiles(),
      'handler/stock.go': 'package handler\n\nconst MaxStock = 10\n',
      'docs/readme.txt': 'x',
      'moved.walkthrough.yaml': 'title: Moved\nsteps:\n  - file: handler/limits.go # renamed since\n    lines: 1\n    symbol: MaxStock\n',
    });
    order = path.join(dir, 'order.walkthrough.yaml');
    reback = path.join(dir, 'reback.walkthrough.yaml');
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  describe('completion', () => {
    it('offers the missing top-level keys with documentation', async () => {
      const text = `${ORDER_YAML}\n`;
      client.open(order, text, 'yaml');
      const items = await client.completion(order, { line: text.split('\n').length - 1, character: 0 });
      assert.deepEqual(
        items.map((i) => i.label),
        ['description', 'root', 'practice', 'convertedFrom'],
      );
      assert.match((items[0]!.documentation as { value: string }).value, /tooltip/);
      client.close(order);
    });

    it('offers step keys not yet used in that step', async () => {
      const text = ORDER_YAML.replace('    points: Start here.\n', '    points: Start here.\n    fi\n');
      client.open(order, text, 'yaml');
      const items = await client.completion(order, { line: 10, character: 6 });
      assert.deepEqual(
        items.map((i) => i.label),
        ['file', 'lines', 'anchor', 'symbol', 'section', 'memo', 'question'],
      );
      assert.deepEqual(items[0]!.textEdit, { range: { start: { line: 10, character: 4 }, end: { line: 10, character: 6 } }, newText: 'file: ' });
      client.close(order);
    });

    it('completes `file` paths under the root, folder by folder', async () => {
      const text = ORDER_YAML.replace('    file: handler/inventory.go\n    lines: 9-13', '    file: \n    lines: 9-13');
      client.open(order, text, 'yaml');
      const top = await client.completion(order, { line: 12, character: 10 });
      assert.deepEqual(
        top.map((i) => i.label),
        ['docs/', 'handler/', 'memo.md', 'moved.walkthrough.yaml', 'order.walkthrough.yaml', 'reback.walkthrough.yaml'],
      );
      client.change(order, [{ range: { start: { line: 12, character: 10 }, end: { line: 12, character: 10 } }, text: 'handler/in' }]);
      const inHandler = await client.completion(order, { line: 12, character: 20 });
      assert.deepEqual(
        inHandler.map((i) => i.label),
        ['inventory.go', 'stock.go'],
      );
      assert.deepEqual((inHandler[0]!.textEdit as TextEdit).range, { start: { line: 12, character: 18 }, end: { line: 12, character: 20 } });
      client.close(order);
    });

    it('completes `memo` with markdown files and `root` with folders, relative to the YAML file', async () => {
      const text = ORDER_YAML.replace('memo: memo.md', 'memo: ').replace('primary: true', 'root: ');
      client.open(order, text, 'yaml');
      const memos = await client.completion(order, { line: 3, character: 6 });
      assert.deepEqual(
        memos.map((i) => i.label),
        ['docs/', 'handler/', 'memo.md'],
      );
      const roots = await client.completion(order, { line: 4, character: 6 });
      assert.deepEqual(
        roots.map((i) => i.label),
        ['docs/', 'handler/'],
      );
      client.close(order);
    });

    it('completes `symbol` with the declarations of the step file', async () => {
      const text = ORDER_YAML.replace('    symbol: InventoryServer.Sell', '    symbol: ');
      client.open(order, text, 'yaml');
      const items = await client.completion(order, { line: 19, character: 12 });
      assert.deepEqual(
        items.map((i) => `${i.label} (${i.detail})`),
        [
          'InventoryServer (type · line 5)',
          'InventoryServer.Sell (method · line 8)',
          'InventoryServer.Reback (method · line 17)',
          'lock (function · line 22)',
          'Mutex (type · line 24)',
          'Mutex.Lock (method · line 26)',
          'Mutex.Unlock (method · line 27)',
        ],
      );
      client.close(order);
    });

    it('completes `section` with the memo headings (quoted when YAML needs it) and `next` with walkthrough ids', async () => {
      const text = ORDER_YAML.replace('    section: "2. Reback"', '    section: ');
      client.open(order, text, 'yaml');
      const sections = await client.completion(order, { line: 24, character: 13 });
      assert.deepEqual(
        sections.map((i) => [i.label, i.detail, i.textEdit!.newText]),
        [
          ['Interview memo', '# · #interview-memo', 'Interview memo'],
          ['1. 核心难点', '## · #1-核心难点', '1. 核心难点'],
          ['2. Reback', '## · #2-reback', '2. Reback'],
        ],
      );
      const next = await client.completion(order, { line: 5, character: 6 });
      assert.deepEqual(
        next.map((i) => i.label),
        ['moved', 'reback-flow'],
      );
      client.close(order);
    });
  });

  describe('go to definition', () => {
    const single = (result: Location[] | Location | null): Location => (Array.isArray(result) ? result[0]! : result!);

    it('goes from file, lines, anchor or symbol to the resolved code range', async () => {
      const go = uri(path.join(dir, 'handler/inventory.go'));
      for (const position of [
        { line: 12, character: 14 }, // file
        { line: 13, character: 12 }, // lines
        { line: 14, character: 20 }, // anchor
      ]) {
        assert.deepEqual(single(await client.definition(order, position)), { uri: go, range: { start: { line: 8, character: 0 }, end: { line: 13, character: 0 } } });
      }
      assert.deepEqual(single(await client.definition(order, { line: 19, character: 15 })), { uri: go, range: { start: { line: 7, character: 0 }, end: { line: 15, character: 0 } } });
      // A moved step: to where the code is now, not where `lines` says.
      assert.deepEqual(single(await client.definition(reback, { line: 6, character: 11 })).range, { start: { line: 17, character: 0 }, end: { line: 18, character: 0 } });
    });

    it('goes from section to the memo heading and from next to that walkthrough', async () => {
      assert.deepEqual(single(await client.definition(order, { line: 15, character: 16 })), {
        uri: uri(path.join(dir, 'memo.md')),
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      });
      assert.deepEqual(single(await client.definition(order, { line: 5, character: 8 })), {
        uri: uri(reback),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      });
      assert.deepEqual(await client.definition(order, { line: 9, character: 14 }), []); // points: nothing to go to
    });
  });

  describe('code actions', () => {
    it('"Update lines to N" for a moved step, editing only the value', async () => {
      const actions = (await client.codeActions(reback, { start: { line: 6, character: 11 }, end: { line: 6, character: 11 } }))!;
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Update lines to 18'],
      );
      assert.deepEqual(editsOf(actions[0]!), [{ range: { start: { line: 6, character: 11 }, end: { line: 6, character: 12 } }, newText: '18' }]);
      const fixed = applyEdits(REBACK_YAML, editsOf(actions[0]!));
      assert.match(fixed, /\n {4}lines: 18 {3}# out of date on purpose\n/);
    });

    it('"Accept the new text as anchor" for a fuzzy step; the warning goes away once applied', async () => {
      const actions = (await client.codeActions(reback, { start: { line: 12, character: 20 }, end: { line: 12, character: 20 } }))!;
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Accept the new text as anchor'],
      );
      assert.deepEqual(editsOf(actions[0]!), [
        { range: { start: { line: 12, character: 4 }, end: { line: 12, character: 60 } }, newText: 'anchor: func lock(name string) *Mutex { return &Mutex{} }' },
      ]);
      client.open(reback, REBACK_YAML, 'yaml');
      client.change(reback, [{ range: editsOf(actions[0]!)[0]!.range, text: editsOf(actions[0]!)[0]!.newText }]);
      const diagnostics = await client.diagnosticsFor(reback, (d) => !d.some((x) => x.code === 'anchor-fuzzy'), 'no anchor-fuzzy');
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['anchor-moved', 'anchor-stale', 'file-not-found'],
      );
      client.close(reback);
      await client.diagnosticsFor(reback, (d) => d.some((x) => x.code === 'anchor-fuzzy'), 'anchor-fuzzy back after close');
    });

    it('"Add anchor from current text" for a lines-only step, inserted after `lines`', async () => {
      const actions = (await client.codeActions(order, { start: { line: 23, character: 0 }, end: { line: 23, character: 0 } }))!;
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Add anchor from current text'],
      );
      const fixed = applyEdits(ORDER_YAML, editsOf(actions[0]!));
      assert.match(fixed, /\n {4}lines: 17-20\n {4}anchor: func \(s \*InventoryServer\) Reback\(goodsId int\) error \{\n {4}section: "2\. Reback"\n/);
      assert.equal(actions[0]!.diagnostics?.length ?? 0, 0);
    });

    it('"Update file to …" when the file is gone and its symbol was found in another file', async () => {
      const moved = path.join(dir, 'moved.walkthrough.yaml');
      const actions = (await client.codeActions(moved, { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }))!;
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Update file to handler/stock.go', 'Add stable id `max-stock`'],
      );
      assert.deepEqual(editsOf(actions[0]!), [
        { range: { start: { line: 2, character: 10 }, end: { line: 2, character: 27 } }, newText: 'handler/stock.go' },
        { range: { start: { line: 3, character: 11 }, end: { line: 3, character: 12 } }, newText: '3' },
      ]);
    });

    it('"Add stable id" for a step without an id: an info diagnostic on its first key, an id inserted above it', async () => {
      const moved = path.join(dir, 'moved.walkthrough.yaml');
      const text = 'title: Moved\nsteps:\n  - file: handler/limits.go # renamed since\n    lines: 1\n    symbol: MaxStock\n';
      const diagnostics = await client.diagnosticsFor(moved, (d) => d.some((x) => x.code === 'missing-step-id'), 'missing-step-id');
      const info = diagnostics.find((d) => d.code === 'missing-step-id')!;
      assert.equal(info.severity, 3, 'an information, not a warning');
      assert.deepEqual(info.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
      const actions = (await client.codeActions(moved, info.range, [info]))!;
      const add = actions.find((a) => a.title.startsWith('Add stable id'))!;
      assert.equal(add.diagnostics?.[0]?.code, 'missing-step-id');
      assert.equal(applyEdits(text, editsOf(add)), 'title: Moved\nsteps:\n  - id: max-stock\n    file: handler/limits.go # renamed since\n    lines: 1\n    symbol: MaxStock\n');
    });

    it('offers nothing on steps that resolve cleanly', async () => {
      assert.deepEqual(await client.codeActions(order, { start: { line: 13, character: 0 }, end: { line: 13, character: 0 } }), []);
    });
  });

  it('outlines the walkthrough and its steps', async () => {
    const symbols = (await client.documentSymbols(order)) as DocumentSymbol[];
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0]!.name, '下单链路');
    assert.equal(symbols[0]!.detail, '4 steps');
    assert.deepEqual(
      symbols[0]!.children!.map((s) => `${s.name} | ${s.detail}`),
      ['1. Overview | content only · ok', '2. Sell: 加锁扣库存 | handler/inventory.go:9-13 · ok', '3. inventory.go:8-15 | handler/inventory.go:8-15 · ok', '4. Reback | handler/inventory.go:17-20 · ok'],
    );
    assert.deepEqual(symbols[0]!.children![1]!.selectionRange, { start: { line: 11, character: 11 }, end: { line: 11, character: 24 } });
  });
});

describe('authoring walkthrough YAML in other languages', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = tempWorkspace({
      'py/orders.py': 'class OrderService:\n    def place(self, items):\n        def line_total(item):\n            return item\n        return sum(map(line_total, items))\n\n\ndef parse_items(text):\n    return text.split(",")\n',
      'py.walkthrough.yaml': 'title: Py\nsteps:\n  - file: py/orders.py\n    symbol: \n',
    });
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

    it('completes `symbol` in a Python file too: classes, methods, nested functions', async () => {
      const py = path.join(dir, 'py.walkthrough.yaml');
      client.open(py, 'title: Py\nsteps:\n  - file: py/orders.py\n    symbol: \n', 'yaml');
      const items = await client.completion(py, { line: 3, character: 12 });
      assert.deepEqual(
        items.map((i) => `${i.label} (${i.detail})`),
        ['OrderService (type · line 1)', 'OrderService.place (method · line 2)', 'OrderService.place.line_total (function · line 3)', 'parse_items (function · line 8)'],
      );
      client.close(py);
    });
});
