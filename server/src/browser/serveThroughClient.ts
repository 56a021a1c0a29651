/**
 * The language server without a disk or a process (the browser build): files are read through
 * the client (ClientFileSystem, `walkthroughs/fs/*`), URIs of any scheme are served, the parser's
 * wasm files come from `readWasm`, and there is no git (CodeTour tours resolve by their lines, as
 * on a machine without git).
 */
import type { Connection, DataCallback, MessageReader, MessageWriter } from 'vscode-languageserver';
import { setWasmReader } from '../core/symbols/parser';
import type { Logger } from '../runtime/log';
import type { FsParams } from '../../../common/src/protocol';
import type { RequestType } from 'vscode-languageserver-protocol';
import { acceptVirtualUris } from '../runtime/uri';
import { startServer, type RunningServer } from '../startServer';
import { ClientFileSystem } from './clientFileSystem';

export interface ThroughClientOptions {
  /** A wasm file's bytes by its name (`tree-sitter.wasm`, `tree-sitter-go.wasm`, …). */
  readWasm(file: string): Promise<Uint8Array>;
  logger?: Logger;
  /** Compile the preloaded grammars at once (default true). */
  preloadGrammars?: boolean;
}

/**
 * `reader`, and a promise of the client's `initialized` notification read through it. A server
 * may send requests only after that (LSP 3.17; vscode-languageclient answers "unhandled method"
 * to its own handlers before then), while the workspace starts loading during `initialize`.
 */
export function watchInitialized(reader: MessageReader): { reader: MessageReader; initialized: Promise<void> } {
  let seen!: () => void;
  const initialized = new Promise<void>((resolve) => (seen = resolve));
  const watched: MessageReader = {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback: DataCallback) =>
      reader.listen((message) => {
        callback(message);
        if ((message as { method?: unknown }).method === 'initialized') seen();
      }),
    dispose: () => reader.dispose(),
  };
  return { reader: watched, initialized };
}

export function serveThroughClient(
  reader: MessageReader,
  writer: MessageWriter,
  connect: (reader: MessageReader, writer: MessageWriter) => Connection,
  options: ThroughClientOptions,
): RunningServer {
  acceptVirtualUris();
  setWasmReader(options.readWasm);
  const watched = watchInitialized(reader);
  const connection = connect(watched.reader, writer);
  const client = {
    sendRequest: async <R>(type: RequestType<FsParams, R, void>, params: FsParams): Promise<R> => {
      await watched.initialized;
      return connection.sendRequest(type, params);
    },
  };
  return startServer(connection, {
    fs: (folders) => new ClientFileSystem(client, folders),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.preloadGrammars !== undefined ? { preloadGrammars: options.preloadGrammars } : {}),
  });
}
