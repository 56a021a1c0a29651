/**
 * The browser build's FileSystem: every read is a request to the client (`walkthroughs/fs/*`),
 * which answers from `vscode.workspace.fs`, so the engine reads whatever file system VS Code has
 * the workspace on (github.dev's `vscode-vfs:`, a `memfs:` provider, the browser's local folders).
 * Reads stay inside the workspace folders, as NodeFileSystem's do.
 */
import type { FileKind, FileSystem } from '../core/fileSystem';
import { isInside } from '../../../common/src/paths';
import { pathToUri } from '../runtime/uri';
import {
  FsReadDirectoryRequest,
  FsReadFileRequest,
  FsStatRequest,
  type FsParams,
  type FsStatResult,
} from '../../../common/src/protocol';
import type { RequestType } from 'vscode-languageserver-protocol';

/** What this file system needs of the connection: one request to the client. */
export interface ClientRequests {
  sendRequest<R>(type: RequestType<FsParams, R, void>, params: FsParams): Promise<R>;
}

export class ClientFileSystem implements FileSystem {
  constructor(
    private readonly client: ClientRequests,
    /** The workspace folders: nothing outside them is asked for. */
    private readonly confineTo: () => readonly string[],
  ) {}

  private allowed(path: string): boolean {
    return this.confineTo().some((folder) => isInside(folder, path));
  }

  private async ask<R>(type: RequestType<FsParams, R | null, void>, path: string, absent: R): Promise<R> {
    if (!this.allowed(path)) return absent;
    try {
      return (await this.client.sendRequest(type, { uri: pathToUri(path) })) ?? absent;
    } catch {
      // The client could not read it (gone, no permission, provider error): as if absent.
      return absent;
    }
  }

  private stat(path: string): Promise<FsStatResult> {
    return this.ask(FsStatRequest, path, null);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const bytes = await this.ask(FsReadFileRequest, path, null);
    return bytes instanceof Uint8Array ? bytes : undefined;
  }

  async readDirectory(path: string): Promise<Array<[string, FileKind]>> {
    const entries = await this.ask(FsReadDirectoryRequest, path, []);
    return Array.isArray(entries) ? entries.filter(([name, kind]) => typeof name === 'string' && (kind === 'file' || kind === 'directory')) : [];
  }

  async size(path: string): Promise<number | undefined> {
    const stat = await this.stat(path);
    return stat?.type === 'file' ? stat.size : undefined;
  }

  async isDirectory(path: string): Promise<boolean> {
    return (await this.stat(path))?.type === 'directory';
  }

  async readBounded(path: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number } | undefined> {
    const stat = await this.stat(path);
    if (stat?.type !== 'file') return undefined;
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    const bytes = await this.readFile(path);
    return bytes && (bytes.byteLength <= maxBytes ? { bytes } : { tooLarge: bytes.byteLength });
  }
}
