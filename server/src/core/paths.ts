/** Path helpers. The engine works on absolute POSIX-style paths. */
import * as path from 'node:path';

export function isInside(parent: string, child: string): boolean {
  const rel = path.posix.relative(parent, child);
  // `..data/x` is inside (a name that starts with two dots); only `..` itself or `../…` leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.posix.isAbsolute(rel));
}

export function resolvePath(base: string, relative: string): string {
  return path.posix.resolve(base, relative.replace(/\\/g, '/'));
}

export function dirname(file: string): string {
  return path.posix.dirname(file);
}

export function basename(file: string): string {
  return path.posix.basename(file);
}

export function relativePath(from: string, to: string): string {
  return path.posix.relative(from, to) || '.';
}

export function extname(file: string): string {
  return path.posix.extname(file).toLowerCase();
}
