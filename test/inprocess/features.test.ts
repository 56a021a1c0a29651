/** Feature tests on the real server in-process: injected connection, MemoryFileSystem. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeLens, DocumentDiagnosticReport, Hover, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { MemoryFileSystem, type FileSystem } from '../../server/src/core/fileSystem';
import type { ListWalkthroughsResult } from '../../common/src/protocol';
import { INVENTORY_GO, ORDER_YAML, sampleFiles } from '../protocol/fixtures';
import { GatedFileSystem, InProcessClient, PULL_CAPABILITIES, uriOf, WS } from './harness';

const GO = `${WS}/handler/inventory.go`;
const ORDER = `${WS}/order.walkthrough.yaml`;
const REBACK = `${WS}/reback.walkthrough.yaml`;

function sample(extra: Record<string, string> = {}): MemoryFileSystem {
  const files: Record<string, string> = {};
  for (const [rel, content] of Object.entries({ ...sampleFiles(), ...extra })) files[`${WS}/${rel}`] = content;
  return new MemoryFileSystem(files);
}

/** Timers that fire only when told to. */
class ManualTimers {
  private next = 0;
  private readonly waiting = new Map<number, () => void>();
  setTimeout(callback: () => void): unknown {
    const id = ++this.next;
    this.waiting.set(id, callback);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.waiting.delete(handle as number);
  }
  pending(): number {
    return this.waiting.size;
  }
  fireAll(): void {
    const callbacks = [...this.waiting.values()];
    this.waiting.clear();
    for (const callback of callbacks) callback();
  }
}

const codes = (items: Array<{ code?: unknown }>) => items.map((d) => d.code).sort();

