// Whether the workspace can be worked on with local programs: not in the browser (vscode.dev,
// github.dev: a web worker, no process, no git, no disk), nor in a virtual workspace on the desktop
// (files VS Code reads through an extension). The entries (main.ts, browser/main.ts) say so before
// activation; features that need a process or git ask here.
import * as vscode from 'vscode';
import { t } from './l10n';

let withoutProcess = false;

export function markWithoutProcess(): void {
  withoutProcess = true;
}

/**
 * Without local programs, says that `feature` (its title) cannot run here and returns true;
 * otherwise returns false. One message for everything that needs a process or git.
 */
export function unavailableWithoutProcess(feature: string): boolean {
  if (!withoutProcess) return false;
  void vscode.window.showWarningMessage(t('{0} needs git or a local process, which are not available in the browser (vscode.dev, github.dev) or in a virtual workspace. Open a local clone of the folder in VS Code to use it.', feature));
  return true;
}

/**
 * In the browser, says that `feature` (its title) is not available there yet and returns true;
 * otherwise false. The exports hash with Node's crypto (the page's CSP, Anki note ids), which the
 * browser build does not have.
 */
export function unavailableInBrowser(feature: string): boolean {
  if (!withoutProcess) return false;
  void vscode.window.showWarningMessage(t('{0} is not available in the browser (vscode.dev, github.dev) or in a virtual workspace yet. Open a local clone of the folder in VS Code to use it.', feature));
  return true;
}
