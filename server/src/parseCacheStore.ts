/**
 * The parse cache on disk (core/symbols/parseCache.ts says what an entry is): one file per entry,
 * `DIR/ab/abcdef….json` (256 sub-folders keep folders small), written to a temporary file and
 * renamed into place, so a reader (another run at the same time) sees a whole entry or none.
 * Only the CLI and server.ts make one; the engine and features get it injected.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir, platform } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import type { ParseCacheStore } from './core/symbols/parseCache';

const ENTRY = /^[0-9a-f]{64}$/;
/** Older than this, a temporary file is no write under way. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

export class NodeParseCacheStore implements ParseCacheStore {
  constructor(readonly dir: string) {}

  private file(name: string): string {
    if (!ENTRY.test(name)) throw new Error(`not a parse cache entry name: ${name}`);
    return path.join(this.dir, name.slice(0, 2), `${name}.json`);
  }

  async read(name: string): Promise<string | undefined> {
    const file = this.file(name);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    // A use: the entry is among the last to go when the cache is trimmed.
    const now = new Date();
    fs.utimes(file, now, now).catch(() => undefined);
    return text;
  }

  /** Sub-folders made (or found) in this run: one `mkdir` per folder, not per write. */
  private readonly folders = new Set<string>();

  async write(name: string, text: string): Promise<void> {
    const file = this.file(name);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await fs.mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    try {
      await writeFileAtomic(file, text);
    } catch (error) {
      // The folder went meanwhile (the cache cleared by hand, another run's trim of a whole folder): make it again, once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fs.mkdir(folder, { recursive: true });
      await writeFileAtomic(file, text);
    }
  }

  async list(): Promise<Array<{ name: string; bytes: number; usedAt: number }>> {
    const entries: Array<{ name: string; bytes: number; usedAt: number }> = [];
    let shards: string[];
    try {
      shards = await fs.readdir(this.dir);
    } catch {
      return entries;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      let names: string[];
      try {
        names = await fs.readdir(path.join(this.dir, shard));
      } catch {
        continue;
      }
      for (const file of names) {
        // A temporary file that a killed run left behind (writeFileAtomic names them `.NAME.HEX.tmp`).
        if (file.endsWith('.tmp')) {
          const temp = path.join(this.dir, shard, file);
          const stat = await fs.stat(temp).catch(() => undefined);
          if (stat && Date.now() - stat.mtimeMs > STALE_TEMPORARY_MS) await fs.rm(temp, { force: true }).catch(() => undefined);
          continue;
        }
        const name = file.replace(/\.json$/, '');
        if (!ENTRY.test(name) || !file.endsWith('.json')) continue;
        const stat = await fs.stat(path.join(this.dir, shard, file)).catch(() => undefined);
        if (stat?.isFile()) entries.push({ name, bytes: stat.size, usedAt: stat.mtimeMs });
      }
    }
    return entries;
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.file(name), { force: true });
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
  if (await fs.stat(modules).then((s) => s.isDirectory(), () => false)) return path.join(modules, '.cache', 'code-walkthroughs');
  const base =
    platform() === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(homedir(), 'AppData', 'Local'))
      : platform() === 'darwin'
        ? path.join(homedir(), 'Library', 'Caches')
        : env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'code-walkthroughs', 'parses');
}
