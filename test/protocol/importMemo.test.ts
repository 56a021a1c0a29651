/**
 * `walkthroughs/importMemo`, the "Create Walkthrough from Memo…" lens, and memo links to code in
 * the step card and hovers, through the real server over stdio.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportMemoResult, ListWalkthroughsResult, StepContentResult } from '../../common/src/protocol';
import { INVENTORY_GO, sampleFiles } from './fixtures';
import { hoverText, LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

const NOTES = `# Inventory notes

## 防超卖：怎么保证不超卖？

请打开 [inventory.go](file:///Users/someone/else/handler/inventory.go?line=56) 查看 \`Sell\` 方法。

1. **加锁 (Line 74-78)**
   \`\`\`go
   mutex := lock(fmt.Sprintf("goods_%d", goodsId))
   \`\`\`

## Nowhere

\`\`\`go
func NotInThisRepo() {}
\`\`\`
`;

describe('walkthroughs/importMemo', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = tempWorkspace({ ...sampleFiles(), 'notes/inventory-notes.md': NOTES, 'notes/plain.md': '# Just prose\n\nNo code here.\n' });
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('returns the walkthrough and the report for a memo, and writes nothing', async () => {
    const memo = path.join(dir, 'notes/inventory-notes.md');
    const result = await client.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uri(memo) });
    assert.equal(result.error, undefined);
    assert.equal(result.out, uri(path.join(dir, 'notes/inventory-notes.walkthrough.yaml')));
    assert.equal(result.exists, false);
    assert.equal(result.walkthroughId, 'inventory-notes');
    assert.equal(result.steps, 2);
    assert.match(result.yaml, /symbol: InventoryServer\.Sell/);
    assert.match(result.yaml, /root: \.\./);
    assert.match(result.yaml, /memo: inventory-notes\.md/);
    const lock = result.references.find((r) => r.kind === 'snippet' && r.placed)!;
    const lockLine = INVENTORY_GO.split('\n').findIndex((l) => l.includes('mutex := lock(')) + 1;
    assert.deepEqual([lock.file, lock.startLine, lock.symbol], ['handler/inventory.go', lockLine, 'InventoryServer.Sell']);
    const missing = result.references.find((r) => r.reference.includes('NotInThisRepo'))!;
    assert.equal(missing.placed, false);
    assert.ok(missing.reason);
    assert.equal(existsSync(path.join(dir, 'notes/inventory-notes.walkthrough.yaml')), false, 'nothing written');
  });

  it('the written result is a walkthrough the server lists with every step ok', async () => {
    const memo = path.join(dir, 'notes/inventory-notes.md');
    const result = await client.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uri(memo) });
    const out = path.join(dir, 'notes/inventory-notes.walkthrough.yaml');
    writeFileSync(out, result.yaml);
    client.watchedFilesChanged([{ file: out, type: 1 }]);
    let walkthrough: ListWalkthroughsResult['walkthroughs'][number] | undefined;
    for (let attempt = 0; attempt < 50 && !walkthrough; attempt++) {
      const { walkthroughs } = await client.request<ListWalkthroughsResult>('walkthroughs/list', {});
      walkthrough = walkthroughs.find((w) => w.id === 'inventory-notes');
      if (!walkthrough) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(walkthrough, 'the imported walkthrough is listed');
    assert.deepEqual(walkthrough.steps.map((s) => s.status), ['ok', 'ok']);
    // Importing again updates the file in place: the user's title survives.
    writeFileSync(out, readFileSync(out, 'utf8').replace('title: 加锁', 'title: 我的标题'));
    client.watchedFilesChanged([{ file: out, type: 2 }]);
    const again = await client.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uri(memo) });
    assert.equal(again.exists, true);
    assert.deepEqual(again.merge, { updated: 2, added: 0, kept: 0 });
    assert.match(again.yaml, /title: 我的标题/);
  });

  it('refuses memos and targets outside the workspace', async () => {
    const outside = await client.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uri('/etc/passwd.md') });
    assert.match(outside.error ?? '', /inside a workspace folder/);
    const target = await client.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uri(path.join(dir, 'notes/inventory-notes.md')), out: uri('/tmp/elsewhere.walkthrough.yaml') });
    assert.match(target.error ?? '', /inside a workspace folder/);
    const junk = await client.request<ImportMemoResult>('walkthroughs/importMemo', { memo: 42 });
    assert.ok(junk.error);
  });

  it('offers "Create Walkthrough from Memo…" at the top of markdown that cites code, not on plain prose', async () => {
    const lenses = await client.codeLens(path.join(dir, 'notes/inventory-notes.md'));
    const lens = (lenses ?? []).find((l) => l.command?.command === 'walkthroughs.importMemo');
    assert.ok(lens, 'the lens is there');
    assert.equal(lens.range.start.line, 0);
    assert.deepEqual(lens.command!.arguments, [uri(path.join(dir, 'notes/inventory-notes.md'))]);
    const plain = await client.codeLens(path.join(dir, 'notes/plain.md'));
    assert.equal((plain ?? []).some((l) => l.command?.command === 'walkthroughs.importMemo'), false);
  });
});

describe('memo links to code in the step card and hovers', () => {
  let dir: string;
  let client: LspClient;
  const memo = `# Memo\n\n## Sell\n\n请打开 [inventory.go](file:///Users/someone/mxshop_srvs/handler/inventory.go?line=9) 查看 \`Sell\`。\nAlso [an old file](file:///Users/someone/mxshop_srvs/handler/gone.go?line=3) and [Go](https://go.dev).\n`;
  const yaml = `title: Links\nid: links\nmemo: memo.md\nsteps:\n  - id: sell\n    title: Sell\n    file: svc/handler/inventory.go\n    symbol: InventoryServer.Sell\n    section: Sell\n    question: "See [the handler](vscode://file/elsewhere/handler/inventory.go:10)"\n`;
  before(async () => {
    dir = tempWorkspace({ 'svc/handler/inventory.go': INVENTORY_GO, 'memo.md': memo, 'links.walkthrough.yaml': yaml });
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('walkthroughs/step: code links open the workspace file at the line; links that resolve nowhere are plain text', async () => {
    const content = await client.request<StepContentResult>('walkthroughs/step', { walkthroughId: 'links', stepId: 'sell' });
    // The code sits one folder below the workspace: the link's suffix is found by listing.
    const file = uri(path.join(dir, 'svc/handler/inventory.go'));
    const points = content?.points ?? '';
    assert.ok(points.includes(`[inventory.go](${file}#L9)`), points);
    assert.ok(points.includes('Also an old file and [Go](https://go.dev).'), points);
    assert.equal(content?.question, `See [the handler](${file}#L10)`);
  });

  it('hover: the same links, still without HTML', async () => {
    const file = path.join(dir, 'svc/handler/inventory.go');
    client.open(file, INVENTORY_GO, 'go');
    const line = INVENTORY_GO.split('\n').findIndex((l) => l.includes('mutex := lock('));
    const text = hoverText(await client.hover(file, { line, character: 2 }));
    assert.ok(text.includes(`[inventory.go](${uri(file)}#L9)`), text);
    assert.ok(text.includes('Also an old file and'), text);
    assert.equal(text.includes('gone.go'), false);
  });
});
