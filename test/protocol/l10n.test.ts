/**
 * The real server in another language and with the quieter CodeLens modes: `initialize.locale`
 * picks the language of CodeLens, hovers, diagnostics and quick fixes (codes unchanged);
 * `walkthroughs.codeLens.mode` and `walkthroughs/setActiveTour` choose which lenses appear.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sampleFiles } from './fixtures';
import { hoverText, lensSummary, LspClient, removeWorkspace, tempWorkspace } from './lspClient';

const CJK = /[\u4e00-\u9fff]/;

describe('server in Simplified Chinese (initialize.locale = zh-cn)', () => {
  let dir: string;
  let zh: LspClient;
  let en: LspClient;
  before(async () => {
    dir = tempWorkspace(sampleFiles());
    [zh, en] = await Promise.all([
      LspClient.start({ folders: [dir], locale: 'zh-cn' }),
      LspClient.start({ folders: [dir], locale: 'en' }),
    ]);
  });
  after(async () => {
    await Promise.all([zh.stop(), en.stop()]);
    removeWorkspace(dir);
  });

  it('localizes hover links and headings, memo lenses and diagnostics; codes and ranges stay as in English', async () => {
    const go = path.join(dir, 'handler/inventory.go');
    const hover = hoverText(await zh.hover(go, { line: 9, character: 2 }));
    assert.match(hover, /\*\*问：\*\* 如何保证高并发下不超卖？/);
    assert.match(hover, /\[← 上一步\]\(command:walkthroughs\.openStep\?/);
    assert.match(hover, /\[在演练中打开\]\(command:walkthroughs\.openStep\?/);
    assert.doesNotMatch(hover, /Open in tour|Previous|\*\*Q:\*\*/);

    const memoLenses = (await zh.codeLens(path.join(dir, 'memo.md')))!;
    const isAdd = (l: { command?: { command: string } }) => l.command?.command === 'walkthroughs.addStepForSection';
    assert.deepEqual(lensSummary(memoLenses.filter((l) => !isAdd(l))), ['2: $(book) 被 1 个步骤引用：下单链路 · 2/4', '10: $(book) 被 1 个步骤引用：下单链路 · 4/4']);
    assert.deepEqual([...new Set(memoLenses.filter(isAdd).map((l) => l.command!.title))], ['$(add) 为此章节添加步骤']);

    const yaml = path.join(dir, 'order.walkthrough.yaml');
    const [zhDiagnostics, enDiagnostics] = await Promise.all([zh.diagnosticsFor(yaml, (d) => d.length > 0), en.diagnosticsFor(yaml, (d) => d.length > 0)]);
    assert.deepEqual(zhDiagnostics.map((d) => [d.code, d.range]), enDiagnostics.map((d) => [d.code, d.range]));
    for (const d of zhDiagnostics) assert.match(String(d.message), CJK, String(d.message));
    for (const d of enDiagnostics) assert.doesNotMatch(String(d.message), /请|步骤/, String(d.message));
  });

  it('offers quick fixes in Chinese', async () => {
    const yaml = path.join(dir, 'order.walkthrough.yaml');
    const diagnostics = await zh.diagnosticsFor(yaml, (d) => d.some((x) => x.code === 'lines-only'));
    const linesOnly = diagnostics.find((d) => d.code === 'lines-only')!;
    const actions = (await zh.codeActions(yaml, linesOnly.range, [linesOnly])) ?? [];
    assert.deepEqual(actions.map((a) => a.title), ['用当前文本添加锚点']);
  });
});

describe('CodeLens modes', () => {
  let dir: string;
  let client: LspClient;
  let go: string;
  before(async () => {
    dir = tempWorkspace(sampleFiles());
    go = path.join(dir, 'handler/inventory.go');
    client = await LspClient.start({ folders: [dir], settings: { codeLens: { mode: 'summary' } } });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  const setActiveTour = async (walkthroughId: string | null) => {
    const before = client.codeLensRefreshCount;
    await client.connection.sendNotification('walkthroughs/setActiveTour', { walkthroughId });
    await client.waitFor(() => client.codeLensRefreshCount > before, 'a CodeLens refresh after walkthroughs/setActiveTour');
  };

  it('summary: one lens per group of overlapping steps, naming the walkthroughs; a single step keeps its own lens', async () => {
    const lenses = (await client.codeLens(go))!;
    assert.deepEqual(lensSummary(lenses), [
      '7: $(book) 下单链路 2,3/4', // Sell's lock (8-12) lies inside Sell (7-15): one lens
      '16: $(book) 2 walkthroughs: 下单链路 4/4 · 归还库存 1/4',
      '21: $(book) 归还库存 · 2/4 Lock helper',
    ]);
    // Several steps: the click asks which one; a single step opens directly.
    assert.deepEqual(lenses[0]!.command!.command, 'walkthroughs.chooseStep');
    assert.deepEqual(lenses[0]!.command!.arguments, [[['order-flow', 'sell-func'], ['order-flow', 'sell-lock']]]);
    assert.deepEqual(lenses[1]!.command!.arguments, [[['order-flow', 'reback'], ['reback-flow', 'moved']]]);
    assert.deepEqual(lenses[2]!.command, { title: '$(book) 归还库存 · 2/4 Lock helper', command: 'walkthroughs.openStep', arguments: ['reback-flow', 'fuzzy'] });
  });

  it('summary while a tour runs: only that tour\'s steps, one lens each; back to the summary when it ends', async () => {
    await setActiveTour('reback-flow');
    assert.deepEqual(lensSummary(await client.codeLens(go)), ['17: $(book) 归还库存 · 1/4 Print', '21: $(book) 归还库存 · 2/4 Lock helper']);
    assert.deepEqual(lensSummary(await client.codeLens(path.join(dir, 'memo.md'))), [], 'the memo headings are cited by the other walkthrough only');
    await setActiveTour(null);
    assert.equal(lensSummary(await client.codeLens(go)).length, 3);
  });

  it('an unknown active tour id falls back to the summary', async () => {
    await setActiveTour('no-such-tour');
    assert.equal(lensSummary(await client.codeLens(go)).length, 3);
    await setActiveTour(null);
  });

  it('activeTour: nothing without a tour; all: every step; off: nothing', async () => {
    client.settings = { codeLens: { mode: 'activeTour' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const waitForCount = async (count: number) => {
      for (let i = 0; i < 50; i++) {
        const lenses = lensSummary(await client.codeLens(go));
        if (lenses.length === count) return lenses;
        await new Promise((r) => setTimeout(r, 50));
      }
      return lensSummary(await client.codeLens(go));
    };
    assert.deepEqual(await waitForCount(0), []);
    await setActiveTour('order-flow');
    assert.deepEqual(lensSummary(await client.codeLens(go)), [
      '7: $(book) 下单链路 · 3/4 inventory.go:8-15',
      '8: $(book) 下单链路 · 2/4 Sell: 加锁扣库存',
      '16: $(book) 下单链路 · 4/4 Reback',
    ]);
    client.settings = { codeLens: { mode: 'all' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.equal((await waitForCount(5)).length, 5, 'all: every step of every walkthrough, tour or not');
    client.settings = { codeLens: { mode: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual(await waitForCount(0), []);
    await setActiveTour(null);
  });
});
