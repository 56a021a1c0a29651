/**
 * The server's lifecycle and framing as the LSP specification wants them (issue 11, item 10):
 * requests before `initialize` get ServerNotInitialized (-32002), requests after `shutdown` get
 * InvalidRequest, and a broken `Content-Length` header does not leave the server deaf.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { removeWorkspace, SERVER, tempWorkspace, uri } from './lspClient';

function startRaw(): { child: ChildProcess; connection: MessageConnection } {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  return { child, connection };
}

async function errorOf(promise: Promise<unknown>): Promise<ResponseError<unknown> | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as ResponseError<unknown>;
  }
}

describe('lifecycle', () => {
  let dir: string;
  before(() => {
    dir = tempWorkspace({ 'a.go': 'package a\n', 't.walkthrough.yaml': 'title: T\nsteps:\n  - file: a.go\n    lines: 1\n' });
  });
  after(() => removeWorkspace(dir));

  it('a request before initialize gets -32002; after shutdown, InvalidRequest', async () => {
    const { child, connection } = startRaw();
    try {
      const early = await errorOf(connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(`${dir}/a.go`) }, position: { line: 0, character: 0 } }));
      assert.equal(early?.code, -32002);
      const custom = await errorOf(connection.sendRequest('walkthroughs/list', {}));
      assert.equal(custom?.code, -32002);
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri(dir), capabilities: {}, workspaceFolders: [{ uri: uri(dir), name: 'ws' }] });
      await connection.sendNotification('initialized', {});
      const list = (await connection.sendRequest('walkthroughs/list', {})) as { walkthroughs: unknown[] };
      assert.equal(list.walkthroughs.length, 1);
      await connection.sendRequest('shutdown');
      const late = await errorOf(connection.sendRequest('walkthroughs/list', {}));
      assert.equal(late?.code, -32600);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('a malformed Content-Length (abc, -5) is skipped: the next well-formed message is answered', async () => {
    for (const bad of ['abc', '-5']) {
      const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      try {
        const frame = (message: object) => {
          const body = JSON.stringify(message);
          return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
        };
        const answered = new Promise<string>((resolve) => {
          let out = '';
          child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
            out += chunk;
            if (out.includes('"id":1')) resolve(out);
          });
        });
        child.stdin!.write(`Content-Length: ${bad}\r\n\r\n{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}`);
        child.stdin!.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: uri(dir), capabilities: {} } }));
        const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('(no answer)'), 15_000));
        const out = await Promise.race([answered, timeout]);
        assert.match(out, /"id":1,"result":\{"capabilities"/, `Content-Length: ${bad}`);
        assert.equal(child.exitCode, null, 'the server is still running');
      } finally {
        child.kill();
      }
    }
  });
});
