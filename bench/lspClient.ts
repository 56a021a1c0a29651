/**
 * A minimal editor for the benchmarks: starts the bundled server (`dist/server.js --stdio`) as a
 * child process and talks to it with vscode-jsonrpc, as VS Code would. It answers the server's
 * requests (settings, registrations) and drains its notifications (diagnostics, list changes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';

export const REPO = path.resolve(__dirname, '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface Lens {
  range: { start: { line: number } };
  command?: { title: string };
}

export interface StartedServer {
  connection: MessageConnection;
  child: ChildProcess;
  pid: number;
  /** performance.now() when the child was spawned, and when `initialized` was sent. */
  spawned: number;
  initialized: number;
  /** Notifications received so far (diagnostics and the like), drained and counted. */
  notifications: () => number;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** The `walkthroughs` settings, sent in initializationOptions and answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Called right after `initialized` is sent, before anything else is (to race a request against the load). */
  afterInitialized?: (connection: MessageConnection) => void;
  /** Extra node options for the server process, e.g. `--cpu-prof` to profile it. */
  nodeArgs?: string[];
  /** Extra environment variables for the server process (e.g. where memoryProbe.cjs writes). */
  env?: Record<string, string>;
  /** initializationOptions.cacheDir: where the server keeps parses between sessions (none by default). */
  cacheDir?: string;
}

export async function startServer(folder: string, options: StartOptions = {}): Promise<StartedServer> {
  const spawned = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const settings = options.settings ?? null;
  let notifications = 0;
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
  connection.onRequest(() => null);
  connection.onNotification(() => {
    notifications++;
  });
  connection.listen();
  const uri = pathToFileURL(folder).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: path.basename(folder) }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: { codicons: false, ...(options.settings ? { settings: options.settings } : {}), ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) },
  });
  connection.sendNotification('initialized', {});
  const initialized = performance.now();
  options.afterInitialized?.(connection);
  const stop = async (): Promise<void> => {
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    // A polite shutdown, but never wait long for a server still busy loading.
    const polite = (async () => {
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
    })().catch(() => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await Promise.race([polite.then(() => exited), exited]);
    clearTimeout(timer);
    connection.dispose();
  };
  return { connection, child, pid: child.pid!, spawned, initialized, notifications: () => notifications, stop };
}

/** VmRSS / VmHWM of a live process in bytes (NaN when it cannot be read). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => {
      const match = new RegExp(`${name}:\\s+(\\d+) kB`).exec(status);
      return match ? Number(match[1]) * 1024 : NaN;
    };
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

export async function codeLenses(connection: MessageConnection, uri: string): Promise<Lens[]> {
  return ((await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) ?? []) as Lens[];
}

/** Asks for CodeLens until `ready` accepts them or `timeoutMs` passes; undefined on timeout. */
export async function lensesWhenReady(connection: MessageConnection, uri: string, ready: (lenses: Lens[]) => boolean, timeoutMs = 10_000): Promise<Lens[] | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), remaining);
    });
    const lenses = await Promise.race([codeLenses(connection, uri), timeout]);
    clearTimeout(timer);
    if (lenses === 'timeout') return undefined;
    if (ready(lenses)) return lenses;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The floor of a request: a method no server implements, answered MethodNotFound without doing any work. */
export const NOOP_METHOD = 'codeWalkthroughsBench/noop';

/** Round trip of one no-op request in ms; throws unless the server answered MethodNotFound. */
export async function noopRoundTrip(connection: MessageConnection): Promise<number> {
  const start = performance.now();
  try {
    await connection.sendRequest(NOOP_METHOD, {});
  } catch (error) {
    if (error instanceof ResponseError && error.code === -32601) return performance.now() - start;
    throw error;
  }
  throw new Error(`${NOOP_METHOD} was answered: the floor request is no longer a no-op`);
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}
