/**
 * Conversions between LSP `file:` URIs and the engine's absolute POSIX paths.
 * Everything inside the server is keyed by path; URIs exist only at the protocol boundary.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The engine path of a `file:` URI, or undefined for other schemes (untitled:, git:, …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    return process.platform === 'win32' ? file.replace(/\\/g, '/') : file;
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}
