/** Benchmarks through the real bundled server over stdio, as an editor would see it. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { mib, sample, summary } from './stats';
import { writeWorkload } from './workload';

const REPO = path.resolve(__dirname, '..');
const SERVER = path.join(REPO, 'dist', 'server.js');

interface Lens {
  range: { start: { line: number } };
  command?: { title: string };
}

async function startServer(folder: string): Promise<{ connection: MessageConnection; pid: number; stop: () => void; initialized: number }> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const uri = pathToFileURL(folder).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: path.basename(folder) }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  connection.sendNotification('initialized', {});
  const initialized = performance.now();
  return { connection, pid: child.pid!, initialized, stop: () => { connection.dispose(); child.kill(); } };
}

function rss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function lensesWhenReady(connection: MessageConnection, uri: string, ready: (lenses: Lens[]) => boolean, timeoutMs = 10_000): Promise<Lens[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const lenses = ((await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) ?? []) as Lens[];
    if (ready(lenses) || performance.now() > deadline) return lenses;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function serverBench(steps: number): Promise<string[]> {
  if (!existsSync(SERVER)) return ['server: dist/server.js missing — run `npm run build` first'];
  const out: string[] = [];

  // First CodeLens on the bundled sample, measured from the `initialized` notification.
  const sampleFile = path.join(REPO, 'sample-repo', 'inventory_srv', 'handler', 'inventory.go');
  if (existsSync(sampleFile)) {
    const server = await startServer(REPO);
    const uri = pathToFileURL(sampleFile).href;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: readFileSync(sampleFile, 'utf8') } });
    const lenses = await lensesWhenReady(server.connection, uri, (l) => l.length > 0);
    out.push(`server: first CodeLens on the sample (inventory.go), after initialized  ${(performance.now() - server.initialized).toFixed(1)} ms  (${lenses.length} lenses)  target ≤ 300 ms`);
    server.stop();
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-server-'));
  const workload = writeWorkload(dir, steps);
  const server = await startServer(dir);
  try {
    const uri = pathToFileURL(workload.codeFile).href;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: workload.code } });
    const first = await lensesWhenReady(server.connection, uri, (l) => l.length >= steps);
    out.push(`server: ${first.length} lenses on the ${steps}-step file`);
    const codeLens = () => server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    const hover = (i: number) =>
      server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: workload.anchorLines[i % steps]! + 1, character: 4 } });
    await sample(50, codeLens);
    out.push(summary('server: textDocument/codeLens (200-step file)', await sample(500, codeLens), '≤ 10 ms'));
    await sample(50, hover);
    out.push(summary('server: textDocument/hover (inside a step)', await sample(500, hover), '≤ 10 ms'));

    // Typing: insert a line at the top and wait until the lenses have moved down.
    let version = 1;
    const typing = await sample(20, async (i) => {
      version++;
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// typed ${i}\n` }],
      });
      const expected = workload.anchorLines[0]! + i + 1;
      await lensesWhenReady(server.connection, uri, (l) => l.some((lens) => lens.range.start.line === expected));
    });
    out.push(summary('server: keystroke → lenses moved (incl. debounce)', typing));
    out.push(`server: resident memory with the ${steps}-step workspace  ${mib(rss(server.pid))}`);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
