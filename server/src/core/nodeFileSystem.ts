/** The FileSystem used by the server and the CLI: the real disk, read-only. */
import { promises as fs } from 'node:fs';
import type { FileKind, FileSystem } from './fileSystem';
import { isInside, toEnginePath } from './paths';
import { MAX_FILE_BYTES } from './text';

export interface NodeFileSystemOptions {
  /**
   * When set, nothing is read whose real path (symbolic links resolved) lies outside these
   * folders: a link inside the workspace cannot lead the engine to files outside it.
   */
  confineTo?: readonly string[] | (() => readonly string[]);
}

export class NodeFileSystem implements FileSystem {
  private readonly confineTo: (() => readonly string[]) | undefined;
  private readonly realRoots = new Map<string, Promise<string>>();

  constructor(options: NodeFileSystemOptions = {}) {
    const confineTo = options.confineTo;
    this.confineTo = confineTo === undefined ? undefined : typeof confineTo === 'function' ? confineTo : () => confineTo;
  }

  async readFile(file: string): Promise<Uint8Array | undefined> {
    try {
      if (!(await this.allowed(file))) return undefined;
      const stat = await fs.stat(file);
      if (!stat.isFile()) return undefined;
      // Callers ask `size` first; this guards anyone who does not (never gigabytes in memory).
      if (stat.size > MAX_FILE_BYTES) return undefined;
      const buffer = await fs.readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch {
      return undefined;
    }
  }

  async size(file: string): Promise<number | undefined> {
    try {
      if (!(await this.allowed(file))) return undefined;
      const stat = await fs.stat(file);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  async isDirectory(path: string): Promise<boolean> {
    try {
      if (!(await this.allowed(path))) return false;
      return (await fs.stat(path)).isDirectory();
    } catch {
      return false;
    }
  }

  async readDirectory(dir: string): Promise<Array<[string, FileKind]>> {
    try {
      if (!(await this.allowed(dir))) return [];
      const entries = await fs.readdir(dir, { withFileTypes: true });
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

  private async allowed(target: string): Promise<boolean> {
    if (!this.confineTo) return true;
    const found = await fs.realpath(target).catch(() => undefined);
    if (found === undefined) return false;
    const real = toEnginePath(found);
    const roots = await Promise.all(this.confineTo().map((root) => this.realRoot(root)));
    return roots.some((root) => isInside(root, real));
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
