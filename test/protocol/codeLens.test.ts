/** CodeLens on code and memo files, following incremental edits; settings and plain clients. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INVENTORY_GO, sampleFiles } from './fixtures';
import { hoverText, lensSummary, LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

describe('CodeLens', () => {
  let dir: string;
  let client: LspClient;
  let go: string;
  before(async () => {
    dir = tempWorkspace(sampleFiles());
    go = path.join(dir, 'handler/inventory.go');
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('puts one lens per placed step on the first line of its range; stale and missing steps get none', async () => {
    const lenses = await client.codeLens(go);
    assert.deepEqual(lensSummary(lenses), [
      '7: $(book) 下单链路 · 3/4 inventory.go:8-15',
      '8: $(book) 下单链路 · 2/4 Sell: 加锁扣库存',
      '16: $(book) 下单链路 · 4/4 Reback',
      '17: $(book) 归还库存 · 1/4 Print',
      '21: $(book) 归还库存 · 2/4 Lock helper',
    ]);
    const sellLock = lenses!.find((l) => l.command?.title.includes('Sell: 加锁扣库存'))!;
    assert.deepEqual(sellLock.command!.command, 'walkthroughs.openStep');
    assert.deepEqual(sellLock.command!.arguments, ['order-flow', 'sell-lock']);
    assert.deepEqual(sellLock.range, { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } });
  });

  it('puts "cited by" lenses on memo headings that steps cite', async () => {
    const all = await client.codeLens(path.join(dir, 'memo.md'));
    const lenses = all!.filter((l) => l.command?.command !== 'walkthroughs.addStepForSection');
    assert.deepEqual(lensSummary(lenses), ['2: $(book) cited by 1 step: 下单链路 · 2/4', '10: $(book) cited by 1 step: 下单链路 · 4/4']);
    assert.deepEqual(lenses[0]!.command!.arguments, ['order-flow', 'sell-lock']);
    // Authoring: every heading of a walkthrough's memo offers a new step citing it.
    const adds = all!.filter((l) => l.command?.command === 'walkthroughs.addStepForSection');
    assert.deepEqual(
      adds.map((l) => [l.range.start.line, l.command!.title, l.command!.arguments]),
      [0, 2, 10].map((line, i) => [line, '$(add) Add step for this section', [uri(path.join(dir, 'memo.md')), ['Interview memo', '1. 核心难点', '2. Reback'][i]]]),
    );
  });

  it('gives no lenses on the walkthrough YAML itself or on files no step points into', async () => {
    assert.deepEqual(await client.codeLens(path.join(dir, 'order.walkthrough.yaml')), []);
    assert.deepEqual(await client.codeLens(path.join(dir, 'handler/other.go')), []);
  });

  it('moves lenses with incremental edits before anything is saved', async () => {
    client.open(go, INVENTORY_GO, 'go');
    // Type two lines above everything, one character at a time on the first one.
    client.change(go, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '\n' }]);
    for (const [i, ch] of [...'// x'].entries()) client.change(go, [{ range: { start: { line: 2, character: i }, end: { line: 2, character: i } }, text: ch }]);
    client.change(go, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '\n' }]);
    assert.deepEqual(lensSummary(await client.codeLens(go)), [
      '9: $(book) 下单链路 · 3/4 inventory.go:10-17',
      '10: $(book) 下单链路 · 2/4 Sell: 加锁扣库存',
      '16: $(book) 下单链路 · 4/4 Reback', // lines-only: taken as written
      '19: $(book) 归还库存 · 1/4 Print',
      '23: $(book) 归还库存 · 2/4 Lock helper',
    ]);
    // Insert three lines inside Sell, above the anchored line: the anchored step moves, the symbol step grows.
    client.change(go, [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '\t_ = 1\n\t_ = 2\n\t_ = 3\n' }]);
    assert.deepEqual(lensSummary(await client.codeLens(go)), [
      '9: $(book) 下单链路 · 3/4 inventory.go:10-20',
      '13: $(book) 下单链路 · 2/4 Sell: 加锁扣库存',
      '16: $(book) 下单链路 · 4/4 Reback',
      '22: $(book) 归还库存 · 1/4 Print',
      '26: $(book) 归还库存 · 2/4 Lock helper',
    ]);
    // The client hears that the walkthroughs changed, and the list carries the new ranges.
    await client.waitFor(() => client.didChangeCount >= 2, 'walkthroughs/didChange after edits');
    const list = await client.request<{ walkthroughs: Array<{ id: string; steps: Array<{ id: string; status: string; range?: { startLine: number } }> }> }>('walkthroughs/list', {});
    const sellLock = list.walkthroughs.find((w) => w.id === 'order-flow')!.steps.find((s) => s.id === 'sell-lock')!;
    assert.deepEqual([sellLock.status, sellLock.range?.startLine], ['moved', 13]);
    // Delete the Reback function's print line: its step can no longer be placed and loses its lens.
    client.change(go, [{ range: { start: { line: 22, character: 0 }, end: { line: 23, character: 0 } }, text: '' }]);
    const titles = lensSummary(await client.codeLens(go));
    assert.ok(!titles.some((t) => t.includes('归还库存 · 1/4')), titles.join('\n'));
    // Closing the buffer goes back to the disk contents.
    client.close(go);
    assert.equal(lensSummary(await client.codeLens(go))[1], '8: $(book) 下单链路 · 2/4 Sell: 加锁扣库存');
  });

  it('asks the client to refresh CodeLens when results change', async () => {
    assert.ok(client.codeLensRefreshCount >= 1, `refreshes: ${client.codeLensRefreshCount}`);
  });
});

describe('CodeLens settings and clients', () => {
  let dir: string;
  before(() => {
    dir = tempWorkspace(sampleFiles());
  });
  after(() => removeWorkspace(dir));

  it('uses plain titles for clients other than VS Code', async () => {
    const client = await LspClient.start({ folders: [dir], clientName: 'Neovim' });
    try {
      const titles = lensSummary(await client.codeLens(path.join(dir, 'handler/inventory.go')));
      assert.equal(titles[1], '8: 下单链路 · 2/4 Sell: 加锁扣库存');
    } finally {
      await client.stop();
    }
  });

  it('honours walkthroughs.codeLens.enabled and walkthroughs.hover.enabled = false', async () => {
    const client = await LspClient.start({ folders: [dir], settings: { codeLens: { enabled: false }, hover: { enabled: false } } });
    try {
      const go = path.join(dir, 'handler/inventory.go');
      assert.deepEqual(await client.codeLens(go), []);
      assert.equal(await client.hover(go, { line: 9, character: 1 }), null);
      // Authoring hovers in walkthrough YAML stay on.
      assert.match(hoverText(await client.hover(path.join(dir, 'order.walkthrough.yaml'), { line: 13, character: 12 })), /^\*\*2\/4 Sell/);
      // Turning them back on: the server re-reads the configuration on didChangeConfiguration.
      const refreshes = client.codeLensRefreshCount;
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor(() => client.codeLensRefreshCount > refreshes, 'a CodeLens refresh after the setting changed');
      assert.equal((await client.codeLens(go))?.length, 5);
    } finally {
      await client.stop();
    }
  });
});

describe('settings from initializationOptions', () => {
  it('are used by clients without workspace/configuration', async () => {
    const dir = tempWorkspace(sampleFiles());
    const client = await LspClient.start({
      folders: [dir],
      capabilities: { workspace: { workspaceFolders: true } },
      initializationOptions: { settings: { codeLens: { enabled: false } } },
    });
    try {
      const go = path.join(dir, 'handler/inventory.go');
      assert.deepEqual(await client.codeLens(go), []);
      assert.match(hoverText(await client.hover(go, { line: 9, character: 1 })), /\*\*Sell: 加锁扣库存\*\*/);
      // …and can be changed by didChangeConfiguration's payload.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { walkthroughs: { codeLens: { enabled: true } } } });
      assert.equal((await client.codeLens(go))?.length, 5);
      assert.ok(!client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'no dynamic registration without the capability');
    } finally {
      await client.stop();
      removeWorkspace(dir);
    }
  });
});

