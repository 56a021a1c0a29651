/**
 * The server's lifecycle on one connection: `initialize` creates the workspace, `initialized`
 * registers watchers and reads the settings, buffers and watched files feed the workspace, and
 * every change is reported (diagnostics, `walkthroughs/didChange`, CodeLens refresh). Features
 * do not see the connection's lifecycle: a handler asks `workspaceReady()` or
 * `documentReady(uri)` and answers from what it gets (see handlers.ts and startServer.ts).
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import { setTimeout as delay } from 'node:timers/promises';
import { version } from '../../../package.json';
import { DidChangeWalkthroughsNotification, type InitializationOptions, type WalkthroughsSettings } from '../../../common/src/protocol';
import type { GitHistory } from '../core/codetour/tourHistory';
import type { FileSystem, FileSystemFactory } from '../core/fileSystem';
import type { SymbolIndex } from '../core/symbols/symbolIndex';
import { setLocale } from '../core/l10n';
import { LANGUAGES } from '../core/symbols/languages';
import { loadGrammar } from '../core/symbols/parser';
import { DIAGNOSTIC_SOURCE, DiagnosticReports, publishChanged } from '../features/diagnostics';
import { throwIfCancelled, unlessCancelled, type Cancellation } from './jobQueue';
import { LINE_DOCUMENTS } from './lineDocument';
import { systemTimers, type Timers } from './openDocuments';
import { describeError, type Logger } from './log';
import { fetchSettings, toSettings } from './settings';
import { uriToPath } from './uri';
import { ChangeTracker } from '../features/walkthroughList';
import { CHANGE_DEBOUNCE_MS, Workspace, type FileEventKind } from './workspace';

/** What the server runs on besides its connection; tests pass in-memory ones. */
export interface ServerDeps {
  /**
   * The file systems the server reads, made for the folders to confine them to (server.ts: the
   * disk, confined by real path); or one file system for every use (tests' memory files).
   * Features never build their own.
   */
  fs: FileSystem | FileSystemFactory;
  /** Where failures are logged (default: the client's log through the connection). */
  logger?: Logger;
  /** The clock of the typing debounce and of cache expiry (default: the system timers). */
  timers?: Timers;
  /** Re-resolve this long after the last keystroke (default CHANGE_DEBOUNCE_MS). */
  debounceMs?: number;
  /** Compile the parser grammars at once (default true), so the first CodeLens does not wait. */
  preloadGrammars?: boolean;
  /** Git, to repair CodeTour tours from history (server.ts gives the git CLI); without it, tours resolve by line numbers. */
  git?: GitHistory;
  /**
   * The symbol layer, given initializationOptions.cacheDir (server.ts: a parse cache there and
   * parse workers, server/src/serverSymbols.ts). Default: parses in memory only (in-process tests).
   */
  symbols?: (cacheDir: string | undefined) => SymbolIndex;
}

/** How long a request waits for its pending edits: `apply` them now, or `leave` them to their debounce. */
export type Pending = 'apply' | 'leave';

export class Server {
  /** Open buffers as arrays of lines: a change costs what it touches, not the file's size. */
  readonly documents = new TextDocuments(LINE_DOCUMENTS);
  readonly log: Logger;
  /** What the client can do, as `initialize` said. */
  capabilities: ClientCapabilities = {};
  /** Diagnostics per walkthrough file, once `initialize` created the workspace. */
  reports: DiagnosticReports | undefined;

  private folders: string[] = [];
  private current: Workspace | undefined;
  /** The client pulls diagnostics (textDocument/diagnostic, workspace/diagnostic); else they are pushed. */
  private pull = false;
  /** Requests wait for the first settings so that a disabled feature never flashes on. */
  private settingsLoaded: Promise<void> = Promise.resolve();
  private initialized = false;
  /** After `shutdown` the only request answered is none: each gets InvalidRequest (LSP 3.17). */
  private shutDown = false;
  private readonly tracker = new ChangeTracker();
  /** TextDocuments reports an open as a change too; the open is handled once. */
  private readonly justOpened = new Set<string>();
  private sawInitialized!: () => void;
  private readonly initializedSeen = new Promise<void>((resolve) => (this.sawInitialized = resolve));

