/**
 * Replacing a user's file safely (the CLI's `--fix`): write a temporary file next to it, then
 * rename it over the original, so a crash or kill leaves either the old or the new file, never
 * an empty or half-written one. Just before the rename the file is read again and compared with
 * the bytes the new text was computed from: an edit made in the meantime is never overwritten.
 * A file without write permission is left alone (a rename would replace it even so).
 */
import { t } from './l10n';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export type WriteOutcome =
  | { kind: 'written' }
  /** The file no longer holds the bytes the new text was computed from. */
  | { kind: 'changed' }
  | { kind: 'read-only' }
  | { kind: 'failed'; message: string };

export async function replaceFileAtomically(file: string, expected: Uint8Array, content: string | Uint8Array): Promise<WriteOutcome> {
  let target: string;
  let mode: number;
  try {
    // Write where the file really is: renaming over a symbolic link would replace the link.
    target = await fs.realpath(file);
    const stat = await fs.stat(target);
    if (!stat.isFile()) return { kind: 'failed', message: t('it is not a regular file') };
    mode = stat.mode & 0o7777;
    if ((mode & 0o222) === 0) return { kind: 'read-only' };
  } catch (error) {
    return { kind: 'failed', message: describe(error) };
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.chmod(temp, mode);
    const current = await fs.readFile(target);
    if (!sameBytes(new Uint8Array(current.buffer, current.byteOffset, current.byteLength), expected)) {
      await fs.rm(temp, { force: true });
      return { kind: 'changed' };
    }
    await fs.rename(temp, target);
    return { kind: 'written' };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { kind: 'read-only' };
    return { kind: 'failed', message: describe(error) };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
