// Starting the language server only when walkthroughs are about: the extension activates on any
// YAML or markdown file (`onLanguage:yaml`, `onLanguage:markdown`) so that a first
// `*.walkthrough.yaml` in a workspace that had none gets completion and diagnostics at once, and a
// memo gets its "Create Walkthrough from Memo…" lens; but the server starts only when the workspace
// has a walkthrough or a CodeTour tour (by `walkthroughs.files`), one is opened or created, a
// markdown file (a memo) is open, or the Walkthroughs view is shown.
import * as vscode from 'vscode';
import { isWalkthroughUri, onDidChangeWalkthroughFiles, walkthroughGlobs } from '../walkthroughFiles';

const EXCLUDE = '**/{node_modules,.git}/**';

/** A document that needs the server: a walkthrough or tour, or markdown (a memo can be imported). */
function needsServer(document: vscode.TextDocument): boolean {
  return isWalkthroughUri(document.uri) || (document.languageId === 'markdown' && document.uri.scheme === 'file');
}

/** Each glob on its own: VS Code's glob syntax does not nest `{…}`, which a user's glob may contain. */
export async function workspaceHasWalkthroughs(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some(needsServer)) return true;
  for (const glob of walkthroughGlobs()) {
    // VS Code's `**` also enters dot-folders the server skips: ask the decision about what it found.
    const found = await vscode.workspace.findFiles(glob, EXCLUDE, 20);
    if (found.some(isWalkthroughUri)) return true;
  }
  return false;
}

/** Calls `start` once a walkthrough file is opened or created, a memo is opened, or `viewShown` fires. */
export function startWhenNeeded(start: () => void, viewShown: vscode.Event<unknown>): vscode.Disposable {
  let watchers: vscode.Disposable[] = [];
  const watch = () => {
    for (const watcher of watchers) watcher.dispose();
    watchers = walkthroughGlobs().map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob, false, true, true);
      return vscode.Disposable.from(watcher, watcher.onDidCreate((uri) => isWalkthroughUri(uri) && start()));
    });
  };
  watch();
  const subscriptions: vscode.Disposable[] = [
    { dispose: () => watchers.forEach((watcher) => watcher.dispose()) },
    onDidChangeWalkthroughFiles(() => {
      watch();
      // New globs may make files already there walkthroughs.
      void workspaceHasWalkthroughs().then((found) => found && start());
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (needsServer(d)) start();
    }),
    viewShown(() => start()),
  ];
  return vscode.Disposable.from(...subscriptions);
}
