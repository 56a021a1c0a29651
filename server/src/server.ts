/**
 * The Code Walkthroughs language server: wiring only. Each feature lives in `features/` and
 * answers from the engine (`core/`). Runs over stdio (`node dist/server.js --stdio`), node-ipc
 * (VS Code) or pipes/sockets: `createConnection` picks the transport from the arguments.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  ResponseError,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { inspect } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { setLocale } from './core/l10n';
import { NodeFileSystem } from './core/nodeFileSystem';
import { LANGUAGES } from './core/symbols/languages';
import { loadGrammar } from './core/symbols/parser';
import { applyToFolder } from './features/applyToFolder';
import { declarations, editWalkthrough, locateSelection, memoSections } from './features/authoring';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { DiagnosticsPublisher } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { FramingGuard } from './features/framing';
import { hover } from './features/hover';
import { importMemoRequest, memoImportLenses } from './features/importMemo';
import { describeError, safely } from './features/safe';
import { stepContent } from './features/stepContent';
import { convertTourRequest, exportRequest } from './features/codeTourRequests';
import { uriToPath } from './features/uri';
import { ChangeTracker, listWalkthroughs } from './features/walkthroughList';
import { Workspace, type FileEventKind } from './features/workspace';
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
import { ConvertTourRequest, ExportWalkthroughRequest, type ConvertTourParams, type ConvertTourResult, type ExportWalkthroughParams, type ExportWalkthroughResult } from './protocol';

// Over stdio, input passes a guard that drops malformed frames (see framing.ts); the console
// is sent to the client's log, as the library does when it owns stdio itself.
const stdio = process.argv.includes('--stdio');
let reportMalformed = (_reason: string): void => undefined;
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin.pipe(new FramingGuard((reason) => reportMalformed(reason))), process.stdout)
  : createConnection(ProposedFeatures.all);
if (stdio) {
  const toLog = (...args: unknown[]) => connection.console.log(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = console.info = console.debug = console.warn = console.error = toLog;
}
const documents = new TextDocuments(TextDocument);
// Nothing outside the workspace folders is read, even through symbolic links.
const fs = new NodeFileSystem({ confineTo: () => folders });
const log = { error: (message: string) => connection.console.error(message) };
reportMalformed = (reason) => log.error(`[transport] ${reason}`);

let workspace: Workspace | undefined;
let capabilities: ClientCapabilities = {};
let folders: string[] = [];
/** Requests wait for the first settings so that a disabled feature never flashes on. */
let settingsLoaded: Promise<void> = Promise.resolve();
let initialized = false;
/** After `shutdown` the only request answered is none: each gets InvalidRequest (LSP 3.17). */
let shutDown = false;
connection.onShutdown(() => {
  shutDown = true;
});
const publisher = new DiagnosticsPublisher((params) => void connection.sendDiagnostics(params));
const tracker = new ChangeTracker();

// Compile the grammars while the client is still starting up: the first CodeLens needs them.
for (const language of LANGUAGES) loadGrammar(language.wasm).catch((error: unknown) => log.error(`[grammar ${language.id}] ${describeError(error)}`));

// The server must outlive any bug triggered by workspace content.
process.on('uncaughtException', (error) => log.error(`[uncaught] ${describeError(error)}`));
process.on('unhandledRejection', (error) => log.error(`[unhandled rejection] ${describeError(error)}`));

connection.onInitialize((params): InitializeResult => {
  // Diagnostics, CodeLens, hovers and quick fixes speak the client's display language.
  setLocale(params.locale);
  capabilities = params.capabilities;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined);
  if (folders.length === 0 && params.rootUri) folders = [uriToPath(params.rootUri)].filter((f): f is string => f !== undefined);
  if (folders.length === 0 && params.rootPath) folders = [params.rootPath];

  workspace = new Workspace(fs, folders, log);
  workspace.codicons = options.codicons ?? /code|codium|cursor|windsurf/i.test(params.clientInfo?.name ?? '');
  if (options.settings) applySettings(options.settings);
  workspace.onDidUpdate(() => {
    if (!workspace) return;
    publisher.publishAll(workspace);
    if (tracker.update(workspace)) {
      void connection.sendNotification(DidChangeWalkthroughsNotification, {});
      if (capabilities.workspace?.codeLens?.refreshSupport) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  });
  // Loading starts now; every request waits for it (Workspace.flush).
  void workspace.load();

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeLensProvider: { resolveProvider: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['/', ':', '"'] },
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'code-walkthroughs', version },
  };
});

