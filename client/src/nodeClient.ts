// The desktop transport: the language server (dist/server.js) in its own Node process over IPC.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import type { ServerTransport } from './languageClient';
import { SERVER_NODE_ARGS } from '../../common/src/serverProcess';

export function nodeTransport(context: vscode.ExtensionContext): ServerTransport {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6011'] } },
  };
  return {
    // Files on disk only: the Node server reads the disk itself.
    documentSelector: [{ scheme: 'file' }],
    // Parses kept between sessions of this workspace (none without a workspace folder).
    ...(context.storageUri?.scheme === 'file' ? { cacheDir: context.storageUri.fsPath } : {}),
    createClient: (id, name, options) => new LanguageClient(id, name, serverOptions, options),
  };
}