describe('the server in-process', () => {
  let client: InProcessClient | undefined;
  const start = async (fs: FileSystem, options: Partial<Parameters<typeof InProcessClient.start>[0]> = {}) => {
    client = await InProcessClient.start({ fs, ...options });
    return client;
  };
  afterEach(() => client?.stop());

  it('answers CodeLens on a code file with one lens per placed step', async () => {
    const c = await start(sample());
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } });
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.ok(titles.some((t) => t.startsWith('8: ') && t.includes('Sell: 加锁扣库存')), titles.join('\n'));
    assert.ok(titles.some((t) => t.includes('Reback')), titles.join('\n'));
    // No lens for steps whose anchor is stale or whose file is missing.
    assert.ok(!titles.some((t) => t.includes('Gone') || t.includes('Missing')), titles.join('\n'));
  });

  it('follows an unsaved edit: the request sees the keystroke before the debounce fires', async () => {
    const c = await start(sample(), { debounceMs: 60_000 });
    c.open(GO, INVENTORY_GO);
    c.edit(GO, `// a new first line\n${INVENTORY_GO}`);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } });
    const sell = lenses.find((l) => l.command?.title.includes('Sell: 加锁扣库存'));
    assert.equal(sell?.range.start.line, 9, 'the anchored step moved down one line with the edit');
  });

  it('applies incremental didChange edits (keystrokes, and one change of many edits) as the editor made them', async () => {
    const c = await start(sample(), { debounceMs: 60_000 });
    const crlf = INVENTORY_GO.replace(/\n/g, '\r\n');
    c.open(GO, crlf);
    // Three lines typed above the top, key by key, each keystroke its own notification.
    const typed = '// one\r\n// two\r\n// three\r\n';
    let line = 0;
    let character = 0;
    for (const key of typed.match(/\r\n|./gs)!) {
      c.change(GO, [{ range: { start: { line, character }, end: { line, character } }, text: key }]);
      if (key === '\r\n') {
        line++;
        character = 0;
      } else character++;
    }
    const sellLine = async () => (await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } })).find((l) => l.command?.title.includes('Sell: 加锁扣库存'))?.range.start.line;
    assert.equal(await sellLine(), 11, 'three lines typed above: the Sell step moved from line 8 to 11');
    // One change of many edits: a comment line inserted above every line mentioning `mutex`,
    // last edit first, as VS Code sends a multi-edit change.
    const lines = `${typed}${crlf}`.split('\r\n');
    const edits = lines.flatMap((text, i) => (text.includes('mutex') ? [{ range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, text: '// mutex below\r\n' }] : [])).reverse();
    assert.ok(edits.length >= 3);
    c.change(GO, edits);
    const expected = lines.flatMap((text) => (text.includes('mutex') ? ['// mutex below', text] : [text]));
    const sellIndex = expected.findIndex((text) => text.includes('mutex := lock('));
    assert.equal(sellIndex, 12);
    assert.equal(await sellLine(), sellIndex, 'the Sell step is where its anchor is after the change');
    // The server's buffer is byte for byte the editor's: closing it without saving loses nothing of the disk's.
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(GO) }, position: { line: sellIndex, character: 4 } });
    assert.match(JSON.stringify(hover?.contents ?? ''), /Sell/);
  });

  it('answers hover on an anchored line with the step card', async () => {
    const c = await start(sample());
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(GO) }, position: { line: 8, character: 4 } });
    const text = JSON.stringify(hover?.contents ?? '');
    assert.ok(text.includes('Sell: 加锁扣库存'), text);
    assert.ok(text.includes('如何保证高并发下不超卖'), text);
  });

  it('pushes diagnostics once per walkthrough, then only for the walkthroughs a change touched', async () => {
    const other = 'title: Other\nid: other\nsteps:\n  - id: a\n    title: A\n    file: other.go\n    lines: 1\n';
    const c = await start(sample({ 'other.walkthrough.yaml': other, 'other.go': 'package other\n' }));
    await c.waitFor(() => c.published.has(uriOf(REBACK)) && c.published.has(uriOf(ORDER)), 'initial diagnostics');
    assert.deepEqual(codes(c.published.get(uriOf(REBACK))!), ['anchor-fuzzy', 'anchor-moved', 'anchor-stale', 'file-not-found']);
    const before = c.publishLog.length;
    // Break the order walkthrough's memo section: only order.walkthrough.yaml is re-sent.
    c.open(ORDER, ORDER_YAML, 'yaml');
    c.edit(ORDER, ORDER_YAML.replace('section: "1. 核心难点"', 'section: "9. Nope"'));
    await c.settle();
    await c.waitFor(() => c.published.get(uriOf(ORDER))?.some((d) => d.code === 'section-not-found'), 'section-not-found');
    assert.deepEqual(c.publishLog.slice(before), [uriOf(ORDER)]);
  });

  it('re-reports the other walkthrough when an edit makes two ids collide, and again when it is undone', async () => {
    const c = await start(sample());
    await c.waitFor(() => c.published.has(uriOf(REBACK)) && c.published.has(uriOf(ORDER)), 'initial diagnostics');
    const duplicate = (file: string) => c.published.get(uriOf(file))?.some((d) => d.code === 'duplicate-walkthrough-id');
    c.open(ORDER, ORDER_YAML, 'yaml');
    c.edit(ORDER, ORDER_YAML.replace('id: order-flow', 'id: reback-flow'));
    await c.settle();
    await c.waitFor(() => duplicate(ORDER) && duplicate(REBACK), 'duplicate-walkthrough-id on both files');
    c.edit(ORDER, ORDER_YAML);
    await c.settle();
    await c.waitFor(() => !duplicate(ORDER) && !duplicate(REBACK), 'both cleared');
  });

  it('says in walkthroughs/didChange which walkthroughs changed, and lists only those when asked', async () => {
    const c = await start(sample());
    await c.waitFor(() => c.didChange.length > 0, 'the initial didChange');
    assert.equal(c.didChange[0]!.full, true);
    assert.deepEqual([...c.didChange[0]!.changed].sort(), [uriOf(ORDER), uriOf(REBACK)]);
    const seen = c.didChange.length;
    // Moving the order tour's anchored line changes order's summary; reback's `fmt.Println` step moves too.
    c.open(ORDER, ORDER_YAML, 'yaml');
    c.edit(ORDER, ORDER_YAML.replace('title: Overview', 'title: Overview, renamed'));
    await c.settle();
    const change = await c.waitFor(() => c.didChange[seen], 'didChange after the rename');
    assert.deepEqual(change, { changed: [uriOf(ORDER)], removed: [] });
    const listed = await c.request<ListWalkthroughsResult>('walkthroughs/list', { uris: change.changed });
    assert.deepEqual(listed.walkthroughs.map((w) => w.id), ['order-flow']);
    assert.equal(listed.walkthroughs[0]!.steps[0]!.title, 'Overview, renamed');
    // An edit that changes nothing a client shows sends nothing.
    c.edit(ORDER, `${ORDER_YAML.replace('title: Overview', 'title: Overview, renamed')}\n# a comment\n`);
    await c.settle();
    assert.equal(c.didChange.length, seen + 1);
  });

  it('names each walkthrough\'s memo in its summary, so pickers need no request per walkthrough', async () => {
    const c = await start(sample());
    const { walkthroughs } = await c.request<ListWalkthroughsResult>('walkthroughs/list', {});
    const order = walkthroughs.find((w) => w.id === 'order-flow');
    assert.equal(order?.memoUri, uriOf(`${WS}/memo.md`));
    // The same memo the memo sections request names for it.
    const sections = await c.request<{ memoUri?: string }>('walkthroughs/memoSections', { walkthroughId: 'order-flow' });
    assert.equal(order?.memoUri, sections.memoUri);
    // A walkthrough without `memo:` has none.
    const reback = walkthroughs.find((w) => w.uri === uriOf(REBACK));
    assert.ok(reback && !('memoUri' in reback), JSON.stringify(reback));
  });

  it('reports a deleted walkthrough as removed and a created folder of walkthroughs as a full change', async () => {
    const fs = sample();
    const c = await start(fs);
    await c.waitFor(() => c.didChange.length > 0, 'the initial didChange');
    fs.delete(REBACK);
    void c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(REBACK), type: 3 }] });
    const removed = await c.waitFor(() => c.didChange.find((d) => d.removed.length > 0), 'removed');
    assert.deepEqual(removed.removed, [uriOf(REBACK)]);
    await c.waitFor(() => c.published.get(uriOf(REBACK))?.length === 0, 'diagnostics cleared for the deleted file');
    // A whole folder appears (one watcher event for the folder, as after a git checkout).
    fs.write(`${WS}/tours/new.walkthrough.yaml`, 'title: New\nid: new\nsteps:\n  - id: a\n    title: A\n    points: Talk.\n');
    void c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(`${WS}/tours`), type: 1 }] });
    const added = await c.waitFor(() => c.didChange.find((d) => d.changed.includes(uriOf(`${WS}/tours/new.walkthrough.yaml`))), 'the new walkthrough');
    assert.equal(added.full, true, 'a new walkthrough changes the list order: refetch it all');
    const all = await c.request<ListWalkthroughsResult>('walkthroughs/list', {});
    assert.deepEqual(all.walkthroughs.map((w) => w.id).sort(), ['new', 'order-flow']);
  });

  it('serves pull diagnostics with result ids (unchanged while current) and asks for a refresh on change', async () => {
    const c = await start(sample(), { capabilities: PULL_CAPABILITIES });
    const first = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uriOf(REBACK) } });
    assert.equal(first.kind, 'full');
    assert.ok(first.kind === 'full' && first.resultId);
    assert.deepEqual(codes(first.kind === 'full' ? first.items : []), ['anchor-fuzzy', 'anchor-moved', 'anchor-stale', 'file-not-found']);
    const again = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uriOf(REBACK) }, previousResultId: first.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    assert.equal(c.publishLog.length, 0, 'a pull client gets no pushed diagnostics');
    // Closed walkthrough files are in the workspace report.
    const workspace = await c.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [{ uri: uriOf(REBACK), value: first.resultId }] });
    const byUri = new Map(workspace.items.map((i) => [i.uri, i]));
    assert.equal(byUri.get(uriOf(REBACK))?.kind, 'unchanged');
    assert.equal(byUri.get(uriOf(ORDER))?.kind, 'full');
    // An edit that breaks a step of reback: refresh, and the next pull is a new full report.
    const refreshes = c.diagnosticRefreshes;
    c.open(REBACK, '', 'yaml');
    await c.waitFor(() => c.diagnosticRefreshes > refreshes, 'workspace/diagnostic/refresh');
    const next = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uriOf(REBACK) }, previousResultId: first.resultId });
    assert.equal(next.kind, 'full');
    assert.notEqual(next.kind === 'full' && next.resultId, first.resultId);
    // A code file has no report of its own.
    assert.deepEqual(await c.request('textDocument/diagnostic', { textDocument: { uri: uriOf(GO) } }), { kind: 'full', items: [] });
  });

  it('pull diagnostics leave the typing debounce alone; the debounced re-resolution refreshes them', async () => {
    const timers = new ManualTimers();
    const c = await start(sample(), { capabilities: PULL_CAPABILITIES, timers });
    c.open(ORDER, ORDER_YAML, 'yaml');
    const first = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uriOf(ORDER) } });
    assert.ok(first.kind === 'full' && first.resultId);
    c.edit(ORDER, ORDER_YAML.replace('section: "1. 核心难点"', 'section: "9. Nope"'));
    // The pull VS Code makes right after the keystroke: answered as resolved so far, nothing applied.
    const during = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uriOf(ORDER) }, previousResultId: first.resultId });
    assert.equal(during.kind, 'unchanged');
    assert.equal(timers.pending(), 1, 'the debounce timer still waits');
    const refreshes = c.diagnosticRefreshes;
    timers.fireAll();
    await c.waitFor(() => c.diagnosticRefreshes > refreshes, 'refresh after the debounced edit');
    const after = await c.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uriOf(ORDER) }, previousResultId: first.resultId });
    assert.ok(after.kind === 'full' && after.items.some((d) => d.code === 'section-not-found'));
  });

  it('answers a request cancelled while it waits for the queue with RequestCancelled, without doing its work', async () => {
    const fs = new GatedFileSystem(sample());
    fs.hold();
    const c = await start(fs);
    const source = new CancellationTokenSource();
    const pending = c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } }, source.token);
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.cancel();
    await assert.rejects(pending, (error: unknown) => error instanceof ResponseError && error.code === -32800);
    fs.release();
    // The queue went on: the next request gets the lenses.
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } });
    assert.ok(lenses.length > 0);
  });

  it('loads the workspace once at start-up when the client sends its settings in initializationOptions', async () => {
    const reads = async (initialSettings?: unknown) => {
      const fs = new GatedFileSystem(sample());
      const c = await start(fs, initialSettings === undefined ? {} : { initialSettings });
      await c.settle();
      const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } });
      assert.ok(lenses.length > 0);
      c.stop();
      return fs.reads;
    };
    const plain = await reads();
    // VS Code sends every setting, `files` included (its default globs differ from "unset").
    const withGlobs = await reads({ files: ['**/*.walkthrough.yaml', '**/*.walkthrough.yml'], codeLens: { enabled: true, mode: 'all' } });
    assert.equal(withGlobs, plain);
  });

  it('answers a failing handler with an InternalError, logs it, and keeps serving', async () => {
    const inner = sample({ 'broken.go': 'package broken\n' });
    const fs: FileSystem = {
      readFile: (path) => (path.endsWith('/broken.go') ? Promise.reject(new Error('disk on fire')) : inner.readFile(path)),
      size: (path) => inner.size(path),
      readDirectory: (path) => inner.readDirectory(path),
    };
    const c = await start(fs);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    await assert.rejects(
      c.request('textDocument/codeAction', { textDocument: { uri: uriOf(`${WS}/broken.go`) }, range, context: { diagnostics: [] } }),
      (error: unknown) => error instanceof ResponseError && error.code === -32603 && /codeAction/.test(error.message),
    );
    assert.ok(c.logged.some((line) => line.includes('disk on fire')), c.logged.join('\n'));
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } });
    assert.ok(lenses.length > 0);
  });

  it('answers CodeLens on a file open at start-up once its walkthroughs are resolved, before the rest of the workspace', async () => {
    // The folder scan waits until the editor is open; the code of an unrelated walkthrough waits until released.
    const inner = sample({
      'other/other.go': 'package other\n\nfunc Other() {}\n',
      'other.walkthrough.yaml': 'id: other\ntitle: Other\nsteps:\n  - file: other/other.go\n    anchor: "func Other() {}"\n',
    });
    let openScan!: () => void;
    const scanned = new Promise<void>((resolve) => (openScan = resolve));
    let releaseOther!: () => void;
    const other = new Promise<void>((resolve) => (releaseOther = resolve));
    const fs: FileSystem = {
      readDirectory: async (dir) => {
        await scanned;
        return inner.readDirectory(dir);
      },
      readFile: async (file) => {
        if (file.endsWith('/other.go')) await other;
        return inner.readFile(file);
      },
      size: async (file) => {
        if (file.endsWith('/other.go')) await other;
        return inner.size(file);
      },
    };
    const c = await start(fs);
    c.open(GO, INVENTORY_GO);
    // Answered without the queue: once it is, the server has seen the open.
    await c.request('$/unknown', {}).catch(() => undefined);
    openScan();
    const early = c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(GO) } });
    const result = await Promise.race([early, new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 2000))]);
    assert.notEqual(result, 'waited', 'the CodeLens waited for the unrelated walkthrough');
    assert.ok((result as CodeLens[]).some((l) => l.command?.title.includes('Sell: 加锁扣库存')), JSON.stringify(result));
    releaseOther();
    const list = await c.request<ListWalkthroughsResult>('walkthroughs/list', {});
    assert.ok(list.walkthroughs.some((w) => w.id === 'other'), 'the rest of the workspace loads afterwards');
  });
});
