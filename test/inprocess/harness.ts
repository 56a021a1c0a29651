/**
 * The real server (`startServer`) in this process: an in-memory connection (two PassThrough
 * streams) with a vscode-jsonrpc client on the other end, over a MemoryFileSystem. Feature tests
 * run here in milliseconds; the stdio tests in test/protocol stay the contract.
 */
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type CancellationToken, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { FileSystem } from '../../server/src/core/fileSystem';
import type { Timers } from '../../server/src/features/openDocuments';
import type { DidChangeWalkthroughsParams } from '../../common/src/protocol';
import { startServer } from '../../server/src/startServer';

export const WS = '/ws';
export const uriOf = (file: string): string => `file://${file}`;

export const PUSH_CAPABILITIES: ClientCapabilities = {
  workspace: { codeLens: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
  textDocument: { hover: { contentFormat: ['markdown'] } },
};

export const PULL_CAPABILITIES: ClientCapabilities = {
  ...PUSH_CAPABILITIES,
  workspace: { ...PUSH_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...PUSH_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

export interface InProcessOptions {
  fs: FileSystem;
  capabilities?: ClientCapabilities;
  timers?: Timers;
  debounceMs?: number;
  /** Answered to workspace/configuration; absent: the client does not offer configuration. */
  settings?: unknown;
  /** `initialize`'s initializationOptions.settings (as VS Code sends them). */
  initialSettings?: unknown;
  /** `initialize`'s `locale` (the client's display language). */
  locale?: string;
  /** More `initialize` initializationOptions (e.g. `locale`, the extension's own language). */
  initializationOptions?: Record<string, unknown>;
}

export class InProcessClient {
  readonly published = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in order (uri only), to see what a change re-sent. */
  readonly publishLog: string[] = [];
  readonly didChange: DidChangeWalkthroughsParams[] = [];
  readonly logged: string[] = [];
  diagnosticRefreshes = 0;
  codeLensRefreshes = 0;
  private versions = new Map<string, number>();

  private constructor(readonly connection: MessageConnection) {}

  static async start(options: InProcessOptions): Promise<InProcessClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const client = new InProcessClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
    startServer(serverConnection, {
      fs: options.fs,
      logger: { error: (message) => client.logged.push(message) },
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    });
    const c = client.connection;
    c.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.set(params.uri, params.diagnostics);
      client.publishLog.push(params.uri);
    });
    c.onNotification('walkthroughs/didChange', (params: DidChangeWalkthroughsParams) => void client.didChange.push(params));
    c.onNotification('window/logMessage', (params: { message: string }) => void client.logged.push(params.message));
    c.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.settings ?? null));
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('workspace/codeLens/refresh', () => {
      client.codeLensRefreshes++;
      return null;
    });
    c.onRequest('workspace/diagnostic/refresh', () => {
      client.diagnosticRefreshes++;
      return null;
    });
    c.listen();
    const capabilities = options.capabilities ?? PUSH_CAPABILITIES;
    await c.sendRequest('initialize', {
      processId: null,
      rootUri: uriOf(WS),
      workspaceFolders: [{ uri: uriOf(WS), name: 'ws' }],
      capabilities: options.settings === undefined ? capabilities : { ...capabilities, workspace: { ...capabilities.workspace, configuration: true } },
      initializationOptions: { codicons: false, ...(options.initialSettings !== undefined ? { settings: options.initialSettings } : {}), ...options.initializationOptions },
      ...(options.locale !== undefined ? { locale: options.locale } : {}),
    });
    await c.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R> {
    return token ? this.connection.sendRequest<R>(method, params, token) : this.connection.sendRequest<R>(method, params);
  }

  open(file: string, text: string, languageId = 'go'): void {
    this.versions.set(file, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  /** Replaces the whole buffer. */
  edit(file: string, text: string): void {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
  }

  /** Incremental changes (LSP `contentChanges` with ranges), in one didChange notification. */
  change(file: string, contentChanges: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): void {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges });
  }

  /** A request that waits until the server processed everything sent before (a flush). */
  async settle(): Promise<void> {
    await this.request('walkthroughs/list', {});
  }

  async waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  stop(): void {
    this.connection.dispose();
  }
}

/** A FileSystem whose reads wait while `hold()` is in effect: a queue that is busy on demand. */
export class GatedFileSystem implements FileSystem {
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  reads = 0;

  constructor(private readonly inner: FileSystem) {}

  hold(): void {
    this.gate ??= new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    this.reads++;
    await this.gate;
    return this.inner.readFile(path);
  }

  async size(path: string): Promise<number | undefined> {
    await this.gate;
    return this.inner.size?.(path);
  }

  readDirectory(path: string): ReturnType<FileSystem['readDirectory']> {
    return this.inner.readDirectory(path);
  }

  async isDirectory(path: string): Promise<boolean> {
    return (await this.inner.isDirectory?.(path)) ?? false;
  }
}
