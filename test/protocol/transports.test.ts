/** VS Code starts the server over node-ipc; a bare client with no capabilities must work too. */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { it } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { sampleFiles } from './fixtures';
import { removeWorkspace, SERVER, tempWorkspace, uri } from './lspClient';

it('serves over --node-ipc to a client that declares no capabilities', async () => {
  const dir = tempWorkspace(sampleFiles());
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const serverRequests: string[] = [];
  connection.onRequest((method) => {
    serverRequests.push(method);
    return null;
  });
  connection.onNotification(() => undefined);
  connection.listen();
  try {
    const result = await connection.sendRequest<{ serverInfo: { name: string }; capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: uri(dir),
      workspaceFolders: null,
      capabilities: {},
    });
    assert.equal(result.serverInfo.name, 'code-walkthroughs');
    assert.deepEqual(Object.keys(result.capabilities).sort(), [
      'codeActionProvider',
      'codeLensProvider',
      'completionProvider',
      'definitionProvider',
      'documentSymbolProvider',
      'hoverProvider',
      'textDocumentSync',
      'workspace',
    ]);
    await connection.sendNotification('initialized', {});
    const lenses = await connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(path.join(dir, 'handler/inventory.go')) } });
    // No clientInfo: plain titles.
    assert.deepEqual(
      lenses.map((l) => l.command!.title).sort(),
      ['下单链路 · 2/4 Sell: 加锁扣库存', '下单链路 · 3/4 inventory.go:8-15', '下单链路 · 4/4 Reback', '归还库存 · 1/4 Print', '归还库存 · 2/4 Lock helper'],
    );
    // Nothing the client did not offer: no dynamic registration, no configuration or refresh requests.
    assert.deepEqual(serverRequests, []);
    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
    removeWorkspace(dir);
  }
});

it('does not hang when the client never answers workspace/configuration', async () => {
  const dir = tempWorkspace(sampleFiles());
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.onRequest('workspace/configuration', () => new Promise(() => undefined));
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri(dir), workspaceFolders: null, capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification('initialized', {});
    const started = Date.now();
    const lenses = await connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(path.join(dir, 'handler/inventory.go')) } });
    assert.equal(lenses.length, 5);
    const waited = Date.now() - started;
    assert.ok(waited >= 900 && waited < 3000, `waited ${waited} ms`);
  } finally {
    connection.dispose();
    child.kill();
    removeWorkspace(dir);
  }
});
