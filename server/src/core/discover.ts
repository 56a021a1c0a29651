/** Finds walkthrough files (and, for moved-file lookups, code files) under a folder. */
import type { FileKind, FileSystem } from './fileSystem';

/** Folders never searched: dependencies, VCS data, build output. */
export const IGNORED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.e2e', '.vscode-test']);

/** Stop after this many files so a huge workspace cannot stall the server. */
export const MAX_SCANNED_FILES = 50_000;

/**
 * Files under `folder` that `accept` takes, breadth first in name order, after at most `limit`
 * files looked at. `scan.truncated` tells whether the limit cut the search short: a caller that
 * must see everything (the check) has to say so loudly.
 */
export async function findFiles(fs: FileSystem, folder: string, accept: (file: string) => boolean, limit = MAX_SCANNED_FILES, scan?: { truncated: boolean }): Promise<string[]> {
  const found: string[] = [];
  let scanned = 0;
  // Breadth first, one level at a time: the folders of a level are listed concurrently (a few
  // at a time) and then taken in order, so the result is that of a queue read one by one.
  let level = [folder];
  while (level.length > 0) {
    const listings = await listAll(fs, level);
    const nextLevel: string[] = [];
    for (let i = 0; i < level.length; i++) {
      const dir = level[i]!;
      const entries = listings[i]!;
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [name, kind] of entries) {
        const full = dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
        if (kind === 'directory') {
          if (!IGNORED_FOLDERS.has(name)) nextLevel.push(full);
          continue;
        }
        // One file more than the limit: there is more to see than allowed, so the result is cut.
        if (++scanned > limit) {
          if (scan) scan.truncated = true;
          return found;
        }
        if (accept(full)) found.push(full);
      }
    }
    level = nextLevel;
  }
  return found;
}

/** Folders listed at once while scanning. */
const LIST_CONCURRENCY = 16;

async function listAll(fs: FileSystem, dirs: readonly string[]): Promise<Array<Array<[string, FileKind]>>> {
  const results = new Array<Array<[string, FileKind]>>(dirs.length);
  let next = 0;
  const worker = async () => {
    while (next < dirs.length) {
      const i = next++;
      results[i] = await fs.readDirectory(dirs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, dirs.length) }, worker));
  return results;
}
