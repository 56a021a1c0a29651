/**
 * Conversions between LSP URIs and the engine's absolute POSIX paths.
 * Everything inside the server is keyed by path; URIs exist only at the protocol boundary.
 *
 * On the disk (server.ts) only `file:` URIs have paths. The browser build (browserServer.ts) also
 * serves workspaces on other file systems (github.dev's `vscode-vfs:`, an extension's `memfs:`):
 * after `acceptVirtualUris()`, `scheme://authority/p/a/t/h` is the path `/scheme:authority/p/a/t/h`
 * (`memfs:/sample` is `/memfs:/sample`), which path arithmetic treats like any other absolute path.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

let virtual = false;

/** Serve non-`file` URIs too (the browser build, whose files are read through the client). */
export function acceptVirtualUris(): void {
  virtual = true;
}

/** `scheme://authority` then the path, as `/scheme:authority/path`. */
const VIRTUAL_URI = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)/i;
const VIRTUAL_PATH = /^\/([a-z][a-z0-9+.-]*):([^/]*)(\/.*)?$/i;

/** The engine path of a URI, or undefined for URIs without one (untitled:, git:, … on the disk). */
export function uriToPath(uri: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      const file = fileURLToPath(uri);
      return typeof process !== 'undefined' && process.platform === 'win32' ? file.replace(/\\/g, '/') : file;
    } catch {
      return undefined;
    }
  }
  if (!virtual) return undefined;
  const match = VIRTUAL_URI.exec(uri);
  if (!match) return undefined;
  const [, scheme, authority = '', encoded = ''] = match;
  if (scheme!.toLowerCase() === 'untitled') return undefined;
  try {
    const decoded = encoded.split('/').map(decodeURIComponent).join('/');
    return `/${scheme!.toLowerCase()}:${decodeURIComponent(authority)}${decoded.startsWith('/') || decoded === '' ? decoded : `/${decoded}`}`;
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  if (virtual) {
    const match = VIRTUAL_PATH.exec(file);
    if (match && match[1]!.toLowerCase() !== 'file') {
      const [, scheme, authority, rest = ''] = match;
      const encoded = rest.split('/').map(encodeURIComponent).join('/');
      return authority ? `${scheme}://${encodeURIComponent(authority)}${encoded}` : `${scheme}:${encoded}`;
    }
  }
  return pathToFileURL(file).href;
}
