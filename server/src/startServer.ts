/**
 * The Code Walkthroughs language server on any connection: `startServer(connection, deps)` wires
 * each feature (`features/`, answering from the engine in `core/`) to it. `server.ts` runs it over
 * stdio, node-ipc or pipes; tests run it in-process on an in-memory connection and file system.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  TextDocuments,
  ResponseError,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver';
import { setTimeout as delay } from 'node:timers/promises';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import type { FileSystem } from './core/fileSystem';
import { setLocale } from './core/l10n';
import { LANGUAGES } from './core/symbols/languages';
import { loadGrammar } from './core/symbols/parser';
import type { SymbolIndex } from './core/symbols/symbolIndex';
import { applyToFolder } from './features/applyToFolder';
import { declarations, editWalkthrough, locateSelection, memoSections } from './features/authoring';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { DIAGNOSTIC_SOURCE, DiagnosticReports, publishChanged } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { hover } from './features/hover';
import { importMemoRequest, memoImportLenses } from './features/importMemo';
import { throwIfCancelled, unlessCancelled, type Cancellation } from './features/jobQueue';
import { systemTimers, type Timers } from './features/openDocuments';
import { LINE_DOCUMENTS } from './features/lineDocument';
import { describeError, safely, type Logger } from './features/safe';
import { stepContent } from './features/stepContent';
import { convertTourRequest, exportAnkiRequest, exportRequest } from './features/codeTourRequests';
import { reviewRequest } from './features/review';
import type { GitHistory } from './core/codetour/tourHistory';
import { pathToUri, uriToPath } from './features/uri';
import { ChangeTracker, listWalkthroughs } from './features/walkthroughList';
import { CHANGE_DEBOUNCE_MS, Workspace, type FileEventKind } from './features/workspace';
import { fetchSettings, toSettings } from './features/settings';
import {
  ApplyToFolderRequest,
  DeclarationsRequest,
  EditWalkthroughRequest,
  LocateRequest,
  MemoSectionsRequest,
  type DeclarationsParams,
  type DeclarationsResult,
  type EditWalkthroughParams,
  type EditWalkthroughResult,
  type LocateParams,
  type LocateResult,
  type MemoSectionsParams,
  type MemoSectionsResult,
  DidChangeWalkthroughsNotification,
  type ListWalkthroughsParams,
  ImportMemoRequest,
  ListWalkthroughsRequest,
  SetActiveTourNotification,
  StepContentRequest,
  type ApplyToFolderParams,
  type ApplyToFolderResult,
  type ImportMemoParams,
  type ImportMemoResult,
  type InitializationOptions,
  type ListWalkthroughsResult,
  type SetActiveTourParams,
  type StepContentParams,
  type StepContentResult,
  type WalkthroughsSettings,
} from './protocol';
import { ReviewRequest, type ReviewParams, type ReviewResult } from './protocol';
import { ConvertTourRequest, ExportAnkiRequest, ExportWalkthroughRequest, type ConvertTourParams, type ConvertTourResult, type ExportAnkiParams, type ExportAnkiResult, type ExportWalkthroughParams, type ExportWalkthroughResult } from './protocol';

/** What the server runs on besides its connection; tests pass in-memory ones. */
export interface ServerDeps {
  /**
   * The file system the engine reads. A function gets the current workspace folders, so the
   * real disk can confine every read to them.
   */
  fs: FileSystem | ((folders: () => readonly string[]) => FileSystem);
  /** Where failures are logged (default: the client's log through the connection). */
  logger?: Logger;
  /** The clock of the typing debounce (default: the system timers). */
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

export interface RunningServer {
  readonly documents: TextDocuments<TextDocument>;
  /** The workspace, once `initialize` created it. */
  workspace(): Workspace | undefined;
}

/** Wires every feature to `connection` and starts listening on it. */
export function startServer(connection: Connection, deps: ServerDeps): RunningServer {
  // Open buffers as arrays of lines: a change costs what it touches, not the file's size.
  const documents = new TextDocuments(LINE_DOCUMENTS);
  let folders: string[] = [];
  // Nothing outside the workspace folders is read, even through symbolic links (NodeFileSystem).
  const fs = typeof deps.fs === 'function' ? deps.fs(() => folders) : deps.fs;
  const log: Logger = deps.logger ?? { error: (message: string) => connection.console.error(message) };

  let workspace: Workspace | undefined;
  let reports: DiagnosticReports | undefined;
  let capabilities: ClientCapabilities = {};
  /** The client pulls diagnostics (textDocument/diagnostic, workspace/diagnostic); else they are pushed. */
  let pull = false;
  /** Requests wait for the first settings so that a disabled feature never flashes on. */
  let settingsLoaded: Promise<void> = Promise.resolve();
  let initialized = false;
  /** After `shutdown` the only request answered is none: each gets InvalidRequest (LSP 3.17). */
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
  });
  const tracker = new ChangeTracker();

  // Compile the preloaded grammars while the client is still starting up (the others load on the
  // first file of their language: see LanguageSpec.preload).
  if (deps.preloadGrammars !== false) {
    for (const language of LANGUAGES.filter((l) => l.preload)) loadGrammar(language.wasm, language.grammarPackage).catch((error: unknown) => log.error(`[grammar ${language.id}] ${describeError(error)}`));
  }

  /** After each change: diagnostics, the list and CodeLens of what it touched, nothing else. */
  function updated(affected: string[]): void {
    if (!workspace || !reports) return;
    const changed = reports.update(affected);
    if (changed.length > 0) {
      if (!pull) publishChanged(reports, changed, (params) => void connection.sendDiagnostics(params));
      else if (initialized && capabilities.workspace?.diagnostics?.refreshSupport) connection.languages.diagnostics.refresh().catch(() => undefined);
    }
    const change = tracker.update(workspace, affected);
    if (change) {
      void connection.sendNotification(DidChangeWalkthroughsNotification, change);
      refreshCodeLenses();
    }
  }

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    // Diagnostics, CodeLens, hovers and quick fixes speak the language the client asks for
    // (initializationOptions.locale), else its display language.
    setLocale(typeof options.locale === 'string' && options.locale ? options.locale : params.locale);
    capabilities = params.capabilities;
    pull = capabilities.textDocument?.diagnostic !== undefined;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined);
    if (folders.length === 0 && params.rootUri) folders = [uriToPath(params.rootUri)].filter((f): f is string => f !== undefined);
    if (folders.length === 0 && params.rootPath) folders = [params.rootPath];

    const symbols = deps.symbols?.(typeof options.cacheDir === 'string' && options.cacheDir ? options.cacheDir : undefined);
    workspace = new Workspace(fs, folders, log, deps.debounceMs ?? CHANGE_DEBOUNCE_MS, deps.timers ?? systemTimers, deps.git, symbols);
    reports = new DiagnosticReports(workspace.engine);
    workspace.codicons = options.codicons ?? /code|codium|cursor|windsurf/i.test(params.clientInfo?.name ?? '');
    // The first settings (VS Code sends them all, `files` included) apply before the first load:
    // a glob change now must not queue a second full load behind it.
    if (options.settings) {
      workspace.settings = toSettings(options.settings);
      workspace.engine.setWalkthroughGlobs(workspace.settings.files);
    }
    workspace.onDidUpdate(updated);
    // Loading starts now; every request waits for it (Workspace.flush), except CodeLens on a file
    // open at the start, answered once the walkthroughs that name it are resolved (servedEarly).
    void workspace.load(async () => {
      // Asked once the walkthrough files are found. The client opens its editors right after
      // `initialized`: give those notifications a moment to arrive (never more than 100 ms; a real
      // pause, not the injectable debounce clock, which tests may hold).
      await Promise.race([initializedSeen.then(() => delay(5)), delay(100)]);
      return documents.all().flatMap((d) => uriToPath(d.uri) ?? []);
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
        ...(pull ? { diagnosticProvider: { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'code-walkthroughs', version },
    };
  });

  let sawInitialized!: () => void;
  const initializedSeen = new Promise<void>((resolve) => (sawInitialized = resolve));

  connection.onInitialized(() => {
    initialized = true;
    sawInitialized();
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch((error: unknown) => log.error(`[register file watcher] ${describeError(error)}`));
    }
    if (capabilities.workspace?.configuration) {
      if (capabilities.workspace.didChangeConfiguration?.dynamicRegistration) {
        connection.client.register(DidChangeConfigurationNotification.type, { section: 'walkthroughs' }).catch((error: unknown) => log.error(`[register configuration] ${describeError(error)}`));
      }
      settingsLoaded = refreshSettings();
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
        const added = event.added.map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined);
        folders = [...folders.filter((f) => !removed.has(f)), ...added.filter((f) => !folders.includes(f))];
        void workspace?.setFolders(folders);
      });
    }
  });

  // Settings: `walkthroughs.codeLens.enabled`, `walkthroughs.hover.enabled` (default true), `walkthroughs.files`.
  function applySettings(settings: WalkthroughsSettings | undefined): void {
    if (!workspace) return;
    const next = toSettings(settings);
    const changed = next.codeLensEnabled !== workspace.settings.codeLensEnabled || next.codeLensMode !== workspace.settings.codeLensMode;
    const filesChanged = JSON.stringify(next.files ?? null) !== JSON.stringify(workspace.settings.files ?? null);
    workspace.settings = next;
    if (filesChanged) void workspace.setWalkthroughGlobs(next.files);
    if (changed && initialized) refreshCodeLenses();
  }

  function refreshCodeLenses(): void {
    if (capabilities.workspace?.codeLens?.refreshSupport) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  // The running tour (CodeLens modes `summary` and `activeTour` show only its steps).
  connection.onNotification(SetActiveTourNotification, (params: SetActiveTourParams | undefined) => {
    if (!workspace) return;
    const id = typeof params?.walkthroughId === 'string' ? params.walkthroughId : undefined;
    if (id === workspace.activeTour) return;
    workspace.activeTour = id;
    refreshCodeLenses();
  });

  async function refreshSettings(): Promise<void> {
    const answer = await fetchSettings(connection, log);
    if (answer) applySettings(answer);
  }

  connection.onDidChangeConfiguration((params) => {
    if (capabilities.workspace?.configuration) settingsLoaded = refreshSettings();
    else applySettings((params.settings as { walkthroughs?: WalkthroughsSettings } | undefined)?.walkthroughs);
  });

  // Documents: open buffers become overlays; edits re-resolve after a short pause.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    workspace?.opened(e.document);
  });
  documents.onDidChangeContent((e) => {
    // TextDocuments reports the open as a change too; the open was handled above.
    if (justOpened.delete(e.document.uri)) return;
    workspace?.changed(e.document);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    workspace?.closed(e.document);
  });

  connection.onDidChangeWatchedFiles((params) => {
    const kinds: Record<number, FileEventKind> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };
    const events = params.changes.flatMap((change) => {
      const file = uriToPath(change.uri);
      return file ? [{ file, kind: kinds[change.type] ?? 'changed' }] : [];
    });
    void workspace?.filesChanged(events);
  });

  /**
   * The workspace once pending edits are applied, and the path of the request's document. A
   * request cancelled while it waits stops here (RequestCancelled) and does none of its work.
   */
  async function ready(uri: string | undefined, token: Cancellation | undefined, pending: 'apply' | 'leave' = 'apply', openText?: string): Promise<{ ws: Workspace; file: string } | undefined> {
    // LSP: before `initialize` a request gets ServerNotInitialized; after `shutdown`, InvalidRequest.
    if (!workspace) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized yet.');
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
    await unlessCancelled(settingsLoaded, token);
    const file = uri === undefined ? '' : uriToPath(uri);
    // A file open at start-up need not wait for the whole workspace: its walkthroughs come first.
    if (file && openText !== undefined && (await unlessCancelled(workspace.servedEarly(file, openText), token))) return { ws: workspace, file };
    await (pending === 'apply' ? workspace.flush(token) : workspace.idle(token));
    throwIfCancelled(token);
    return file === undefined ? undefined : { ws: workspace, file };
  }

  // Pull diagnostics: a report per walkthrough file, `unchanged` while its result id is current.
  // VS Code pulls after every keystroke in any open file: pulls answer what is resolved and leave
  // the typing debounce alone; the refresh after the debounced re-resolution brings the rest.
  connection.languages.diagnostics.on(
    safely(log, 'diagnostic', async (params, token): Promise<DocumentDiagnosticReport> => {
      const r = await ready(params.textDocument.uri, token, 'leave');
      const report = r ? reports?.get(r.file) : undefined;
      if (!report) return { kind: 'full', items: [] };
      if (params.previousResultId === report.resultId) return { kind: 'unchanged', resultId: report.resultId };
      return { kind: 'full', resultId: report.resultId, items: report.items };
    }),
  );

  // Closed walkthrough files too (the Problems panel); files gone since the last pull get empty reports.
  connection.languages.diagnostics.onWorkspace(
    safely(log, 'workspaceDiagnostic', async (params, token): Promise<{ items: WorkspaceDocumentDiagnosticReport[] }> => {
      await ready(undefined, token, 'leave');
      const previous = new Map<string, string>();
      for (const { uri, value } of params.previousResultIds) {
        const file = uriToPath(uri);
        if (file !== undefined) previous.set(file, value);
      }
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const file of reports?.files() ?? []) {
        const report = reports!.get(file)!;
        const uri = pathToUri(file);
        items.push(previous.get(file) === report.resultId ? { kind: 'unchanged', uri, version: null, resultId: report.resultId } : { kind: 'full', uri, version: null, resultId: report.resultId, items: report.items });
        previous.delete(file);
      }
      for (const file of previous.keys()) items.push({ kind: 'full', uri: pathToUri(file), version: null, items: [] });
      return { items };
    }),
  );

  connection.onCodeLens(
    safely(log, 'codeLens', async (params, token) => {
      const r = await ready(params.textDocument.uri, token, 'apply', documents.get(params.textDocument.uri)?.getText());
      if (!r) return [];
      const memo = await memoImportLenses(r.ws, r.file);
      throwIfCancelled(token);
      return [...memo, ...(await codeLenses(r.ws, r.file))];
    }),
  );

  connection.onHover(
    safely(log, 'hover', async (params, token) => {
      const r = await ready(params.textDocument.uri, token);
      return r ? hover(r.ws, r.file, params.position) : null;
    }),
  );

  connection.onCompletion(
    safely(log, 'completion', async (params, token) => {
      const r = await ready(params.textDocument.uri, token);
      if (!r) return [];
      const document = documents.get(params.textDocument.uri);
      const text = document?.getText() ?? (await r.ws.engine.readText(r.file));
      return completion(r.ws, fs, r.file, typeof text === 'string' ? text : text.kind === 'text' ? text.text : '', params.position);
    }),
  );

  connection.onDefinition(
    safely(log, 'definition', async (params, token) => {
      const r = await ready(params.textDocument.uri, token);
      return r ? definition(r.ws, r.file, params.position) : [];
    }),
  );

  connection.onCodeAction(
    safely(log, 'codeAction', async (params, token) => {
      const r = await ready(params.textDocument.uri, token);
      if (!r) return [];
      const document = documents.get(params.textDocument.uri);
      const disk = await r.ws.engine.readText(r.file);
      const text = document?.getText() ?? (disk.kind === 'text' ? disk.text : undefined);
      if (text === undefined) return [];
      return codeActions(r.ws, r.file, text, params.range, params.context.diagnostics, {
        uri: params.textDocument.uri,
        ...(document ? { version: document.version } : {}),
        documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      });
    }),
  );

  connection.onDocumentSymbol(
    safely(log, 'documentSymbol', async (params, token) => {
      const r = await ready(params.textDocument.uri, token);
      return r ? documentSymbols(r.ws, r.file) : [];
    }),
  );

  connection.onRequest(
    ListWalkthroughsRequest,
    safely<ListWalkthroughsParams | undefined, ListWalkthroughsResult>(log, ListWalkthroughsRequest, async (params, token) => {
      const r = await ready(undefined, token);
      const uris = Array.isArray(params?.uris) ? params.uris : undefined;
      return r ? listWalkthroughs(r.ws, uris) : { walkthroughs: [] };
    }),
  );

  connection.onRequest(
    StepContentRequest,
    safely<StepContentParams, StepContentResult>(log, StepContentRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? stepContent(r.ws, params) : null;
    }),
  );

  connection.onRequest(
    ApplyToFolderRequest,
    safely<ApplyToFolderParams, ApplyToFolderResult>(log, ApplyToFolderRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? applyToFolder(r.ws, params) : { walkthroughs: [] };
    }),
  );

  connection.onRequest(
    ImportMemoRequest,
    safely<ImportMemoParams, ImportMemoResult>(log, ImportMemoRequest, async (params, token) => {
      const r = await ready(undefined, token);
      // Code is read confined to the import's root (by real path, on the disk).
      const codeFs = (root: string) => (typeof deps.fs === 'function' ? deps.fs(() => [root]) : fs);
      return r ? importMemoRequest(r.ws, params, { token, codeFs }) : { yaml: '', out: '', exists: false, walkthroughId: '', steps: 0, references: [], error: 'The server is not ready.' };
    }),
  );

  // Authoring: the server computes every YAML edit; the client applies it (undoable).
  connection.onRequest(
    EditWalkthroughRequest,
    safely<EditWalkthroughParams, EditWalkthroughResult>(log, EditWalkthroughRequest, async (params, token) => {
      const r = await ready(undefined, token);
      if (!r) return { error: 'The workspace is not loaded yet.' };
      // Match by path: the client may spell the same file's URI differently (percent-encoding).
      const version = (uri: string) => {
        const file = uriToPath(uri);
        return documents.all().find((d) => uriToPath(d.uri) === file)?.version ?? null;
      };
      return editWalkthrough(r.ws, params, { version });
    }),
  );

  connection.onRequest(
    ConvertTourRequest,
    safely<ConvertTourParams, ConvertTourResult | null>(log, ConvertTourRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? convertTourRequest(r.ws, params, token) : null;
    }),
  );

  connection.onRequest(
    MemoSectionsRequest,
    safely<MemoSectionsParams, MemoSectionsResult>(log, MemoSectionsRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? memoSections(r.ws, params) : { sections: [] };
    }),
  );

  connection.onRequest(
    ExportWalkthroughRequest,
    safely<ExportWalkthroughParams, ExportWalkthroughResult | null>(log, ExportWalkthroughRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? exportRequest(r.ws, params) : null;
    }),
  );

  connection.onRequest(
    ReviewRequest,
    safely<ReviewParams, ReviewResult | null>(log, ReviewRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? reviewRequest(r.ws, params) : null;
    }),
  );

  connection.onRequest(
    ExportAnkiRequest,
    safely<ExportAnkiParams, ExportAnkiResult | null>(log, ExportAnkiRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? exportAnkiRequest(r.ws, params) : null;
    }),
  );

  connection.onRequest(
    LocateRequest,
    safely<LocateParams, LocateResult>(log, LocateRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? locateSelection(r.ws, params) : {};
    }),
  );

  connection.onRequest(
    DeclarationsRequest,
    safely<DeclarationsParams, DeclarationsResult>(log, DeclarationsRequest, async (params, token) => {
      const r = await ready(undefined, token);
      return r ? declarations(r.ws, params) : { declarations: [] };
    }),
  );

  documents.listen(connection);
  connection.listen();
  return { documents, workspace: () => workspace };
}

