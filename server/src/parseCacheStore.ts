/**
 * The parse cache on disk (core/symbols/parseCache.ts says what an entry is): one file per entry,
 * `DIR/ab/abcdef….json` (256 sub-folders keep folders small), written to a temporary file and
 * renamed into place, so a reader (another run at the same time) sees a whole entry or none.
 * Only the CLI and server.ts make one; the engine and features get it injected.
 *
 * `synchronous` (the CLI): the same operations, blocking. A cold `check` writes an entry per code
 * file, and thousands of small asynchronous writes cost about 2.5× the CPU of blocking ones (each
 * goes through a FileHandle, the thread pool and a promise). The server stays asynchronous.
 */
import { createHash } from 'node:crypto';
import * as fsSync from 'node:fs';
import { promises as fsAsync } from 'node:fs';
import { homedir, platform } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './atomicWrite';
import type { ParseCacheStore } from './core/symbols/parseCache';

const ENTRY = /^[0-9a-f]{64}$/;
/** Older than this, a temporary file is no write under way. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** The file operations a store uses, asynchronous or blocking (then wrapped in settled promises). */
interface StoreOps {
  readFile(file: string): Promise<string>;
  touch(file: string): Promise<void>;
  mkdir(folder: string): Promise<unknown>;
  writeAtomic(file: string, text: string): Promise<void>;
  readdir(folder: string): Promise<string[]>;
  stat(file: string): Promise<{ size: number; mtimeMs: number; isFile(): boolean }>;
  rm(file: string): Promise<void>;
}

const ASYNC_OPS: StoreOps = {
  readFile: (file) => fsAsync.readFile(file, 'utf8'),
  touch: (file) => fsAsync.utimes(file, new Date(), new Date()),
  mkdir: (folder) => fsAsync.mkdir(folder, { recursive: true }),
  writeAtomic: writeFileAtomic,
  readdir: (folder) => fsAsync.readdir(folder),
  stat: (file) => fsAsync.stat(file),
  rm: (file) => fsAsync.rm(file, { force: true }),
};

/** Runs a blocking operation as a promise: settled with its value or its error. */
function settled<A extends unknown[], R>(operation: (...args: A) => R): (...args: A) => Promise<R> {
  return (...args) => {
    try {
      return Promise.resolve(operation(...args));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
}

const SYNC_OPS: StoreOps = {
  readFile: settled((file: string) => fsSync.readFileSync(file, 'utf8')),
  touch: settled((file: string) => fsSync.utimesSync(file, new Date(), new Date())),
  mkdir: settled((folder: string) => fsSync.mkdirSync(folder, { recursive: true })),
  writeAtomic: settled(writeFileAtomicSync),
  readdir: settled((folder: string) => fsSync.readdirSync(folder)),
  stat: settled((file: string) => fsSync.statSync(file)),
  rm: settled((file: string) => fsSync.rmSync(file, { force: true })),
};

export class NodeParseCacheStore implements ParseCacheStore {
  private readonly fs: StoreOps;

  constructor(
    readonly dir: string,
    options: { synchronous?: boolean } = {},
  ) {
    this.fs = options.synchronous ? SYNC_OPS : ASYNC_OPS;
  }

  private file(name: string): string {
    if (!ENTRY.test(name)) throw new Error(`not a parse cache entry name: ${name}`);
    return path.join(this.dir, name.slice(0, 2), `${name}.json`);
  }

  async read(name: string): Promise<string | undefined> {
    const file = this.file(name);
    let text: string;
    try {
      text = await this.fs.readFile(file);
    } catch {
      return undefined;
    }
    // A use: the entry is among the last to go when the cache is trimmed.
    this.fs.touch(file).catch(() => undefined);
    return text;
  }

  /** Sub-folders made (or found) in this run: one `mkdir` per folder, not per write. */
  private readonly folders = new Set<string>();

  async write(name: string, text: string): Promise<void> {
    const file = this.file(name);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await this.fs.mkdir(folder);
      this.folders.add(folder);
    }
    try {
      await this.fs.writeAtomic(file, text);
    } catch (error) {
      // The folder went meanwhile (the cache cleared by hand, another run's trim of a whole folder): make it again, once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await this.fs.mkdir(folder);
      await this.fs.writeAtomic(file, text);
    }
  }

  async list(): Promise<Array<{ name: string; bytes: number; usedAt: number }>> {
    const entries: Array<{ name: string; bytes: number; usedAt: number }> = [];
    let shards: string[];
    try {
      shards = await this.fs.readdir(this.dir);
    } catch {
      return entries;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      let names: string[];
      try {
        names = await this.fs.readdir(path.join(this.dir, shard));
      } catch {
        continue;
      }
      for (const file of names) {
        // A temporary file that a killed run left behind (writeFileAtomic names them `.NAME.HEX.tmp`).
        if (file.endsWith('.tmp')) {
          const temp = path.join(this.dir, shard, file);
          const stat = await this.fs.stat(temp).catch(() => undefined);
          if (stat && Date.now() - stat.mtimeMs > STALE_TEMPORARY_MS) await this.fs.rm(temp).catch(() => undefined);
          continue;
        }
        const name = file.replace(/\.json$/, '');
        if (!ENTRY.test(name) || !file.endsWith('.json')) continue;
        const stat = await this.fs.stat(path.join(this.dir, shard, file)).catch(() => undefined);
        if (stat?.isFile()) entries.push({ name, bytes: stat.size, usedAt: stat.mtimeMs });
      }
    }
    return entries;
  }

  async remove(name: string): Promise<void> {
    await this.fs.rm(this.file(name));
  }

  digest(text: string): string {
    return createHash('sha256').update(text).digest('hex');
  }
}

/**
 * The CLI's default cache folder: `node_modules/.cache/code-walkthroughs` of the checked folder
 * when it has a node_modules (where CI caches usually live), else the user's cache folder
 * (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on macOS, LOCALAPPDATA on Windows).
 */
export async function defaultCacheDir(checked: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const modules = path.join(checked, 'node_modules');
  if (await fsAsync.stat(modules).then((s) => s.isDirectory(), () => false)) return path.join(modules, '.cache', 'code-walkthroughs');
  const base =
    platform() === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(homedir(), 'AppData', 'Local'))
      : platform() === 'darwin'
        ? path.join(homedir(), 'Library', 'Caches')
        : env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'code-walkthroughs', 'parses');
}
