// The desktop entry (package.json `main`): the language server runs in its own Node process.
import type * as vscode from 'vscode';
import { activateWith } from './extension';
import { nodeTransport } from './nodeClient';

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateWith(context, nodeTransport(context));
}

export { deactivate } from './extension';
