/** Diagnostics for every walkthrough in the workspace, kept current from buffers and the disk. */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MEMO_MD, ORDER_YAML, sampleFiles } from './fixtures';
import { LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

const short = (d: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: unknown }) =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code}`;

describe('diagnostics', () => {
  let dir: string;
  let client: LspClient;
  let order: string;
  let reback: string;
  before(async () => {
    dir = tempWorkspace(sampleFiles());
    order = path.join(dir, 'order.walkthrough.yaml');
    reback = path.join(dir, 'reback.walkthrough.yaml');
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('are published for walkthroughs nobody opened, with codes, severities and exact ranges', async () => {
    const diagnostics = await client.diagnosticsFor(reback);
    assert.deepEqual(diagnostics.map(short), [
      '6:11-6:12 3 anchor-moved',
      '12:12-12:60 2 anchor-fuzzy',
      '16:12-16:51 1 anchor-stale',
      '19:10-19:25 1 file-not-found',
    ]);
    assert.ok(diagnostics.every((d) => d.source === 'walkthroughs'));
    assert.deepEqual(diagnostics[3]!.data, { stepIndex: 3 });
    assert.equal(diagnostics[3]!.message, 'File not found: `handler/nope.go` (relative to the workspace folder).');
    assert.deepEqual((await client.diagnosticsFor(order)).map(short), ['23:11-23:16 3 lines-only']);
  });

  it('registers a file watcher for the whole workspace', async () => {
    await client.waitFor(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watcher registration');
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.deepEqual(registration.registerOptions, { watchers: [{ globPattern: '**/*' }] });
  });

  it('follow edits of the open YAML buffer (unsaved)', async () => {
    client.open(order, ORDER_YAML, 'yaml');
    const at = ORDER_YAML.split('\n').findIndex((l) => l.includes('section: "1. 核心难点"'));
    client.change(order, [{ range: { start: { line: at, character: 14 }, end: { line: at, character: 21 } }, text: '9. Nope' }]);
    const broken = await client.diagnosticsFor(order, (d) => d.some((x) => x.code === 'section-not-found'), 'section-not-found');
    assert.deepEqual(broken.map(short), [`${at}:13-${at}:22 1 section-not-found`, '23:11-23:16 3 lines-only']);
    client.change(order, [{ range: { start: { line: at, character: 14 }, end: { line: at, character: 21 } }, text: '1. 核心难点' }]);
    await client.diagnosticsFor(order, (d) => d.length === 1, 'section-not-found cleared');
    client.close(order);
  });

  it('follow memo and code changes on disk (workspace/didChangeWatchedFiles)', async () => {
    const memo = path.join(dir, 'memo.md');
    writeFileSync(memo, MEMO_MD.replace('## 2. Reback', '## 2. Give back'));
    client.watchedFilesChanged([{ file: memo, type: 2 }]);
    const diagnostics = await client.diagnosticsFor(order, (d) => d.some((x) => x.code === 'section-not-found'), 'section-not-found after memo change');
    assert.match(diagnostics.find((d) => d.code === 'section-not-found')!.message as string, /No heading "2\. Reback" in `memo\.md`/);
    writeFileSync(memo, MEMO_MD);
    client.watchedFilesChanged([{ file: memo, type: 2 }]);
    await client.diagnosticsFor(order, (d) => !d.some((x) => x.code === 'section-not-found'), 'section-not-found cleared');

    // The missing file appears: the step resolves and its error goes.
    const nope = path.join(dir, 'handler/nope.go');
    writeFileSync(nope, 'package handler\n');
    client.watchedFilesChanged([{ file: nope, type: 1 }]);
    const after = await client.diagnosticsFor(reback, (d) => !d.some((x) => x.code === 'file-not-found'), 'file-not-found cleared');
    assert.deepEqual(after.map((d) => d.code), ['anchor-moved', 'anchor-fuzzy', 'anchor-stale', 'lines-only']);
  });

  it('appear for new walkthrough files and are cleared when a walkthrough is deleted', async () => {
    const extra = path.join(dir, 'tours/extra.walkthrough.yaml');
    const changes = client.didChangeCount;
    mkdirSync(path.dirname(extra), { recursive: true });
    writeFileSync(extra, 'title: Extra\nsteps:\n  - file: handler/inventory.go\n    lines: 1\n    colour: red\n');
    client.watchedFilesChanged([{ file: extra, type: 1 }]);
    const diagnostics = await client.diagnosticsFor(extra);
    assert.deepEqual(diagnostics.map(short), ['4:4-4:10 2 unknown-key', '3:11-3:12 3 lines-only', '2:4-2:8 3 missing-step-id']);
    await client.waitFor(() => client.didChangeCount > changes, 'walkthroughs/didChange for the new file');

    // Deleting the folder (one event for the folder) removes the walkthrough and clears its diagnostics.
    rmSync(path.dirname(extra), { recursive: true });
    client.watchedFilesChanged([{ file: path.dirname(extra), type: 3 }]);
    await client.waitFor(() => client.diagnostics.get(uri(extra))?.length === 0, 'diagnostics cleared for the deleted walkthrough');
    const list = await client.request<{ walkthroughs: Array<{ id: string }> }>('walkthroughs/list', {});
    assert.deepEqual(
      list.walkthroughs.map((w) => w.id),
      ['order-flow', 'reback-flow'],
    );
  });
});
