/** Finds walkthrough files (and, for moved-file lookups, code files) under a folder. */
import type { FileSystem } from './fileSystem';

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
  const queue = [folder];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const entries = await fs.readDirectory(dir);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, kind] of entries) {
      const full = dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
      if (kind === 'directory') {
        if (!IGNORED_FOLDERS.has(name)) queue.push(full);
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
  return found;
}
