/** The custom protocol: walkthroughs/list, walkthroughs/step, walkthroughs/applyToFolder, walkthroughs/didChange. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplyToFolderResult, ListWalkthroughsResult, StepContentResult } from '../../common/src/protocol';
import { INVENTORY_GO, sampleFiles } from './fixtures';
import { LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

describe('custom requests', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = tempWorkspace(sampleFiles());
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('walkthroughs/list returns every walkthrough, primary first, with resolved steps', async () => {
    const { walkthroughs } = await client.request<ListWalkthroughsResult>('walkthroughs/list', {});
    assert.deepEqual(
      walkthroughs.map((w) => [w.id, w.title, w.primary, w.next, w.uri]),
      [
        ['order-flow', '下单链路', true, 'reback-flow', uri(path.join(dir, 'order.walkthrough.yaml'))],
        ['reback-flow', '归还库存', false, undefined, uri(path.join(dir, 'reback.walkthrough.yaml'))],
      ],
    );
    const go = uri(path.join(dir, 'handler/inventory.go'));
    assert.deepEqual(walkthroughs[0]!.steps[0], { id: 'intro', index: 0, title: 'Overview', status: 'ok', contentOnly: true });
    assert.deepEqual(walkthroughs[0]!.steps[1], { id: 'sell-lock', index: 1, title: 'Sell: 加锁扣库存', status: 'ok', contentOnly: false, hasQuestion: true, uri: go, range: { startLine: 8, endLine: 12 } });
    assert.deepEqual(
      walkthroughs[1]!.steps.map((s) => [s.id, s.status, s.range?.startLine]),
      [
        ['moved', 'moved', 17],
        ['fuzzy', 'fuzzy', 21],
        ['stale', 'stale', undefined],
        ['missing', 'missing', undefined],
      ],
    );
    assert.equal(walkthroughs[1]!.steps[3]!.statusMessage, 'File not found: handler/nope.go');
  });

  it('walkthroughs/step returns the content of one step with its neighbours', async () => {
    const content = await client.request<StepContentResult>('walkthroughs/step', { walkthroughId: 'order-flow', stepId: 'sell-lock' });
    assert.ok(content);
    assert.deepEqual(content.walkthrough, { id: 'order-flow', title: '下单链路', uri: uri(path.join(dir, 'order.walkthrough.yaml')) });
    assert.deepEqual([content.position, content.total], [2, 4]);
    assert.equal(content.question, '如何保证高并发下不超卖？');
    assert.match(content.points!, /^Stock must never go negative: lock per goods id\.\n\n- Redis distributed lock\n/);
    assert.deepEqual(content.section, { heading: '1. 核心难点', uri: uri(path.join(dir, 'memo.md')), line: 2 });
    assert.deepEqual(content.previous, { id: 'intro', title: 'Overview' });
    assert.deepEqual(content.next, { id: 'sell-func', title: 'inventory.go:8-15' });
    assert.deepEqual(content.nextWalkthrough, { id: 'reback-flow', title: '归还库存' });

    const last = await client.request<StepContentResult>('walkthroughs/step', { walkthroughId: 'order-flow', stepId: 'reback' });
    assert.equal(last!.next, undefined);
    assert.equal(last!.points, 'Give stock back when the order times out.');
    const inline = await client.request<StepContentResult>('walkthroughs/step', { walkthroughId: 'order-flow', stepId: 'intro' });
    assert.equal(inline!.points, 'Start here.');
    assert.equal(inline!.previous, undefined);
  });

  it('walkthroughs/step returns null for unknown walkthroughs, steps and bad params', async () => {
    assert.equal(await client.request('walkthroughs/step', { walkthroughId: 'nope', stepId: '1' }), null);
    assert.equal(await client.request('walkthroughs/step', { walkthroughId: 'order-flow', stepId: '99' }), null);
    assert.equal(await client.request('walkthroughs/step', {}), null);
  });

  it('walkthroughs/applyToFolder resolves bundled walkthroughs against another checkout, writing nothing', async () => {
    // "Bundled" walkthroughs outside the workspace, and a user checkout where the code moved down 3 lines.
    const bundled = tempWorkspace({ 'tour.walkthrough.yaml': 'title: Bundled\nroot: ../elsewhere\nsteps:\n  - file: handler/inventory.go\n    lines: 9\n    anchor: mutex := lock(fmt.Sprintf("goods_%d", goodsId))\n  - file: handler/gone.go\n    lines: 1\n' });
    const checkout = tempWorkspace({ 'handler/inventory.go': `// a\n// b\n// c\n${INVENTORY_GO}` });
    try {
      // A folder that is not open in the workspace is never read.
      const outside = await client.request<ApplyToFolderResult>('walkthroughs/applyToFolder', { sourceFolder: uri(bundled), targetFolder: uri(checkout) });
      assert.deepEqual(outside.walkthroughs, []);
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(checkout), name: 'checkout' }], removed: [] } });
      const result = await client.request<ApplyToFolderResult>('walkthroughs/applyToFolder', { sourceFolder: uri(bundled), targetFolder: uri(checkout) });
      assert.deepEqual(
        result.walkthroughs.map((w) => [w.title, w.steps.map((s) => [s.status, s.uri, s.range?.startLine])]),
        [
          [
            'Bundled',
            [
              ['moved', uri(path.join(checkout, 'handler/inventory.go')), 11],
              ['missing', undefined, undefined],
            ],
          ],
        ],
      );
      assert.equal(result.copies, undefined, 'no copies unless asked for');
      // With copyTo: the texts of the copies, `root` pointing at the checkout and the found lines; still nothing written.
      const copyTo = path.join(checkout, 'code-walkthroughs');
      const withCopies = await client.request<ApplyToFolderResult>('walkthroughs/applyToFolder', { sourceFolder: uri(bundled), targetFolder: uri(checkout), copyTo: uri(copyTo) });
      assert.deepEqual(withCopies.copies?.map((c) => c.path), ['tour.walkthrough.yaml']);
      const copy = withCopies.copies![0]!.text;
      assert.match(copy, /^root: \.\.$/m);
      assert.match(copy, /lines: 12\n/);
      assert.match(copy, /file: handler\/gone\.go\n/, 'a step that found nothing keeps what it said');
      assert.ok(!existsSync(copyTo), 'the server writes nothing');
      // A copyTo outside the target gets no copies.
      const elsewhere = await client.request<ApplyToFolderResult>('walkthroughs/applyToFolder', { sourceFolder: uri(bundled), targetFolder: uri(checkout), copyTo: uri(bundled) });
      assert.equal(elsewhere.copies, undefined);
      // The workspace itself is untouched.
      const { walkthroughs } = await client.request<ListWalkthroughsResult>('walkthroughs/list', {});
      assert.equal(walkthroughs.length, 2);
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(checkout), name: 'checkout' }] } });
    } finally {
      removeWorkspace(bundled);
      removeWorkspace(checkout);
    }
  });

  it('walkthroughs/didChange is sent after the initial load and when a step moves, not on edits that change nothing', async () => {
    await client.waitFor(() => client.didChangeCount >= 1, 'initial walkthroughs/didChange');
    const go = path.join(dir, 'handler/inventory.go');
    client.open(go, INVENTORY_GO, 'go');
    const before = client.didChangeCount;
    // An edit below every step: re-resolved, but nothing a client shows changes.
    client.change(go, [{ range: { start: { line: 27, character: 0 }, end: { line: 27, character: 0 } }, text: '// trailing\n' }]);
    await client.codeLens(go);
    assert.equal(client.didChangeCount, before);
    client.change(go, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// top\n' }]);
    await client.codeLens(go);
    await client.waitFor(() => client.didChangeCount > before, 'walkthroughs/didChange after a step moved');
    client.close(go);
  });
});
