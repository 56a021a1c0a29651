/**
 * The Code Walkthroughs language server on any connection: `startServer(connection, deps)` starts
 * the lifecycle (`runtime/server.ts`) and registers the handler table, whose entries each feature
 * file (`features/`, answering from the engine in `core/`) exports. `server.ts` runs it over
 * stdio, node-ipc or pipes; tests run it in-process on an in-memory connection and file system.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyToFolderHandler } from './features/applyToFolder';
import { declarationsHandler, editWalkthroughHandler, locateHandler, memoSectionsHandler } from './features/authoring';
import { codeActionHandler } from './features/codeActions';
import { codeLensHandler, setActiveTourHandler } from './features/codeLens';
import { convertTourHandler, exportAnkiHandler, exportWalkthroughHandler } from './features/codeTourRequests';
import { completionHandler } from './features/completion';
import { definitionHandler } from './features/definition';
import { documentDiagnosticHandler, workspaceDiagnosticHandler } from './features/diagnostics';
import { documentSymbolHandler } from './features/documentSymbols';
import { hoverHandler } from './features/hover';
import { importMemoHandler } from './features/importMemo';
import { reviewHandler } from './features/review';
import { stepContentHandler } from './features/stepContent';
import { listWalkthroughsHandler } from './features/walkthroughList';
import type { Registration } from './runtime/handlers';
import { Server, type ServerDeps } from './runtime/server';
import type { Workspace } from './runtime/workspace';

export type { ServerDeps } from './runtime/server';

/** Every request and notification the server answers besides the lifecycle, one entry each. */
export const HANDLERS: readonly Registration[] = [
  // LSP
  documentDiagnosticHandler,
  workspaceDiagnosticHandler,
  codeLensHandler,
  hoverHandler,
  completionHandler,
  definitionHandler,
  codeActionHandler,
  documentSymbolHandler,
  // walkthroughs/* (common/src/protocol.ts)
  listWalkthroughsHandler,
  stepContentHandler,
  applyToFolderHandler,
  importMemoHandler,
  editWalkthroughHandler,
  convertTourHandler,
  memoSectionsHandler,
  exportWalkthroughHandler,
  reviewHandler,
  exportAnkiHandler,
  locateHandler,
  declarationsHandler,
  setActiveTourHandler,
];

export interface RunningServer {
  readonly documents: TextDocuments<TextDocument>;
  /** The workspace, once `initialize` created it. */
  workspace(): Workspace | undefined;
}

/** Wires every feature to `connection` and starts listening on it. */
export function startServer(connection: Connection, deps: ServerDeps): RunningServer {
  const server = new Server(connection, deps);
  server.listen();
  for (const entry of HANDLERS) entry.register(connection, server);
  server.documents.listen(connection);
  connection.listen();
  return server;
}
