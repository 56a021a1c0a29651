// The browser entry (package.json `browser`): vscode.dev, github.dev and a VS Code server's web
// worker extension host. The same extension as on the desktop (extension.ts); the server runs in
// this worker (inProcessClient.ts), and what needs a process or git says it is unavailable (runtime.ts).
import type * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { startBrowserServer } from '../../server/src/browserServer';
import { activateWith } from '../../client/src/extension';
import { inProcessTransport } from './inProcessClient';
import { markWithoutProcess } from '../../client/src/runtime';

export function activate(context: vscode.ExtensionContext): Promise<void> {
  markWithoutProcess();
  return activateWith(context, inProcessTransport(context, {
    createClient: (id, name, transports, options) => new LanguageClient(id, name, transports, options),
    startServer: (reader, writer, options) => void startBrowserServer(reader, writer, options),
  }));
}

export { deactivate } from '../../client/src/extension';