connection.onInitialized(() => {
  initialized = true;
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

/** The workspace once pending edits are applied, and the path of the request's document. */
async function ready(uri: string | undefined): Promise<{ ws: Workspace; file: string } | undefined> {
  // LSP: before `initialize` a request gets ServerNotInitialized; after `shutdown`, InvalidRequest.
  if (!workspace) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized yet.');
  if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
  await settingsLoaded;
  await workspace.flush();
  const file = uri === undefined ? '' : uriToPath(uri);
  return file === undefined ? undefined : { ws: workspace, file };
}

connection.onCodeLens(
  safely(log, 'codeLens', [], async (params) => {
    const r = await ready(params.textDocument.uri);
    return r ? [...(await memoImportLenses(r.ws, r.file)), ...(await codeLenses(r.ws, r.file))] : [];
  }),
);

connection.onHover(
  safely(log, 'hover', null, async (params) => {
    const r = await ready(params.textDocument.uri);
    return r ? hover(r.ws, r.file, params.position) : null;
  }),
);

connection.onCompletion(
  safely(log, 'completion', [], async (params) => {
    const r = await ready(params.textDocument.uri);
    if (!r) return [];
    const document = documents.get(params.textDocument.uri);
    const text = document?.getText() ?? (await r.ws.engine.readText(r.file));
    return completion(r.ws, fs, r.file, typeof text === 'string' ? text : text.kind === 'text' ? text.text : '', params.position);
  }),
);

connection.onDefinition(
  safely(log, 'definition', [], async (params) => {
    const r = await ready(params.textDocument.uri);
    return r ? definition(r.ws, r.file, params.position) : [];
  }),
);

connection.onCodeAction(
  safely(log, 'codeAction', [], async (params) => {
    const r = await ready(params.textDocument.uri);
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
  safely(log, 'documentSymbol', [], async (params) => {
    const r = await ready(params.textDocument.uri);
    return r ? documentSymbols(r.ws, r.file) : [];
  }),
);

connection.onRequest(
  ListWalkthroughsRequest,
  safely<unknown, ListWalkthroughsResult>(log, ListWalkthroughsRequest, { walkthroughs: [] }, async () => {
    const r = await ready(undefined);
    return r ? listWalkthroughs(r.ws) : { walkthroughs: [] };
  }),
);

connection.onRequest(
  StepContentRequest,
  safely<StepContentParams, StepContentResult>(log, StepContentRequest, null, async (params) => {
    const r = await ready(undefined);
    return r ? stepContent(r.ws, params) : null;
  }),
);

connection.onRequest(
  ApplyToFolderRequest,
  safely<ApplyToFolderParams, ApplyToFolderResult>(log, ApplyToFolderRequest, { walkthroughs: [] }, async (params) => {
    const r = await ready(undefined);
    return r ? applyToFolder(r.ws, params) : { walkthroughs: [] };
  }),
);

connection.onRequest(
  ImportMemoRequest,
  safely<ImportMemoParams, ImportMemoResult>(log, ImportMemoRequest, { yaml: '', out: '', exists: false, walkthroughId: '', steps: 0, references: [], error: 'The import failed; see the server log.' }, async (params) => {
    const r = await ready(undefined);
    return r ? importMemoRequest(r.ws, params) : { yaml: '', out: '', exists: false, walkthroughId: '', steps: 0, references: [], error: 'The server is not ready.' };
  }),
);

// Authoring: the server computes every YAML edit; the client applies it (undoable).
connection.onRequest(
  EditWalkthroughRequest,
  safely<EditWalkthroughParams, EditWalkthroughResult>(log, EditWalkthroughRequest, { error: 'The server could not compute the edit (see its log).' }, async (params) => {
    const r = await ready(undefined);
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
  safely<ConvertTourParams, ConvertTourResult | null>(log, ConvertTourRequest, null, async (params) => {
    const r = await ready(undefined);
    return r ? convertTourRequest(r.ws, params) : null;
  }),
);

connection.onRequest(
  MemoSectionsRequest,
  safely<MemoSectionsParams, MemoSectionsResult>(log, MemoSectionsRequest, { sections: [] }, async (params) => {
    const r = await ready(undefined);
    return r ? memoSections(r.ws, params) : { sections: [] };
  }),
);

connection.onRequest(
  ExportWalkthroughRequest,
  safely<ExportWalkthroughParams, ExportWalkthroughResult | null>(log, ExportWalkthroughRequest, null, async (params) => {
    const r = await ready(undefined);
    return r ? exportRequest(r.ws, params) : null;
  }),
);

connection.onRequest(
  LocateRequest,
  safely<LocateParams, LocateResult>(log, LocateRequest, {}, async (params) => {
    const r = await ready(undefined);
    return r ? locateSelection(r.ws, params) : {};
  }),
);

connection.onRequest(
  DeclarationsRequest,
  safely<DeclarationsParams, DeclarationsResult>(log, DeclarationsRequest, { declarations: [] }, async (params) => {
    const r = await ready(undefined);
    return r ? declarations(r.ws, params) : { declarations: [] };
  }),
);

documents.listen(connection);
connection.listen();


