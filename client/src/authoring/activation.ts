// Starting the language server only when walkthroughs are about: the extension activates on any
// YAML file (`onLanguage:yaml`) so that a first `*.walkthrough.yaml` in a workspace that had none
// gets completion and diagnostics at once, but the server starts only when the workspace has a
// walkthrough, one is opened or created, or the Walkthroughs view is shown.
import * as vscode from 'vscode';
import { isWalkthroughFile } from '../paths';

export const WALKTHROUGH_GLOB = '**/*.walkthrough.{yaml,yml}';

export async function workspaceHasWalkthroughs(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some((d) => isWalkthroughFile(d.uri.path))) return true;
  const found = await vscode.workspace.findFiles(WALKTHROUGH_GLOB, '**/{node_modules,.git}/**', 1);
  return found.length > 0;
}

/** Calls `start` once a walkthrough file is opened or created, or `viewShown` fires. */
export function startWhenNeeded(start: () => void, viewShown: vscode.Event<unknown>): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(WALKTHROUGH_GLOB, false, true, true);
  const subscriptions: vscode.Disposable[] = [
    watcher,
    watcher.onDidCreate(() => start()),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (isWalkthroughFile(d.uri.path)) start();
    }),
    viewShown(() => start()),
  ];
  return vscode.Disposable.from(...subscriptions);
}
