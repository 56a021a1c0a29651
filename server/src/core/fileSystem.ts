/** The engine reads files only through this interface, so tests run on in-memory workspaces. */

export type FileKind = 'file' | 'directory';

export interface FileSystem {
  /** The file's bytes, or undefined when it does not exist or is not a file. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Entries of a directory (names, not paths); empty when it does not exist. */
  readDirectory(path: string): Promise<Array<[name: string, kind: FileKind]>>;
  /**
   * The file's size in bytes without reading it, or undefined when it does not exist or is not a
   * file. The engine asks first so that a huge file is reported as too large, never loaded.
   */
  size?(path: string): Promise<number | undefined>;
  /** Whether the path is an existing directory (a created folder stands for the files inside it). */
  isDirectory?(path: string): Promise<boolean>;
  /**
   * The file's bytes when it has at most `maxBytes`, else its size: one look at the file instead
   * of `size` then `readFile`. Undefined when it does not exist or is not a file.
   */
  readBounded?(path: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number } | undefined>;
  /**
   * Files (or, without a path, anything) may have changed on disk: forget what was remembered
   * about them (e.g. real paths of folders, which a new link can change).
   */
  invalidate?(path?: string): void;
  /**
   * May a file be written (created or replaced) at this path? Not when the path is itself a
   * symbolic link, nor when its real location (links in its folders resolved) lies outside the
   * folders reads are confined to: writes are confined as reads are. Absent: no links, any path.
   */
  mayWrite?(path: string): Promise<boolean>;
}

/**
 * Makes a file system whose reads (and the writes `mayWrite` allows) are confined to the folders
 * `confineTo` returns, asked again at each read since workspace folders change. The server gets
 * one from whoever starts it (the disk for `server.ts`, the client's files in a browser) and
 * never builds a file system of its own.
 */
export type FileSystemFactory = (confineTo: () => readonly string[]) => FileSystem;

/** A workspace held in memory: paths are absolute, POSIX style. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [file, content] of Object.entries(files)) this.write(file, content);
  }

  write(file: string, content: string | Uint8Array): void {
    this.files.set(file, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  delete(file: string): void {
    this.files.delete(file);
  }

  async readFile(file: string): Promise<Uint8Array | undefined> {
    return this.files.get(file);
  }

  async size(file: string): Promise<number | undefined> {
    return this.files.get(file)?.byteLength;
  }

  async isDirectory(path: string): Promise<boolean> {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  async readDirectory(dir: string): Promise<Array<[string, FileKind]>> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const entries = new Map<string, FileKind>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) entries.set(rest, 'file');
      else entries.set(rest.slice(0, slash), 'directory');
    }
    return [...entries];
  }
}
