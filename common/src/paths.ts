/**
 * Path helpers. The engine works on absolute paths with forward slashes: `/home/a/x.go`, or on
 * Windows `C:/Users/a/x.go` (the server converts URIs to that form). A drive letter is kept apart
 * so that POSIX path arithmetic works on the rest.
 */
import * as path from 'node:path';

const DRIVE = /^([A-Za-z]:)(?=\/|$)/;

function split(file: string): { drive: string; rest: string } {
  const normalized = file.replace(/\\/g, '/');
  const drive = DRIVE.exec(normalized)?.[1] ?? '';
  return { drive, rest: normalized.slice(drive.length) || '/' };
}

function isAbsolute(file: string): boolean {
  const { drive, rest } = split(file);
  return drive !== '' || path.posix.isAbsolute(rest);
}

export function isInside(parent: string, child: string): boolean {
  const p = split(parent);
  const c = split(child);
  if (p.drive.toLowerCase() !== c.drive.toLowerCase()) return false;
  const rel = path.posix.relative(p.rest, c.rest);
  // `..data/x` is inside (a name that starts with two dots); only `..` itself or `../…` leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.posix.isAbsolute(rel));
}

export function resolvePath(base: string, relative: string): string {
  const target = relative.replace(/\\/g, '/');
  if (isAbsolute(target)) {
    const { drive, rest } = split(target);
    return drive + path.posix.normalize(rest.startsWith('/') ? rest : `/${rest}`);
  }
  const { drive, rest } = split(base);
  return drive + path.posix.resolve(rest.startsWith('/') ? rest : `/${rest}`, target);
}

export function dirname(file: string): string {
  return path.posix.dirname(file);
}

export function basename(file: string): string {
  return path.posix.basename(file);
}

export function relativePath(from: string, to: string): string {
  const f = split(from);
  const t = split(to);
  if (f.drive.toLowerCase() !== t.drive.toLowerCase()) return to;
  return path.posix.relative(f.rest, t.rest) || '.';
}

export function extname(file: string): string {
  return path.posix.extname(file).toLowerCase();
}

/** A path as the engine keeps it: forward slashes (Windows `realpath` answers with backslashes). */
export function toEnginePath(file: string): string {
  return file.replace(/\\/g, '/');
}

/** The innermost of `folders` that holds `file` (nested multi-root workspaces), or undefined. */
export function innermostFolder(folders: readonly string[], file: string): string | undefined {
  let best: string | undefined;
  for (const folder of folders) if ((best === undefined || folder.length > best.length) && isInside(folder, file)) best = folder;
  return best;
}
