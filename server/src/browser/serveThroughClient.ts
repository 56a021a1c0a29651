/**
 * The language server without a disk or a process (the browser build): files are read through
 * the client (ClientFileSystem, `walkthroughs/fs/*`), URIs of any scheme are served, the parser's
 * wasm files come from `readWasm`, and there is no git (CodeTour tours resolve by their lines, as
 * on a machine without git).
 */
import type { Connection } from 'vscode-languageserver';
import { setWasmReader } from '../core/symbols/parser';
import type { Logger } from '../features/safe';
import { acceptVirtualUris } from '../features/uri';
import { startServer, type RunningServer } from '../startServer';
import { ClientFileSystem } from './clientFileSystem';

export interface ThroughClientOptions {
  /** A wasm file's bytes by its name (`tree-sitter.wasm`, `tree-sitter-go.wasm`, …). */
  readWasm(file: string): Promise<Uint8Array>;
  logger?: Logger;
  /** Compile the preloaded grammars at once (default true). */
  preloadGrammars?: boolean;
}

export function serveThroughClient(connection: Connection, options: ThroughClientOptions): RunningServer {
  acceptVirtualUris();
  setWasmReader(options.readWasm);
  return startServer(connection, {
    fs: (folders) => new ClientFileSystem({ sendRequest: (method, params) => connection.sendRequest(method, params) }, folders),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.preloadGrammars !== undefined ? { preloadGrammars: options.preloadGrammars } : {}),
  });
}
