// Which documents are walkthroughs, as the server sees them: the workspace folders and the
// `walkthroughs.files` setting (read unscoped, as the language client sends it to the server),
// kept current when either changes. The decision itself is core/walkthroughFiles.ts.
import * as vscode from 'vscode';
import type { WalkthroughFiles } from '../../common/src/walkthroughFiles';
import { ACTIVE_EDITOR_IS_WALKTHROUGH, isWalkthroughFile, walkthroughFilesFor } from './paths';

function read(): WalkthroughFiles {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
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

/** A walkthrough or CodeTour tour the server loads (files on disk only). */
export function isWalkthroughUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && isWalkthroughFile(uri.fsPath, files());
}

/** The globs in effect, relative to each workspace folder. */
export function walkthroughGlobs(): readonly string[] {
  return files().globs;
}
