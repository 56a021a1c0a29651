/**
 * walkthroughs/edit and its pickers over stdio: the server computes edits on the buffer the
 * client has open (unsaved), versioned; applying the edit gives a walkthrough whose new step
 * resolves; moves across files carry the step; CRLF survives; refusals explain themselves.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-protocol';
import type { DeclarationsResult, EditWalkthroughResult, ListWalkthroughsResult, LocateResult, MemoSectionsResult, WalkthroughEdit } from '../../common/src/protocol';
import { applyEdits } from '../../server/src/core/format/stepEdits';
import { ORDER_YAML, REBACK_YAML, sampleFiles } from './fixtures';
import { LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

type TextChange = { textDocument: { uri: string; version: number | null }; edits: TextEdit[] };

describe('authoring requests', () => {
  let dir: string;
  let client: LspClient;
  let order: string;
  let reback: string;
  let go: string;
  const edit = (op: WalkthroughEdit) => client.request<EditWalkthroughResult>('walkthroughs/edit', op);
  const textChanges = (result: EditWalkthroughResult) => (result.edit?.documentChanges ?? []).filter((c): c is TextChange => 'textDocument' in c);
  const list = () => client.request<ListWalkthroughsResult>('walkthroughs/list', {});

  before(async () => {
    dir = tempWorkspace({ ...sampleFiles(), 'crlf.walkthrough.yaml': 'title: CRLF\r\nsteps:\r\n  - id: a # one\r\n    points: A\r\n  - id: b\r\n    points: B\r\n' });
    order = path.join(dir, 'order.walkthrough.yaml');
    reback = path.join(dir, 'reback.walkthrough.yaml');
    go = path.join(dir, 'handler/inventory.go');
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('adds a step from a selection to the unsaved buffer, versioned, with lines, anchor and symbol', async () => {
    // The user has typed a comment into the open YAML and not saved it.
    const unsaved = ORDER_YAML.replace('steps:\n', 'steps:\n  # unsaved comment\n');
    client.open(order, unsaved, 'yaml');
    const result = await edit({
      kind: 'addStep',
      walkthroughId: 'order-flow',
      index: 2,
      // Lines 10-12 of inventory.go (0-based 9..11), selected from the middle of the first line.
      step: { location: { uri: uri(go), range: { start: { line: 9, character: 4 }, end: { line: 12, character: 0 } } }, section: '1. 核心难点', title: 'Lock error', question: 'What if Lock fails?' },
    });
    assert.equal(result.error, undefined);
    const [change, ...others] = textChanges(result);
    assert.equal(others.length, 0);
    assert.equal(change!.textDocument.uri, uri(order));
    assert.equal(change!.textDocument.version, client.version(order), 'versioned against the open buffer');
    const after = applyEdits(unsaved, change!.edits);
    assert.ok(after.includes('  # unsaved comment\n'), 'computed on the buffer, not the disk');
    assert.ok(
      after.includes(
        '    question: 如何保证高并发下不超卖？\n  - id: lock-error\n    title: Lock error\n    file: handler/inventory.go\n    lines: 10-12\n    anchor: |-\n      if err := mutex.Lock(); err != nil {\n      return err\n      }\n    symbol: InventoryServer.Sell\n    section: 1. 核心难点\n    question: What if Lock fails?\n  - id: sell-func\n',
      ),
      after,
    );
    assert.deepEqual(result.step, { walkthroughUri: uri(order), index: 2 });
    client.change(order, [{ text: after }]);
    const { walkthroughs } = await list();
    const added = walkthroughs.find((w) => w.id === 'order-flow')!.steps[2]!;
    assert.deepEqual([added.title, added.status, added.range], ['Lock error', 'ok', { startLine: 9, endLine: 11 }]);
    // Undo: the client's undo restores the buffer; the server follows it.
    client.change(order, [{ text: unsaved }]);
    assert.equal((await list()).walkthroughs.find((w) => w.id === 'order-flow')!.steps.length, 4);
    client.close(order);
  });

  it('the current line when nothing is selected; no symbol outside declarations', async () => {
    const located = await client.request<LocateResult>('walkthroughs/locate', { uri: uri(go), range: { start: { line: 8, character: 3 }, end: { line: 8, character: 3 } } });
    assert.deepEqual(located, { range: { startLine: 8, endLine: 8 }, anchor: 'mutex := lock(fmt.Sprintf("goods_%d", goodsId))', symbol: 'InventoryServer.Sell' });
    const top = await client.request<LocateResult>('walkthroughs/locate', { uri: uri(go), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    assert.deepEqual(top, { range: { startLine: 0, endLine: 0 }, anchor: 'package handler' });
    const blank = await client.request<LocateResult>('walkthroughs/locate', { uri: uri(go), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } } });
    assert.match(blank.error ?? '', /blank/);
    const outside = await client.request<LocateResult>('walkthroughs/locate', { uri: 'file:///etc/passwd', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    assert.match(outside.error ?? '', /outside/);
  });

  it('moves, renames, edits the question and re-anchors a step (file not open: version null)', async () => {
    const moved = await edit({ kind: 'moveStep', walkthroughId: 'order-flow', stepId: 'reback', toIndex: 0 });
    const [change] = textChanges(moved);
    assert.equal(change!.textDocument.version, null);
    const text = applyEdits(ORDER_YAML, change!.edits);
    assert.ok(text.includes('steps:\n  - id: reback\n    title: Reback\n    file: handler/inventory.go\n    lines: 17-20\n    section: "2. Reback"\n  - id: intro\n'), text);
    assert.ok(text.endsWith('    symbol: InventoryServer.Sell\n'));

    const renamed = await edit({ kind: 'updateStep', walkthroughId: 'order-flow', stepId: 'sell-lock', title: 'Lock: per goods', question: null });
    const renamedText = applyEdits(ORDER_YAML, textChanges(renamed)[0]!.edits);
    assert.ok(renamedText.includes('    title: "Lock: per goods"\n'));
    assert.ok(!renamedText.includes('question:'));

    const reanchored = await edit({ kind: 'reanchorStep', walkthroughId: 'order-flow', stepId: 'reback', location: { uri: uri(go), range: { start: { line: 16, character: 0 }, end: { line: 19, character: 1 } } } });
    const reText = applyEdits(ORDER_YAML, textChanges(reanchored)[0]!.edits);
    assert.ok(reText.includes('    lines: 17-20\n    anchor: |-\n      func (s *InventoryServer) Reback(goodsId int) error {\n      fmt.Println("reback", goodsId)\n      return nil\n      }\n    symbol: InventoryServer.Reback\n    section: "2. Reback"\n'), reText);
  });

  it('moves a step to another walkthrough: one edit per file, the memo kept for its section', async () => {
    const result = await edit({ kind: 'moveStep', walkthroughId: 'order-flow', stepId: 'sell-lock', toWalkthroughId: 'reback-flow', toIndex: 1 });
    const changes = textChanges(result);
    assert.deepEqual(changes.map((c) => c.textDocument.uri).sort(), [uri(order), uri(reback)].sort());
    const source = applyEdits(ORDER_YAML, changes.find((c) => c.textDocument.uri === uri(order))!.edits);
    const target = applyEdits(REBACK_YAML, changes.find((c) => c.textDocument.uri === uri(reback))!.edits);
    assert.ok(!source.includes('sell-lock'));
    assert.ok(target.includes('    lines: 5   # out of date on purpose\n    anchor: fmt.Println("reback", goodsId)\n  - id: sell-lock\n'), target);
    assert.ok(target.includes('    section: "1. 核心难点"\n    memo: memo.md\n'), 'the target has no memo: the step names its own');
    assert.deepEqual(result.step, { walkthroughUri: uri(reback), index: 1 });
  });

  it('keeps CRLF line ends of a file on disk', async () => {
    const file = path.join(dir, 'crlf.walkthrough.yaml');
    const before = fs.readFileSync(file, 'utf8');
    const result = await edit({ kind: 'addStep', walkthroughId: 'crlf', step: { title: 'C', points: 'third' } });
    const after = applyEdits(before, textChanges(result)[0]!.edits);
    assert.equal(after, `${before}  - id: c\r\n    title: C\r\n    points: third\r\n`);
    const moved = applyEdits(before, textChanges(await edit({ kind: 'moveStep', walkthroughId: 'crlf', stepId: 'b', toIndex: 0 }))[0]!.edits);
    assert.equal(moved, 'title: CRLF\r\nsteps:\r\n  - id: b\r\n    points: B\r\n  - id: a # one\r\n    points: A\r\n');
  });

  it('sets the primary walkthrough, renames, creates and deletes walkthroughs', async () => {
    const primary = await edit({ kind: 'setPrimary', walkthroughId: 'reback-flow' });
    const changes = textChanges(primary);
    assert.ok(applyEdits(REBACK_YAML, changes.find((c) => c.textDocument.uri === uri(reback))!.edits).includes('id: reback-flow\nprimary: true\nsteps:'));
    assert.ok(!applyEdits(ORDER_YAML, changes.find((c) => c.textDocument.uri === uri(order))!.edits).includes('primary'));

    const created = await edit({
      kind: 'createWalkthrough',
      uri: uri(path.join(dir, 'tours/new.walkthrough.yaml')),
      title: 'New tour',
      memoUri: uri(path.join(dir, 'memo.md')),
      step: { location: { uri: uri(go), range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } } }, section: '1. 核心难点' },
    });
    assert.equal(created.error, undefined);
    const [create, insert] = created.edit!.documentChanges as [{ kind: string; uri: string }, TextChange];
    assert.deepEqual([create.kind, create.uri], ['create', uri(path.join(dir, 'tours/new.walkthrough.yaml'))]);
    assert.equal(
      insert.edits[0]!.newText,
      'title: New tour\nmemo: ../memo.md\nsteps:\n  - id: inventory-server-sell\n    file: handler/inventory.go\n    lines: 9\n    anchor: mutex := lock(fmt.Sprintf("goods_%d", goodsId))\n    symbol: InventoryServer.Sell\n    section: 1. 核心难点\n',
    );
    const exists = await edit({ kind: 'createWalkthrough', uri: uri(order), title: 'x' });
    assert.match(exists.error ?? '', /exists/);

    const deleted = await edit({ kind: 'deleteWalkthrough', walkthroughId: 'reback-flow' });
    assert.deepEqual(deleted.edit!.documentChanges, [{ kind: 'delete', uri: uri(reback), options: { ignoreIfNotExists: true } }]);
  });

  it('refuses what it cannot do, with a reason', async () => {
    assert.match((await edit({ kind: 'deleteStep', walkthroughId: 'nope', stepId: '1' })).error ?? '', /No walkthrough/);
    assert.match((await edit({ kind: 'deleteStep', walkthroughId: 'order-flow', stepId: 'nope' })).error ?? '', /no step/);
    assert.match((await client.request<EditWalkthroughResult>('walkthroughs/edit', { kind: 42 })).error ?? '', /malformed/);
    // A step with nothing in it (no location, no title, question, points or section) is refused, not inserted empty.
    for (const step of [{}, { title: '  ', points: '' }, 'x', null]) {
      const empty = await client.request<EditWalkthroughResult>('walkthroughs/edit', { kind: 'addStep', walkthroughId: 'order-flow', step });
      assert.equal(empty.edit, undefined, `no edit for step ${JSON.stringify(step)}`);
      assert.match(empty.error ?? '', /empty|malformed/, `a reason for step ${JSON.stringify(step)}`);
    }
    const broken = ORDER_YAML.replace('title: 下单链路', 'title: [');
    client.open(order, broken, 'yaml');
    assert.match((await edit({ kind: 'moveStep', walkthroughId: 'order-flow', stepId: 'reback', toIndex: 0 })).error ?? '', /syntax errors/);
    client.close(order);
  });

  it('completes `anchor:` with the text at the step’s lines: the first line, and the block', async () => {
    const text = 'title: T\nsteps:\n  - file: handler/inventory.go\n    lines: 9-11\n    anchor: \n';
    const file = path.join(dir, 'typing.walkthrough.yaml');
    client.open(file, text, 'yaml');
    const items = await client.completion(file, { line: 4, character: 12 });
    assert.deepEqual(items.map((i) => i.label), ['mutex := lock(fmt.Sprintf("goods_%d", goodsId))', 'mutex := lock(fmt.Sprintf("goods_%d", goodsId)) … (3 lines)']);
    const [line, block] = items.map((i) => (i.textEdit as TextEdit).newText);
    assert.equal(line, 'mutex := lock(fmt.Sprintf("goods_%d", goodsId))');
    // Relative to the line's own indentation (4), which the editor adds to each inserted line.
    assert.equal(block, '|-\n  mutex := lock(fmt.Sprintf("goods_%d", goodsId))\n  if err := mutex.Lock(); err != nil {\n  return err');
    client.close(file);
  });

  it('lists memo sections with references and previews, and declarations of code files', async () => {
    const { memoUri, sections } = await client.request<MemoSectionsResult>('walkthroughs/memoSections', { walkthroughId: 'order-flow' });
    assert.equal(memoUri, uri(path.join(dir, 'memo.md')));
    assert.deepEqual(sections.map((s) => [s.heading, s.level, s.line, s.reference]), [
      ['Interview memo', 1, 0, 'Interview memo'],
      ['1. 核心难点', 2, 2, '1. 核心难点'],
      ['2. Reback', 2, 10, '2. Reback'],
    ]);
    assert.match(sections[1]!.preview, /^Stock must never go negative/);
    const { declarations } = await client.request<DeclarationsResult>('walkthroughs/declarations', { uris: [uri(go), 'file:///etc/hostname'] });
    assert.ok(declarations.some((d) => d.name === 'InventoryServer.Sell' && d.kind === 'method' && d.range.startLine === 7));
    assert.ok(declarations.every((d) => d.uri === uri(go)));
  });
});