  constructor(
    private readonly connection: Connection,
    private readonly deps: ServerDeps,
  ) {
    this.log = deps.logger ?? { error: (message: string) => connection.console.error(message) };
    // Compile the preloaded grammars while the client is still starting up (the others load on
    // the first file of their language: see LanguageSpec.preload).
    if (deps.preloadGrammars !== false) {
      for (const language of LANGUAGES.filter((l) => l.preload)) loadGrammar(language.wasm, language.grammarPackage).catch((error: unknown) => this.log.error(`[grammar ${language.id}] ${describeError(error)}`));
    }
  }

  /** The workspace, once `initialize` created it. */
  workspace(): Workspace | undefined {
    return this.current;
  }

  /** Listens for the lifecycle, the buffers and the watched files on the connection. */
  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.onInitialized());
    connection.onShutdown(() => {
      this.shutDown = true;
    });
    connection.onDidChangeConfiguration((params) => this.configurationChanged(params));
    connection.onDidChangeWatchedFiles((params) => this.watchedFilesChanged(params));
    // Documents: open buffers become overlays; edits re-resolve after a short pause.
    documents.onDidOpen((e) => {
      this.justOpened.add(e.document.uri);
      this.current?.opened(e.document);
    });
    documents.onDidChangeContent((e) => {
      if (this.justOpened.delete(e.document.uri)) return;
      this.current?.changed(e.document);
    });
    documents.onDidClose((e) => {
      this.justOpened.delete(e.document.uri);
      this.current?.closed(e.document);
    });
  }

  /**
   * The workspace once pending edits are applied (`leave`: once what is resolved is answerable,
   * the typing debounce left alone). Before `initialize` a request gets ServerNotInitialized,
   * after `shutdown` InvalidRequest. A request cancelled while it waits stops here
   * (RequestCancelled) and does none of its work.
   */
  async workspaceReady(token: Cancellation | undefined, pending: Pending = 'apply'): Promise<Workspace> {
    const ws = this.initializedWorkspace();
    await unlessCancelled(this.settingsLoaded, token);
    await (pending === 'apply' ? ws.flush(token) : ws.idle(token));
    throwIfCancelled(token);
    return ws;
  }

  /**
   * As `workspaceReady`, with the engine path of the request's document; undefined for a
   * document that is not a `file:` (untitled:, git:, …), which gets an empty answer. With
   * `openText` (the buffer) a file open at start-up is answered as soon as its walkthroughs are
   * resolved, before the rest of the workspace.
   */
  async documentReady(uri: string, token: Cancellation | undefined, pending: Pending = 'apply', openText?: string): Promise<{ ws: Workspace; file: string } | undefined> {
    const ws = this.initializedWorkspace();
    await unlessCancelled(this.settingsLoaded, token);
    const file = uriToPath(uri);
    if (file && openText !== undefined && (await unlessCancelled(ws.servedEarly(file, openText), token))) return { ws, file };
    await this.workspaceReady(token, pending);
    return file === undefined ? undefined : { ws, file };
  }

  /** Asks the client for CodeLens again (settings, the active tour or the walkthroughs changed). */
  refreshCodeLenses(): void {
    if (this.capabilities.workspace?.codeLens?.refreshSupport) this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  private initializedWorkspace(): Workspace {
    if (!this.current) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized yet.');
    if (this.shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
    return this.current;
  }

  private initialize(params: InitializeParams): InitializeResult {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    // Diagnostics, CodeLens, hovers and quick fixes speak the language the client asks for
    // (initializationOptions.locale), else its display language.
    setLocale(typeof options.locale === 'string' && options.locale ? options.locale : params.locale);
    const capabilities = (this.capabilities = params.capabilities);
    this.pull = capabilities.textDocument?.diagnostic !== undefined;
    let folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined);
    if (folders.length === 0 && params.rootUri) folders = [uriToPath(params.rootUri)].filter((f): f is string => f !== undefined);
    if (folders.length === 0 && params.rootPath) folders = [params.rootPath];
    this.folders = folders;

    const symbols = this.deps.symbols?.(typeof options.cacheDir === 'string' && options.cacheDir ? options.cacheDir : undefined);
    const workspace = new Workspace(this.deps.fs, folders, this.log, this.deps.debounceMs ?? CHANGE_DEBOUNCE_MS, this.deps.timers ?? systemTimers, this.deps.git, symbols);
    this.current = workspace;
    this.reports = new DiagnosticReports(workspace.engine);
    workspace.codicons = options.codicons ?? /code|codium|cursor|windsurf/i.test(params.clientInfo?.name ?? '');
    // The first settings (VS Code sends them all, `files` included) apply before the first load:
    // a glob change now must not queue a second full load behind it.
    if (options.settings) {
      workspace.settings = toSettings(options.settings);
      workspace.engine.setWalkthroughGlobs(workspace.settings.files);
    }
    workspace.onDidUpdate((affected) => this.updated(affected));
    // Loading starts now; every request waits for it (Workspace.flush), except CodeLens on a file
    // open at the start, answered once the walkthroughs that name it are resolved (servedEarly).
    void workspace.load(async () => {
      // Asked once the walkthrough files are found. The client opens its editors right after
      // `initialized`: give those notifications a moment to arrive (never more than 100 ms; a real
      // pause, not the injectable debounce clock, which tests may hold).
      await Promise.race([this.initializedSeen.then(() => delay(5)), delay(100)]);
      return this.documents.all().flatMap((d) => uriToPath(d.uri) ?? []);
    }).then(() => symbols?.flush());

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['/', ':', '"'] },
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        // Walkthroughs read code, memos and each other: a change anywhere can change a report.
        ...(this.pull ? { diagnosticProvider: { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'code-walkthroughs', version },
    };
  }

  private onInitialized(): void {
    const { connection, capabilities, log } = this;
    this.initialized = true;
    this.sawInitialized();
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch((error: unknown) => log.error(`[register file watcher] ${describeError(error)}`));
    }
    if (capabilities.workspace?.configuration) {
      if (capabilities.workspace.didChangeConfiguration?.dynamicRegistration) {
        connection.client.register(DidChangeConfigurationNotification.type, { section: 'walkthroughs' }).catch((error: unknown) => log.error(`[register configuration] ${describeError(error)}`));
      }
      this.settingsLoaded = this.refreshSettings();
    }
    if (capabilities.workspace?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => this.foldersChanged(event));
  }

  /** After each change: diagnostics, the list and CodeLens of what it touched, nothing else. */
  private updated(affected: string[]): void {
    const workspace = this.current;
    const reports = this.reports;
    if (!workspace || !reports) return;
    const changed = reports.update(affected);
    if (changed.length > 0) {
      if (!this.pull) publishChanged(reports, changed, (params) => void this.connection.sendDiagnostics(params));
      else if (this.initialized && this.capabilities.workspace?.diagnostics?.refreshSupport) this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }
    const change = this.tracker.update(workspace, affected);
    if (change) {
      void this.connection.sendNotification(DidChangeWalkthroughsNotification, change);
      this.refreshCodeLenses();
    }
  }

  private foldersChanged(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
    const added = event.added.map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined);
    this.folders = [...this.folders.filter((f) => !removed.has(f)), ...added.filter((f) => !this.folders.includes(f))];
    void this.current?.setFolders(this.folders);
  }

  // Settings: `walkthroughs.codeLens.enabled`, `walkthroughs.hover.enabled` (default true), `walkthroughs.files`.
  private applySettings(settings: WalkthroughsSettings | undefined): void {
    const workspace = this.current;
    if (!workspace) return;
    const next = toSettings(settings);
    const changed = next.codeLensEnabled !== workspace.settings.codeLensEnabled || next.codeLensMode !== workspace.settings.codeLensMode;
    const filesChanged = JSON.stringify(next.files ?? null) !== JSON.stringify(workspace.settings.files ?? null);
    workspace.settings = next;
    if (filesChanged) void workspace.setWalkthroughGlobs(next.files);
    if (changed && this.initialized) this.refreshCodeLenses();
  }

  private async refreshSettings(): Promise<void> {
    const answer = await fetchSettings(this.connection, this.log);
    if (answer) this.applySettings(answer);
  }

  private configurationChanged(params: DidChangeConfigurationParams): void {
    if (this.capabilities.workspace?.configuration) this.settingsLoaded = this.refreshSettings();
    else this.applySettings((params.settings as { walkthroughs?: WalkthroughsSettings } | undefined)?.walkthroughs);
  }

  private watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    const kinds: Record<number, FileEventKind> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };
    const events = params.changes.flatMap((change) => {
      const file = uriToPath(change.uri);
      return file ? [{ file, kind: kinds[change.type] ?? 'changed' }] : [];
    });
    void this.current?.filesChanged(events);
  }
}
