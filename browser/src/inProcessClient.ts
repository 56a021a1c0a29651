// The language server inside the extension host, over an in-memory channel, reading the workspace
// through `vscode.workspace.fs` (walkthroughs/fs/* requests). The browser runs it so (vscode.dev,
// github.dev, a VS Code server's web worker extension host: why not a worker of its own, see
// docs/browser.md), and so does the desktop for a virtual workspace (github.dev's `vscode-vfs:`
// opened in VS Code), whose files no Node process can read.
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, MessageTransports } from 'vscode-languageclient';
import type { MessageReader, MessageWriter } from 'vscode-languageserver';
import { memoryChannel } from '../../server/src/browser/memoryTransport';
import type { ThroughClientOptions } from '../../server/src/browser/serveThroughClient';
import {
  FsReadDirectoryRequest,
  FsReadFileRequest,
  FsStatRequest,
  type FsParams,
  type FsReadDirectoryResult,
  type FsReadFileResult,
  type FsStatResult,
} from '../../common/src/protocol';
import type { ServerTransport } from '../../client/src/languageClient';

/** What differs between the browser and Node builds: their language client and server libraries. */
export interface InProcessParts {
  createClient(id: string, name: string, transports: () => Promise<MessageTransports>, options: LanguageClientOptions): BaseLanguageClient;
  startServer(reader: MessageReader, writer: MessageWriter, options: ThroughClientOptions): void;
}

/** Schemes whose documents the server serves: the disk's, github.dev's and the open folders' own. */
export function servedSchemes(folders: readonly vscode.Uri[]): string[] {
  return [...new Set(['file', 'vscode-vfs', ...folders.map((folder) => folder.scheme)])];
}

async function stat(params: FsParams): Promise<FsStatResult> {
  try {
    const found = await vscode.workspace.fs.stat(vscode.Uri.parse(params.uri));
    if (found.type & vscode.FileType.Directory) return { type: 'directory', size: 0 };
    if (found.type & vscode.FileType.File) return { type: 'file', size: found.size };
    return null;
  } catch {
    return null;
  }
}

async function readFile(params: FsParams): Promise<FsReadFileResult> {
  try {
    return await vscode.workspace.fs.readFile(vscode.Uri.parse(params.uri));
  } catch {
    return null;
  }
}

async function readDirectory(params: FsParams): Promise<FsReadDirectoryResult> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(params.uri));
    return entries.flatMap(([name, type]): FsReadDirectoryResult =>
      type & vscode.FileType.Directory ? [[name, 'directory']] : type & vscode.FileType.File ? [[name, 'file']] : []);
  } catch {
    return [];
  }
}

export function inProcessTransport(context: vscode.ExtensionContext, parts: InProcessParts): ServerTransport {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri);
  // The parser's wasm files are in dist/ of the extension, wherever it is served from.
  const readWasm = async (file: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', file));
  return {
    documentSelector: servedSchemes(folders).map((scheme) => ({ scheme })),
    createClient: (id, name, options) => {
      // Each (re)start of the client starts a fresh server on a fresh channel.
      const client = parts.createClient(id, name, async () => {
        const [clientEnd, serverEnd] = memoryChannel();
        parts.startServer(serverEnd.reader, serverEnd.writer, { readWasm });
        return clientEnd;
      }, options);
      client.onRequest(FsStatRequest, stat);
      client.onRequest(FsReadFileRequest, readFile);
      client.onRequest(FsReadDirectoryRequest, readDirectory);
      return client;
    },
  };
}
