/**
 * Writing a user's file safely, one set of rules for every writer (`check --fix`, `import --out`):
 * - a symbolic link is never followed nor replaced, a folder or any other non-regular file is
 *   refused, a file without write permission is left alone, and one that cannot be read is an
 *   error, never "absent";
 * - a temporary file is written next to the target, then renamed over it, so a crash or kill
 *   leaves either the old or the new file, never an empty or half-written one; the mode is kept;
 * - just before the rename the file is read again and compared with the bytes the new text was
 *   computed from: an edit made in the meantime is never overwritten. A new file is linked into
 *   place, so a file that appeared in the meantime is not overwritten either.
 */
import { t } from './l10n';
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from './nodeFileSystem';
import { MAX_FILE_BYTES } from './text';

export type WriteOutcome =
  | { kind: 'written' }
  /** The file no longer holds the bytes the new text was computed from (or appeared meanwhile). */
  | { kind: 'changed' }
  | { kind: 'read-only' }
  | { kind: 'failed'; message: string };

/** What is at a path about to be written. */
export type WriteTarget =
  | { kind: 'absent' }
  | { kind: 'file'; bytes: Uint8Array; mode: number }
  | { kind: 'read-only' }
  /** A link, a folder, a device, a file that cannot be read or is too large: `message` says which. */
  | { kind: 'refused'; message: string };

/** Looks at `file` before writing it: never follows a link, reads at most `maxBytes`. */
export async function inspectWriteTarget(file: string, maxBytes = MAX_FILE_BYTES): Promise<WriteTarget> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    if (code === 'ENOTDIR') return { kind: 'refused', message: t('a part of its path is not a folder') };
    return { kind: 'refused', message: t('it cannot be read ({0})', describe(error)) };
  }
  if (stat.isSymbolicLink()) return { kind: 'refused', message: t('it is a symbolic link; give the path of the file it points to') };
  if (stat.isDirectory()) return { kind: 'refused', message: t('it is a folder') };
  if (!stat.isFile()) return { kind: 'refused', message: t('it is not a regular file') };
  const mode = stat.mode & 0o7777;
  if ((mode & 0o222) === 0) return { kind: 'read-only' };
  if (stat.size > maxBytes) return { kind: 'refused', message: t('it is too large ({0} KiB; the limit is {1} MiB)', Math.round(stat.size / 1024), maxBytes / 1024 / 1024) };
  try {
    await fs.access(file, constants.W_OK);
  } catch {
    return { kind: 'read-only' };
  }
  try {
    const found = await readRegularFile(file, maxBytes, { noFollow: true });
    if ('notRegular' in found) return { kind: 'refused', message: t('it is not a regular file') };
    if ('tooLarge' in found) return { kind: 'refused', message: t('it is too large ({0} KiB; the limit is {1} MiB)', Math.round(found.tooLarge / 1024), maxBytes / 1024 / 1024) };
    return { kind: 'file', bytes: found.bytes, mode };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'refused', message: t('it is a symbolic link; give the path of the file it points to') };
    return { kind: 'refused', message: t('it cannot be read ({0})', describe(error)) };
  }
}

/**
 * Writes `content` where `before` (from inspectWriteTarget) was: a new file, or the same file
 * replaced (only if it still holds `before.bytes`), with its mode.
 */
export async function writeUserFile(file: string, before: WriteTarget, content: string | Uint8Array): Promise<WriteOutcome> {
  switch (before.kind) {
    case 'absent':
      return createFileAtomically(file, content);
    case 'file':
      return replaceFileAtomically(file, before.bytes, content);
    case 'read-only':
      return { kind: 'read-only' };
    case 'refused':
      return { kind: 'failed', message: before.message };
  }
}

/** Replaces `file` if it still holds `expected` (the rules above: no links, not read-only). */
export async function replaceFileAtomically(file: string, expected: Uint8Array, content: string | Uint8Array): Promise<WriteOutcome> {
  let mode: number;
  try {
    const stat = await fs.lstat(file);
    if (stat.isSymbolicLink()) return { kind: 'failed', message: t('it is a symbolic link; give the path of the file it points to') };
    if (!stat.isFile()) return { kind: 'failed', message: t('it is not a regular file') };
    mode = stat.mode & 0o7777;
    if ((mode & 0o222) === 0) return { kind: 'read-only' };
    if (!(await fs.access(file, constants.W_OK).then(() => true, () => false))) return { kind: 'read-only' };
  } catch (error) {
    return { kind: 'failed', message: describe(error) };
  }
  const temp = temporaryBeside(file);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.chmod(temp, mode);
    const current = await fs.readFile(file);
    if (!sameBytes(new Uint8Array(current.buffer, current.byteOffset, current.byteLength), expected)) {
      await fs.rm(temp, { force: true });
      return { kind: 'changed' };
    }
    await fs.rename(temp, file);
    return { kind: 'written' };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { kind: 'read-only' };
    return { kind: 'failed', message: describe(error) };
  }
}

/** A new file (its folders made as needed); 'changed' when something appeared at the path meanwhile. */
export async function createFileAtomically(file: string, content: string | Uint8Array): Promise<WriteOutcome> {
  const temp = temporaryBeside(file);
  let handle: fs.FileHandle | undefined;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    try {
      // A hard link fails if the name is taken: nothing that appeared meanwhile is replaced.
      await fs.link(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { kind: 'changed' };
      // File systems without hard links: a last look, then the rename.
      if ((await fs.lstat(file).then(() => true, () => false))) return { kind: 'changed' };
      await fs.rename(temp, file);
    }
    return { kind: 'written' };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { kind: 'read-only' };
    return { kind: 'failed', message: describe(error) };
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
