/** The FileSystem used by the server and the CLI: the real disk, read-only. */
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fs, readdirSync, readSync } from 'node:fs';
import type { FileKind, FileSystem } from './fileSystem';
import { basename, dirname, isInside, toEnginePath } from '../../../common/src/paths';
import { MAX_FILE_BYTES } from './text';

export interface NodeFileSystemOptions {
  /**
   * When set, nothing is read whose real path (symbolic links resolved) lies outside these
   * folders: a link inside the workspace cannot lead the engine to files outside it.
   */
  confineTo?: readonly string[] | (() => readonly string[]);
  /**
   * Read files and list folders with synchronous calls (the same checks, in the same order). For
   * a one-shot command that serves nothing meanwhile (`walkthrough check`): a 5 KB file then costs
   * no round trips through libuv's thread pool, which were most of a warm check's reading. Never
   * in the server, whose requests must not wait for the disk.
   */
  synchronous?: boolean;
}

/** readRegularFile with synchronous calls (see NodeFileSystemOptions.synchronous). */
export function readRegularFileSync(file: string, maxBytes: number, options: { noFollow?: boolean } = {}): { bytes: Uint8Array } | { tooLarge: number } | { notRegular: true } {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
  const fd = openSync(file, flags);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { notRegular: true };
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(chunks.length === 0 ? stat.size + 1 : 1024 * 1024, maxBytes + 1 - total));
      const bytesRead = readSync(fd, chunk, 0, chunk.byteLength, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { tooLarge: total };
      if (bytesRead < chunk.byteLength && total === stat.size) break;
    }
    return { bytes: joinChunks(chunks, total) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a file only read cannot lose anything.
    }
  }
}

function joinChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * A regular file's bytes, never more than `maxBytes` read: opened without blocking (a FIFO or a
 * device swapped in after a look is seen on the open file, not waited on). Throws on I/O errors.
 */
