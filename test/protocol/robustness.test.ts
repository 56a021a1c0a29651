/** Bad input never takes the server down; unknown documents get empty answers; multi-root workspaces. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ListWalkthroughsResult } from '../../common/src/protocol';
import { sampleFiles } from './fixtures';
import { lensSummary, LspClient, removeWorkspace, tempWorkspace, uri, writeFiles } from './lspClient';

const BINARY = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0]);

describe('bad input', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = tempWorkspace({
      ...sampleFiles(),
      'logo.png': BINARY,
      'broken.walkthrough.yaml': 'title: [unclosed\nsteps:\n\t- file: x\n  - : :\n',
      'binary.walkthrough.yaml': BINARY,
      'points-at-binary.walkthrough.yaml': 'title: Pic\nsteps:\n  - file: logo.png\n    lines: 1\n',
    });
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('reports malformed YAML, binary walkthroughs and binary step files as diagnostics', async () => {
    const broken = await client.diagnosticsFor(path.join(dir, 'broken.walkthrough.yaml'));
    assert.ok(broken.length > 0 && broken.every((d) => d.code === 'yaml-syntax' || d.code === 'missing-key' || d.code === 'invalid-type'), JSON.stringify(broken));
    assert.equal(broken[0]!.code, 'yaml-syntax');
    assert.deepEqual(
      (await client.diagnosticsFor(path.join(dir, 'binary.walkthrough.yaml'))).map((d) => [d.code, d.message]),
      [['unreadable-file', 'This walkthrough file is a binary file.']],
    );
    const pic = await client.diagnosticsFor(path.join(dir, 'points-at-binary.walkthrough.yaml'));
    assert.deepEqual(
      pic.map((d) => d.code),
      ['unreadable-file', 'missing-step-id'],
    );
  });

  it('answers every request on malformed, binary and unknown documents, and stays up', async () => {
    const broken = path.join(dir, 'broken.walkthrough.yaml');
    const garbage = 'steps: [\n  - {{{\n\u0000\ufffd: &a *a\n';
    client.open(broken, garbage, 'yaml');
    client.change(broken, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\t\t- file: : :\n' }]);
    for (const file of [broken, path.join(dir, 'logo.png'), path.join(dir, 'does/not/exist.go')]) {
      assert.deepEqual(await client.codeLens(file), []);
      assert.equal(await client.hover(file, { line: 1, character: 3 }), null);
      assert.deepEqual(await client.definition(file, { line: 1, character: 3 }), []);
      const symbols = await client.documentSymbols(file);
      if (file === broken) assert.ok(Array.isArray(symbols));
      else assert.deepEqual(symbols, []);
      assert.ok(Array.isArray(await client.completion(file, { line: 40, character: 99 })));
      assert.ok(Array.isArray(await client.codeActions(file, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } })));
    }
    // Non-file URIs (untitled buffers) get empty answers too.
    assert.deepEqual(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: 'untitled:Untitled-1' } }), []);
    await client.diagnosticsFor(broken, (d) => d.some((x) => x.code === 'yaml-syntax'), 'yaml-syntax on the garbage buffer');
    client.close(broken);
    // Still alive and still right, and nothing escaped the handlers.
    assert.ok(client.alive);
    assert.ok(!client.logs.join('').includes('[uncaught]'), client.logs.join(''));
    const lenses = lensSummary(await client.codeLens(path.join(dir, 'handler/inventory.go')));
    assert.equal(lenses[1], '8: $(book) 下单链路 · 2/4 Sell: 加锁扣库存');
  });

  it('survives a binary buffer opened in the editor and requests with nonsense positions', async () => {
    const go = path.join(dir, 'handler/inventory.go');
    client.open(go, '\u0000\u0001\u0002'.repeat(1000), 'go');
    assert.deepEqual(await client.codeLens(go), []);
    assert.equal(await client.hover(go, { line: -5, character: -1 }), null);
    client.close(go);
    assert.equal((await client.codeLens(go))?.length, 5);
    assert.ok(client.alive);
  });
});

describe('multi-root workspaces', () => {
  let a: string;
  let b: string;
  let client: LspClient;
  before(async () => {
    a = tempWorkspace(sampleFiles());
    b = tempWorkspace({
      'svc/main.go': 'package main\n\nfunc main() {\n\tprintln("b")\n}\n',
      'b.walkthrough.yaml': 'title: Folder B\nid: folder-b\nsteps:\n  - title: Main\n    file: svc/main.go\n    symbol: main\n',
    });
    client = await LspClient.start({ folders: [a] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(a);
    removeWorkspace(b);
  });

  it('adds and removes folders (workspace/didChangeWorkspaceFolders)', async () => {
    const list = async () => (await client.request<ListWalkthroughsResult>('walkthroughs/list', {})).walkthroughs.map((w) => w.id);
    assert.deepEqual(await list(), ['order-flow', 'reback-flow']);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(b), name: 'b' }], removed: [] } });
    await client.waitFor(() => client.diagnostics.has(uri(path.join(b, 'b.walkthrough.yaml'))), 'diagnostics for folder b');
    assert.deepEqual((await list()).sort(), ['folder-b', 'order-flow', 'reback-flow']);
    assert.deepEqual(lensSummary(await client.codeLens(path.join(b, 'svc/main.go'))), ['2: $(book) Folder B · 1/1 Main']);
    // Each folder is its own root: folder b's step does not resolve against folder a.
    assert.equal((await client.codeLens(path.join(a, 'handler/inventory.go')))?.length, 5);

    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(a), name: 'a' }] } });
    await client.waitFor(() => client.diagnostics.get(uri(path.join(a, 'reback.walkthrough.yaml')))?.length === 0, 'diagnostics of folder a cleared');
    assert.deepEqual(await list(), ['folder-b']);
    assert.deepEqual(await client.codeLens(path.join(a, 'handler/inventory.go')), []);
  });

  it('starts with several folders', async () => {
    const both = await LspClient.start({ folders: [a, b] });
    try {
      const { walkthroughs } = await both.request<ListWalkthroughsResult>('walkthroughs/list', {});
      // The primary tour first, then by file.
      assert.equal(walkthroughs[0]!.id, 'order-flow');
      assert.deepEqual(walkthroughs.map((w) => w.id).sort(), ['folder-b', 'order-flow', 'reback-flow']);
      assert.deepEqual(lensSummary(await both.codeLens(path.join(b, 'svc/main.go'))), ['2: $(book) Folder B · 1/1 Main']);
      assert.equal((await both.codeLens(path.join(a, 'handler/inventory.go')))?.length, 5);
    } finally {
      await both.stop();
    }
  });
});

describe('paths that need URI encoding', () => {
  it('works in a folder whose path has spaces, # and non-ASCII characters', async () => {
    const outer = tempWorkspace({});
    const dir = path.join(outer, 'my tours #1', '面试');
    writeFiles(dir, sampleFiles());
    const client = await LspClient.start({ folders: [dir] });
    try {
      const go = path.join(dir, 'handler/inventory.go');
      assert.match(uri(go), /my%20tours%20%231\/%E9%9D%A2%E8%AF%95\//);
      assert.equal(lensSummary(await client.codeLens(go))[1], '8: $(book) 下单链路 · 2/4 Sell: 加锁扣库存');
      const diagnostics = await client.diagnosticsFor(path.join(dir, 'reback.walkthrough.yaml'));
      assert.equal(diagnostics.length, 4);
    } finally {
      await client.stop();
      removeWorkspace(outer);
    }
  });
});
