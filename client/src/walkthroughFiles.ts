// Which documents are walkthroughs, as the server sees them: the workspace folders and the
// `walkthroughs.files` setting (read unscoped, as the language client sends it to the server),
// kept current when either changes. The decision itself is core/walkthroughFiles.ts.
import * as vscode from 'vscode';
import type { WalkthroughFiles } from '../../common/src/walkthroughFiles';
import { ACTIVE_EDITOR_IS_WALKTHROUGH, isWalkthroughFile, walkthroughFilesFor } from './paths';

/**
 * The path the decision is made on: a file's path on disk, else (a virtual workspace: github.dev's
 * `vscode-vfs:`, `memfs:`) `/scheme:authority/path`, as the server names it (server/src/features/uri.ts).
 */
export function decisionPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : `/${uri.scheme}:${uri.authority}${uri.path}`;
}

function read(): WalkthroughFiles {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme !== 'untitled').map((folder) => decisionPath(folder.uri));
  return walkthroughFilesFor(folders, vscode.workspace.getConfiguration('walkthroughs').get<unknown>('files'));
}

let current: WalkthroughFiles | undefined;
const changed = new vscode.EventEmitter<void>();

/** Fires when the folders or the globs changed (watchers built from `walkthroughGlobs()` must be rebuilt). */
export const onDidChangeWalkthroughFiles = changed.event;

/** Follows folder and setting changes and keeps the context key current; dispose on deactivation. */
export function trackWalkthroughFiles(): vscode.Disposable {
  current = read();
  const setContext = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    void vscode.commands.executeCommand('setContext', ACTIVE_EDITOR_IS_WALKTHROUGH, uri !== undefined && isWalkthroughUri(uri));
  };
  const update = () => {
    current = read();
    setContext();
    changed.fire();
  };
  setContext();
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(update),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('walkthroughs.files')) update();
    }),
    vscode.window.onDidChangeActiveTextEditor(setContext),
  );
}

function files(): WalkthroughFiles {
  return (current ??= read());
}

/** A walkthrough or CodeTour tour the server loads (on disk, or in a virtual workspace's folders). */
export function isWalkthroughUri(uri: vscode.Uri): boolean {
  if (uri.scheme === 'file') return isWalkthroughFile(uri.fsPath, files());
  // Outside the workspace folders only files on disk count (not git:, untitled:, output:, …).
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined && isWalkthroughFile(decisionPath(uri), files());
}

/** The globs in effect, relative to each workspace folder. */
export function walkthroughGlobs(): readonly string[] {
  return files().globs;
}
