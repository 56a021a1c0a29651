/**
 * CodeTour tours over the real server: a `.tours/*.tour` is listed, has CodeLens on its code and
 * diagnostics on its file, follows an edit through its `pattern`, and the two requests
 * `walkthroughs/convertTour` and `walkthroughs/export` return text without writing anything.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConvertTourResult, ExportWalkthroughResult, ListWalkthroughsResult } from '../../common/src/protocol';
import { INVENTORY_GO, MEMO_MD } from './fixtures';
import { lensSummary, LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const TOUR = JSON.stringify({
  title: 'Inventory tour',
  ref: 'v1.2',
  steps: [
    { file: 'handler/inventory.go', line: lineOf(INVENTORY_GO, 'func (s *InventoryServer) Sell'), title: 'Sell', description: 'Lock per goods <b>id</b>' },
    { file: 'handler/inventory.go', pattern: 'fmt\\.Println\\("reback"', description: 'Reback prints' },
    { file: 'handler/nope.go', line: 1, description: 'gone' },
  ],
}, null, 2);

describe('CodeTour tours over LSP', () => {
  let dir: string;
  let client: LspClient;
  const tourFile = () => path.join(dir, '.tours', 'inventory.tour');
  const goFile = () => path.join(dir, 'handler', 'inventory.go');
  before(async () => {
    dir = tempWorkspace({ 'handler/inventory.go': INVENTORY_GO, 'memo.md': MEMO_MD, '.tours/inventory.tour': TOUR, '.git/x.walkthrough.yaml': 'title: hidden\nsteps:\n  - points: x\n' });
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('lists the tour (format, ref), lenses its steps on the code, and reports its broken step at the value', async () => {
    const { walkthroughs } = await client.request<ListWalkthroughsResult>('walkthroughs/list', {});
    assert.deepEqual(walkthroughs.map((w) => [w.id, w.format, w.ref, w.uri]), [['Inventory tour', 'codetour', 'v1.2', uri(tourFile())]]);
    assert.deepEqual(walkthroughs[0]!.steps.map((s) => [s.status, s.range?.startLine]), [
      ['ok', lineOf(INVENTORY_GO, 'func (s *InventoryServer) Sell') - 1],
      ['ok', lineOf(INVENTORY_GO, 'fmt.Println("reback"') - 1],
      ['missing', undefined],
    ]);
    const lenses = lensSummary(await client.codeLens(goFile()));
    assert.ok(lenses.some((l) => l.includes('Inventory tour · 1/3 Sell')), lenses.join('\n'));
    const diagnostics = await client.diagnosticsFor(tourFile(), (d) => d.some((x) => x.code === 'file-not-found'));
    const missing = diagnostics.find((d) => d.code === 'file-not-found')!;
    assert.equal(missing.range.start.line, lineOf(TOUR, 'handler/nope.go') - 1);
  });

  it('a pattern step follows an unsaved edit', async () => {
    const edited = INVENTORY_GO.replace('func (s *InventoryServer) Reback', '// one\n// two\nfunc (s *InventoryServer) Reback');
    client.open(goFile(), INVENTORY_GO, 'go');
    client.change(goFile(), [{ text: edited }]);
    const want = lineOf(edited, 'fmt.Println("reback"') - 1;
    let line: number | undefined;
    for (let i = 0; i < 50 && line !== want; i++) {
      const { walkthroughs } = await client.request<ListWalkthroughsResult>('walkthroughs/list', {});
      line = walkthroughs[0]!.steps[1]!.range?.startLine;
      if (line !== want) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(line, want);
    client.close(goFile());
  });

  it('walkthroughs/convertTour and walkthroughs/export return text and write nothing', async () => {
    const before = readdirSync(dir).sort();
    const converted = await client.request<ConvertTourResult | null>('walkthroughs/convertTour', { uri: uri(tourFile()) });
    assert.ok(converted);
    assert.equal(converted.defaultUri, uri(path.join(dir, 'inventory.walkthrough.yaml')));
    assert.match(converted.text, /symbol: InventoryServer\.Sell/);
    assert.deepEqual(converted.notes.length, 1);
    const elsewhere = await client.request<ConvertTourResult | null>('walkthroughs/convertTour', { uri: uri(tourFile()), targetUri: uri(path.join(dir, 'docs', 'x.walkthrough.yaml')) });
    assert.match(elsewhere!.text, /^root: \.\.$/m);
    assert.equal(await client.request('walkthroughs/convertTour', { uri: uri(goFile()) }), null);
    assert.equal(await client.request('walkthroughs/convertTour', {}), null);

    const html = await client.request<ExportWalkthroughResult | null>('walkthroughs/export', { walkthroughId: 'Inventory tour', format: 'html' });
    assert.match(html!.text, /^<!DOCTYPE html>/);
    assert.match(html!.text, /Lock per goods &lt;b&gt;id&lt;\/b&gt;/);
    const md = await client.request<ExportWalkthroughResult | null>('walkthroughs/export', { walkthroughId: 'Inventory tour', format: 'md' });
    assert.match(md!.text, /^# Inventory tour/);
    assert.equal(await client.request('walkthroughs/export', { walkthroughId: 'Inventory tour', format: 'pdf' }), null);
    assert.equal(await client.request('walkthroughs/export', { walkthroughId: 'nope', format: 'md' }), null);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });
});

describe('CodeTour tours repaired from git history over LSP', () => {
  const OLD = 'package shop\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
  const NEW = 'package shop\n\nfunc Audit() {\n\tcheck()\n\treport()\n}\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
  let dir: string;
  let client: LspClient;
  let written: string;
  before(async () => {
    const decayed = JSON.stringify({ title: 'Stock', steps: [{ file: 'a.go', line: lineOf(OLD, 'lock()'), title: 'Lock', description: 'lock first' }] });
    dir = tempWorkspace({ 'a.go': OLD, '.tours/stock.tour': decayed });
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1' } }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'tour');
    written = git('rev-parse', 'HEAD');
    writeFileSync(path.join(dir, 'a.go'), NEW);
    git('commit', '-q', '-am', 'audit above Sell');
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('reads history in the background: the step is marked repaired and lands on its code; convertTour reports it', async () => {
    let step: ListWalkthroughsResult['walkthroughs'][number]['steps'][number] | undefined;
    for (let i = 0; i < 100 && step?.repairedFrom === undefined; i++) {
      step = (await client.request<ListWalkthroughsResult>('walkthroughs/list', {})).walkthroughs[0]?.steps[0];
      if (step?.repairedFrom === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(step?.repairedFrom, written);
    assert.equal(step?.range?.startLine, lineOf(NEW, 'lock()') - 1);
    const converted = await client.request<ConvertTourResult | null>('walkthroughs/convertTour', { uri: uri(path.join(dir, '.tours', 'stock.tour')) });
    assert.match(converted!.text, /anchor: lock\(\)/);
    assert.match(converted!.text, new RegExp(`lines: "?${lineOf(NEW, 'lock()')}"?`));
    assert.equal(converted!.repaired?.length, 1);
    assert.equal(converted!.historyWarning, undefined);
  });
});
