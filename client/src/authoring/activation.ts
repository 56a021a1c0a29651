// Starting the language server only when walkthroughs are about: the extension activates on any
// YAML or markdown file (`onLanguage:yaml`, `onLanguage:markdown`) so that a first
// `*.walkthrough.yaml` in a workspace that had none gets completion and diagnostics at once, and a
// memo gets its "Create Walkthrough from Memo…" lens; but the server starts only when the workspace
// has a walkthrough or a CodeTour tour, one is opened or created, a markdown file (a memo) is open,
// or the Walkthroughs view is shown.
import * as vscode from 'vscode';
import { isWalkthroughFile } from '../paths';

/** Walkthrough files and the CodeTour tours read as walkthroughs (`walkthroughs.files`' default). */
export const WALKTHROUGH_GLOB = '{**/*.walkthrough.yaml,**/*.walkthrough.yml,.tours/**/*.tour,.vscode/tours/**/*.tour,.github/tours/**/*.tour}';

/** A document that needs the server: a walkthrough or tour, or markdown (a memo can be imported). */
function needsServer(document: vscode.TextDocument): boolean {
  return isWalkthroughFile(document.uri.path) || (document.languageId === 'markdown' && document.uri.scheme === 'file');
}

export async function workspaceHasWalkthroughs(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some(needsServer)) return true;
  const found = await vscode.workspace.findFiles(WALKTHROUGH_GLOB, '**/{node_modules,.git}/**', 1);
  return found.length > 0;
}

/** Calls `start` once a walkthrough file is opened or created, a memo is opened, or `viewShown` fires. */
export function startWhenNeeded(start: () => void, viewShown: vscode.Event<unknown>): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(WALKTHROUGH_GLOB, false, true, true);
  const subscriptions: vscode.Disposable[] = [
    watcher,
    watcher.onDidCreate(() => start()),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (needsServer(d)) start();
    }),
    viewShown(() => start()),
  ];
  return vscode.Disposable.from(...subscriptions);
}
