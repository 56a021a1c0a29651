// Where the extension runs: on the desktop (a Node extension host, the server in its own process)
// or in the browser (vscode.dev, github.dev: a web worker, no process, no git, no disk). The browser
// entry (browser/main.ts) says so before activation; features that need a process ask here.
import * as vscode from 'vscode';
import { t } from './l10n';

let browser = false;

export function markBrowser(): void {
  browser = true;
}

export function inBrowser(): boolean {
  return browser;
}

/**
 * In the browser, says that `feature` (its title) cannot run there and returns true; on the
 * desktop returns false. One message for everything that needs a process or git.
 */
export function unavailableInBrowser(feature: string): boolean {
  if (!browser) return false;
  void vscode.window.showWarningMessage(t('{0} needs git or a local process, which the browser (vscode.dev, github.dev) does not have. Open the folder in VS Code on the desktop to use it.', feature));
  return true;
}
