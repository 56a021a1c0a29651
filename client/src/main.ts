// The desktop entry (package.json `main`): the language server runs in its own Node process. A
// virtual workspace (files VS Code reads through an extension, e.g. github.dev's `vscode-vfs:`
// opened in VS Code) has nothing a Node process can read: there the browser build runs instead,
// whose server reads through VS Code (inProcessClient.ts), loaded from dist/browser/ on demand so
// that this bundle does not carry a second copy of the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateWith, deactivate as deactivateHere } from './extension';
import { nodeTransport } from './nodeClient';

interface Entry {
  activate(context: vscode.ExtensionContext): Promise<void>;
  deactivate(): Promise<void>;
}

let browserBuild: Entry | undefined;

/** Is a workspace folder on a file system other than the disk (`memfs:`, `vscode-vfs:`, …)? */
function hasVirtualFolder(): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme !== 'file');
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  if (!hasVirtualFolder()) return activateWith(context, nodeTransport(context));
  browserBuild = require(path.join(context.extensionPath, 'dist', 'browser', 'extension.js')) as Entry;
  return browserBuild.activate(context);
}

export async function deactivate(): Promise<void> {
  await (browserBuild ? browserBuild.deactivate() : deactivateHere());
}
