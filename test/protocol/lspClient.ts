/**
 * A minimal LSP client for protocol tests: starts the real bundled server (`dist/server.js
 * --stdio`) as a child process and speaks JSON-RPC to it over its stdin/stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

/** Writes files (relative path → content) under a new temp folder and returns its path. */
export function tempWorkspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'walkthroughs-lsp-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface StartOptions {
  folders: string[];
  clientName?: string;
  initializationOptions?: unknown;
  /** Settings answered to `workspace/configuration` for the `walkthroughs` section. */
  settings?: unknown;
  capabilities?: ClientCapabilities;
  /** `initialize`'s `locale` (the client's display language). */
  locale?: string;
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    codeLens: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  readonly logs: string[] = [];
  didChangeCount = 0;
  codeLensRefreshCount = 0;
  settings: unknown;
  private readonly versions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: StartOptions): Promise<LspClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    client.settings = options.settings ?? {};
    child.stderr!.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    child.on('exit', () => {
      client.exited = true;
      client.notify();
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.notify();
    });
    connection.onNotification('walkthroughs/didChange', () => {
      client.didChangeCount++;
      client.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
      client.notify();
    });
    connection.onRequest('client/registerCapability', (params: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      client.registrations.push(...params.registrations);
      client.notify();
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'walkthroughs' ? client.settings : null)),
    );
    connection.onRequest('workspace/codeLens/refresh', () => {
      client.codeLensRefreshCount++;
      client.notify();
      return null;
    });
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: options.clientName ?? 'Visual Studio Code', version: '1.139.0' },
      rootUri: options.folders[0] ? uri(options.folders[0]) : null,
      workspaceFolders: options.folders.map((f) => ({ uri: uri(f), name: path.basename(f) })),
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: options.initializationOptions,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Resolves when `predicate` holds (checked after every message from the server). */
  waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; logs:\n${this.logs.join('')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Diagnostics of a file once they satisfy `predicate`. */
  diagnosticsFor(file: string, predicate: (d: Diagnostic[]) => boolean = () => true, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const list = this.diagnostics.get(uri(file));
      return list && predicate(list) ? list : undefined;
    }, `${what} of ${path.basename(file)}`);
  }

  open(file: string, text: string, languageId = 'plaintext'): void {
    this.versions.set(file, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId, version: 1, text } });
  }

  change(file: string, changes: TextDocumentContentChangeEvent[]): void {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: changes });
  }

  /** Any other client → server notification (sent in order with the requests that follow). */
  sendNotification(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  close(file: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }

  version(file: string): number | undefined {
    return this.versions.get(file);
  }

  watchedFilesChanged(changes: Array<{ file: string; type: 1 | 2 | 3 }>): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uri(c.file), type: c.type })) });
  }

  codeLens(file: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(file) } });
  }

  hover(file: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position });
  }

  async completion(file: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionItem[] | CompletionList | null = await this.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(file) }, position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  definition(file: string, position: Position): Promise<Location[] | Location | null> {
    return this.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(file) }, position });
  }

  codeActions(file: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range, context: { diagnostics } });
  }

  documentSymbols(file: string): Promise<DocumentSymbol[] | null> {
    return this.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri(file) } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
        void this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await Promise.race([new Promise((r) => this.child.once('exit', r)), new Promise((r) => setTimeout(r, 1000))]);
    }
    if (!this.exited) this.child.kill();
    this.connection.dispose();
  }
}

/** Lens titles with their 0-based lines, sorted by line: `8: $(book) … 2/4 …`. */
export function lensSummary(lenses: CodeLens[] | null): string[] {
  return (lenses ?? []).map((l) => `${l.range.start.line}: ${l.command?.title}`).sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

export function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const contents = hover.contents;
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  return contents.value;
}
