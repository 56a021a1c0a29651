/**
 * The language server's browser entry: the connection over any pair of message reader and writer
 * (the extension's in-memory channel, browser/memoryTransport.ts, or a worker's postMessage),
 * serving the workspace through the client (browser/serveThroughClient.ts).
 */
import { createConnection, ProposedFeatures, type MessageReader, type MessageWriter } from 'vscode-languageserver/browser';
import type { RunningServer } from './startServer';
import { serveThroughClient, type ThroughClientOptions } from './browser/serveThroughClient';

export function startBrowserServer(reader: MessageReader, writer: MessageWriter, options: ThroughClientOptions): RunningServer {
  return serveThroughClient(reader, writer, (r, w) => createConnection(ProposedFeatures.all, r, w), options);
}
