/**
 * `walkthroughs/importMemo` on the real server in-process: a huge memo does not hold the server,
 * other requests are answered while it runs, and `$/cancelRequest` stops it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import type { ImportMemoResult, ListWalkthroughsResult } from '../../common/src/protocol';
import { GatedFileSystem, InProcessClient, uriOf, WS } from './harness';

const FILES = 1500;

function workspace(): GatedFileSystem {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) files[`${WS}/pkg${i}/file${i}.go`] = `package pkg${i}\n\nfunc Handle${i}() error {\n\treturn nil\n}\n`;
  // Every heading cites another file: the import reads them one by one.
  files[`${WS}/notes.md`] = Array.from({ length: FILES }, (_, i) => `## Topic ${i}\n\n涉及文件：\`pkg${i}/file${i}.go\`\n`).join('\n');
  return new GatedFileSystem(new MemoryFileSystem(files));
}

describe('importing a huge memo in the server', () => {
  it('answers other requests meanwhile, and stops when the request is cancelled', async () => {
    const fs = workspace();
    const c = await InProcessClient.start({ fs });
    await c.settle();
    const source = new CancellationTokenSource();
    let settled = false;
    const pending = c.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uriOf(`${WS}/notes.md`) }, source.token).finally(() => (settled = true));
    const started = fs.reads;
    // The import yields: a request sent after it is answered before it ends.
    await c.waitFor(() => fs.reads > started + 10, 'the import to start reading code', 20_000);
    await c.request<ListWalkthroughsResult>('walkthroughs/list', {});
    assert.equal(settled, false, 'walkthroughs/list was answered while the import went on');
    source.cancel();
    await assert.rejects(pending, (error: unknown) => error instanceof ResponseError && error.code === -32800);
    const atCancel = fs.reads;
    assert.ok(atCancel - started < FILES, `the import stopped before reading every file (${atCancel - started} of ${FILES})`);
    await c.settle();
    await c.settle();
    assert.equal(fs.reads, atCancel, 'nothing more is read after the cancellation');
    c.stop();
  });

  it('an existing walkthrough that cannot be read as text is an error, not a new file to write over it', async () => {
    const fs = new MemoryFileSystem({
      [`${WS}/a.go`]: 'package a\n\nfunc Sell() error {\n\treturn nil\n}\n',
      [`${WS}/notes.md`]: '# N\n\n`a.go` 里的 `Sell` 方法。\n\n涉及文件：`a.go`\n',
      [`${WS}/notes.walkthrough.yaml`]: new Uint8Array([0x74, 0x69, 0x00, 0x01, 0xff]),
    });
    const c = await InProcessClient.start({ fs });
    const result = await c.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uriOf(`${WS}/notes.md`) });
    assert.match(result.error ?? '', /binary/);
    assert.equal(result.yaml, '');
    c.stop();
  });

  it('still imports when nobody cancels', async () => {
    const fs = workspace();
    const c = await InProcessClient.start({ fs });
    const result = await c.request<ImportMemoResult>('walkthroughs/importMemo', { memo: uriOf(`${WS}/notes.md`) });
    assert.equal(result.error, undefined);
    assert.equal(result.steps, FILES);
    c.stop();
  });
});