export async function readRegularFile(file: string, maxBytes: number, options: { noFollow?: boolean } = {}): Promise<{ bytes: Uint8Array } | { tooLarge: number } | { notRegular: true }> {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
  const handle = await fs.open(file, flags);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { notRegular: true };
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    // One buffer of the size the look gave, plus a byte to see the file grow: no zero-filled
    // megabyte per read (at thousands of files that was most of the read time and of the GC).
    let buffer = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.byteLength) {
        // The file grew between the look and the read: still never more than the limit in use.
        if (total > maxBytes) return { tooLarge: total };
        const grown = new Uint8Array(Math.min(maxBytes + 1, Math.max(total * 2, 64 * 1024)));
        grown.set(buffer);
        buffer = grown;
      }
      const asked = buffer.byteLength - total;
      const { bytesRead } = await handle.read(buffer, total, asked, null);
      total += bytesRead;
      // A regular file reads short only at its end: no second read to hear it (one a file, at thousands of files).
      if (bytesRead < asked) break;
    }
    if (total > maxBytes) return { tooLarge: total };
    return { bytes: total === buffer.byteLength ? buffer : buffer.subarray(0, total) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export class NodeFileSystem implements FileSystem {
  private readonly confineTo: (() => readonly string[]) | undefined;
  private readonly synchronous: boolean;
  private readonly realRoots = new Map<string, Promise<string>>();
  /**
   * Real paths of folders, so that a file that is not itself a link costs one `lstat`, not a
   * `realpath` per read. Forgotten on `invalidate` (a folder may have been replaced by a link).
   */
  private readonly realFolders = new Map<string, Promise<string | undefined>>();

  constructor(options: NodeFileSystemOptions = {}) {
    const confineTo = options.confineTo;
    this.confineTo = confineTo === undefined ? undefined : typeof confineTo === 'function' ? confineTo : () => confineTo;
    this.synchronous = options.synchronous === true;
  }

  async readFile(file: string): Promise<Uint8Array | undefined> {
    // Callers ask `size` first; this guards anyone who does not (never gigabytes in memory).
    const found = await this.readBounded(file, MAX_FILE_BYTES);
    return found && 'bytes' in found ? found.bytes : undefined;
  }

  async readBounded(file: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number } | undefined> {
    if (this.confineTo && constants.O_NOFOLLOW !== undefined) {
      // Most files are no link: opened without following one, a file lies in its folder's real
      // path (cached), so it costs no `lstat` first. A link (or any failure) takes the long way.
      try {
        const real = await this.realPath(file, false);
        if (real !== undefined && (await this.insideRoots(real))) {
          const found = this.synchronous ? readRegularFileSync(file, maxBytes, { noFollow: true }) : await readRegularFile(file, maxBytes, { noFollow: true });
          return 'notRegular' in found ? undefined : found;
        }
      } catch {
        // Below.
      }
    }
    try {
      const stat = await this.allowedStat(file);
      if (!stat?.isFile()) return undefined;
      if (stat.size > maxBytes) return { tooLarge: stat.size };
      const found = await readRegularFile(file, maxBytes);
      return 'notRegular' in found ? undefined : found;
    } catch {
      return undefined;
    }
  }

  async size(file: string): Promise<number | undefined> {
    try {
      const stat = await this.allowedStat(file);
      return stat?.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  async isDirectory(path: string): Promise<boolean> {
    try {
      return (await this.allowedStat(path))?.isDirectory() === true;
    } catch {
      return false;
    }
  }

  async readDirectory(dir: string): Promise<Array<[string, FileKind]>> {
    try {
      if (!(await this.allowedStat(dir))) return [];
      const entries = this.synchronous ? readdirSync(dir, { withFileTypes: true }) : await fs.readdir(dir, { withFileTypes: true });
      const result: Array<[string, FileKind]> = [];
      for (const entry of entries) {
        // Links are not followed while scanning (no loops, no escapes); they can still be named as a step's file.
        if (entry.isFile()) result.push([entry.name, 'file']);
        else if (entry.isDirectory()) result.push([entry.name, 'directory']);
      }
      return result;
    } catch {
      return [];
    }
  }

  async mayWrite(target: string): Promise<boolean> {
    const own = await fs.lstat(target).then(
      (stat) => stat,
      (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : undefined),
    );
    if (own === undefined || own?.isSymbolicLink()) return false;
    // The nearest folder that exists, resolved; the parts below it do not exist, so hold no links.
    const rest = [basename(target)];
    let folder = dirname(target);
    let real: string | undefined;
    for (;;) {
      const found = await fs.realpath(folder).then(
        (path) => toEnginePath(path),
        (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : undefined),
      );
      if (found === undefined) return false;
      if (found !== null) {
        real = found;
        break;
      }
      const parent = dirname(folder);
      if (parent === folder) return false;
      rest.unshift(basename(folder));
      folder = parent;
    }
    if (!this.confineTo) return true;
    const realTarget = `${real.endsWith('/') ? real : `${real}/`}${rest.join('/')}`;
    const roots = await Promise.all(this.confineTo().map((root) => this.realRoot(root)));
    return roots.some((root) => isInside(root, realTarget));
  }

  invalidate(): void {
    this.realFolders.clear();
  }

  /** The target's stats (links followed) when it may be read; undefined when it is missing or outside. */
  private async allowedStat(target: string): Promise<Stats | undefined> {
    const own = this.synchronous ? lstatOrUndefined(target) : await fs.lstat(target).catch(() => undefined);
    if (!own) return undefined;
    const stat = own.isSymbolicLink() ? await fs.stat(target).catch(() => undefined) : own;
    if (!stat || !this.confineTo) return stat;
    const real = await this.realPath(target, own.isSymbolicLink());
    if (real === undefined) return undefined;
    // A folder that is no link lies where its parent's real path says: files read from it later
    // need no `realpath` of their own (a workspace with a folder per file listed them all).
    if (own.isDirectory() && !this.realFolders.has(target)) this.realFolders.set(target, Promise.resolve(real));
    return (await this.insideRoots(real)) ? stat : undefined;
  }

  private async insideRoots(real: string): Promise<boolean> {
    if (!this.confineTo) return true;
    const roots = await Promise.all(this.confineTo().map((root) => this.realRoot(root)));
    return roots.some((root) => isInside(root, real));
  }

  /** A link is resolved itself; anything else lies in its folder's real path (cached per folder). */
  private async realPath(target: string, isLink: boolean): Promise<string | undefined> {
    const folder = dirname(target);
    if (isLink || folder === target) return fs.realpath(target).then(toEnginePath, () => undefined);
    let real = this.realFolders.get(folder);
    if (!real) {
      real = fs.realpath(folder).then(toEnginePath, () => undefined);
      this.realFolders.set(folder, real);
    }
    const realFolder = await real;
    if (realFolder === undefined) return undefined;
    return realFolder.endsWith('/') ? `${realFolder}${basename(target)}` : `${realFolder}/${basename(target)}`;
  }

  /** Workspace folders may themselves be links (e.g. /tmp on macOS): compare real paths. */
  private realRoot(root: string): Promise<string> {
    let real = this.realRoots.get(root);
    if (!real) {
      real = fs.realpath(root).then(toEnginePath, () => root);
      this.realRoots.set(root, real);
    }
    return real;
  }
}

function lstatOrUndefined(target: string): Stats | undefined {
  try {
    return lstatSync(target);
  } catch {
    return undefined;
  }
}