describe('memo CodeLens with several citing steps', () => {
  it('shows the count, then one lens per citing step', async () => {
    const dir = tempWorkspace({
      ...sampleFiles(),
      'again.walkthrough.yaml': 'title: Again\nmemo: memo.md\nsteps:\n  - title: Recap\n    section: "#1-核心难点"\n',
    });
    const client = await LspClient.start({ folders: [dir] });
    try {
      const lenses = (await client.codeLens(path.join(dir, 'memo.md')))!.filter((l) => l.command?.command !== 'walkthroughs.addStepForSection');
      assert.deepEqual(lensSummary(lenses), [
        '2: $(book) cited by 2 steps',
        '2: Again · 1/1',
        '2: 下单链路 · 2/4',
        '10: $(book) cited by 1 step: 下单链路 · 4/4',
      ]);
      const perStep = lenses!.filter((l) => l.range.start.line === 2).map((l) => l.command!.arguments);
      assert.deepEqual(perStep, [['order-flow', 'sell-lock'], ['order-flow', 'sell-lock'], ['again', '1']]);
    } finally {
      await client.stop();
      removeWorkspace(dir);
    }
  });
});

describe('CodeLens summary mode on a line that several steps cite', () => {
  let dir: string;
  before(() => {
    const go = 'package p\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
    const step = (id: string) => `  - id: ${id}\n    title: "${id} — a step title long enough to run off the screen when three are shown"\n    file: a.go\n    anchor: "lock()"\n    symbol: Sell\n`;
    dir = tempWorkspace({
      'a.go': go,
      'memo.walkthrough.yaml': `title: "Golang 面试复习笔记：从防超卖到最终一致的整条链路"\nid: memo\nsteps:\n${['one', 'two', 'three'].map(step).join('')}  - id: four\n    file: a.go\n    anchor: "commit()"\n`,
    });
  });
  after(() => removeWorkspace(dir));

  it('while its tour runs: one short lens for the line, not three full ones', async () => {
    const client = await LspClient.start({ folders: [dir], settings: { codeLens: { mode: 'summary' } } });
    try {
      const file = path.join(dir, 'a.go');
      const idle = lensSummary(await client.codeLens(file));
      assert.equal(idle.filter((l) => l.startsWith('3:')).length, 1, idle.join('\n'));
      const refreshes = client.codeLensRefreshCount;
      await client.connection.sendNotification('walkthroughs/setActiveTour', { walkthroughId: 'memo' });
      await client.waitFor(() => client.codeLensRefreshCount > refreshes, 'a CodeLens refresh after the tour started');
      const lenses = (await client.codeLens(file))!;
      const onLock = lenses.filter((l) => l.range.start.line === 3);
      assert.equal(onLock.length, 1, lensSummary(lenses).join('\n'));
      assert.ok(onLock[0]!.command!.title.length <= 50, onLock[0]!.command!.title);
      assert.match(onLock[0]!.command!.title, /1, 2, 3\/4$/);
      assert.equal(onLock[0]!.command!.command, 'walkthroughs.chooseStep');
      // A line with one step keeps its own lens.
      assert.equal(lenses.filter((l) => l.range.start.line === 4).length, 1);
    } finally {
      await client.stop();
    }
  });
});
