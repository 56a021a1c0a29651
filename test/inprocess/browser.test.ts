/**
 * The browser build's server (serveThroughClient) on a virtual workspace: no disk, every read a
 * `walkthroughs/fs/*` request answered by the client, URIs of a non-`file` scheme, the in-memory
 * channel of the extension's worker (memoryTransport.ts) between the two ends.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { CodeLens, Hover } from 'vscode-languageserver-protocol';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { memoryChannel } from '../../server/src/browser/memoryTransport';
import { serveThroughClient } from '../../server/src/browser/serveThroughClient';
import type { FsParams, ListWalkthroughsResult } from '../../common/src/protocol';
import { INVENTORY_GO, sampleFiles } from '../protocol/fixtures';

/** The workspace folder `memfs:/sample`; the client's file system holds it under /sample. */
const FOLDER = 'memfs:/sample';
const uriOf = (rel: string) => `${FOLDER}/${rel}`;

function pathOf(uri: string): string {
  const url = new URL(uri);
  assert.equal(url.protocol, 'memfs:', `the server asked for ${uri}`);
  return decodeURIComponent(url.pathname);
}

interface Started {
  client: MessageConnection;
  /** Every URI the server asked the client to read. */
  asked: string[];
  wasm: string[];
}

async function start(files: Record<string, string>): Promise<Started> {
  const memory = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`/sample/${rel}`, text])));
  const [clientEnd, serverEnd] = memoryChannel();
  const asked: string[] = [];
  const wasm: string[] = [];
  serveThroughClient(serverEnd.reader, serverEnd.writer, (reader, writer) => createConnection(ProposedFeatures.all, reader, writer), {
    readWasm: async (file) => {
      wasm.push(file);
      const from = file === 'tree-sitter.wasm' ? 'web-tree-sitter/tree-sitter.wasm' : `${file.replace(/\.wasm$/, '')}/${file}`;
      return new Uint8Array(readFileSync(require.resolve(from)));
    },
    logger: { error: (message) => assert.fail(message) },
  });
  const client = createMessageConnection(clientEnd.reader, clientEnd.writer);
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  // As vscode-languageclient does: its handlers of server requests exist only once `initialize`
  // answered (before, a request gets "unhandled method"), so the server must wait for `initialized`.
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: FOLDER,
    workspaceFolders: [{ uri: FOLDER, name: 'sample' }],
    capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions: { codicons: false },
  });
  client.onRequest('walkthroughs/fs/stat', async ({ uri }: FsParams) => {
    asked.push(uri);
    const file = pathOf(uri);
    if (await memory.isDirectory(file)) return { type: 'directory', size: 0 };
    const size = await memory.size(file);
    return size === undefined ? null : { type: 'file', size };
  });
  client.onRequest('walkthroughs/fs/readFile', async ({ uri }: FsParams) => {
    asked.push(uri);
    return (await memory.readFile(pathOf(uri))) ?? null;
  });
  client.onRequest('walkthroughs/fs/readDirectory', async ({ uri }: FsParams) => {
    asked.push(uri);
    return memory.readDirectory(pathOf(uri));
  });
  await client.sendNotification('initialized', {});
  return { client, asked, wasm };
}

describe('the browser server on a virtual workspace', () => {
  let running: Started | undefined;
  afterEach(() => running?.client.dispose());

  it('lists the walkthroughs, shows CodeLens and a hover, reading only through the client and the wasm reader', async () => {
    running = await start(sampleFiles());
    const { client, asked } = running;
    const list = await client.sendRequest<ListWalkthroughsResult>('walkthroughs/list', {});
    const order = list.walkthroughs.find((w) => w.uri === uriOf('order.walkthrough.yaml'));
    assert.ok(order, JSON.stringify(list.walkthroughs.map((w) => w.uri)));
    assert.ok(order.steps.length > 0);

    const go = uriOf('handler/inventory.go');
    const lenses = await client.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: go } });
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.ok(titles.some((t) => t.startsWith('8: ') && t.includes('Sell')), titles.join('\n'));

    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: go, languageId: 'go', version: 1, text: INVENTORY_GO } });
    const hover = await client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: go }, position: { line: 8, character: 6 } });
    const text = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover);
    assert.match(text, /Sell/);
    // Links in the hover point at the virtual workspace, never at a file: URI.
    assert.ok(!text.includes('file://'), text);

    // The parser came from the wasm reader (the extension's URI), not from a path on a disk. (The
    // parser is loaded once per process: this is the first server of this file.)
    assert.ok(running.wasm.includes('tree-sitter.wasm'), running.wasm.join(', '));
    assert.ok(running.wasm.includes('tree-sitter-go.wasm'), running.wasm.join(', '));
    assert.ok(asked.length > 0, 'the server read through the client');
    assert.ok(asked.every((uri) => uri.startsWith(`${FOLDER}/`) || uri === FOLDER), asked.join('\n'));
  });
});
