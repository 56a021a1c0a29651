/**
 * Unified diffs as git writes them (`git diff -U0 --no-color --find-renames`), read into files and
 * hunks. Pure. File names come from the diff's own headers, C-quoted by git when they hold special
 * characters; they are untrusted (a branch under review can name files anything).
 */

export interface Hunk {
  /** 1-based first line on the old side (0 when the hunk only adds at the top). */
  oldStart: number;
  oldLines: number;
  /** 1-based first line on the new side (the line before, when the hunk only removes). */
  newStart: number;
  newLines: number;
  removed: string[];
  added: string[];
}

export interface FileChange {
  /** Paths relative to the repository's top; undefined for an added (old) or deleted (new) file. */
  oldPath?: string;
  newPath?: string;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  binary: boolean;
  hunks: Hunk[];
}

/** `"a/x\tb\303\251"` → `a/x	bé` (git's C quoting of names with special bytes). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const body = text.slice(1, -1);
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...new TextEncoder().encode(c));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      bytes.push(parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i++;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The path after `a/` or `b/` in a `---`/`+++` line, or undefined for /dev/null. */
function sidePath(rest: string): string | undefined {
  const raw = unquoteGitPath(rest.replace(/\t.*$/, '').trimEnd());
  if (raw === '/dev/null') return undefined;
  return raw.replace(/^[ab]\//, '');
}

const RENAME_FROM = /^rename from (.*)$/;
const RENAME_TO = /^rename to (.*)$/;
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Reads `git diff` output. Unknown lines are skipped, never thrown on. */
export function parseUnifiedDiff(text: string): FileChange[] {
  const files: FileChange[] = [];
  let file: FileChange | undefined;
  let hunk: Hunk | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      file = { status: 'modified', binary: false, hunks: [] };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (!file) continue;
    const header = HUNK.exec(line);
    if (header) {
      hunk = { oldStart: Number(header[1]), oldLines: header[2] === undefined ? 1 : Number(header[2]), newStart: Number(header[3]), newLines: header[4] === undefined ? 1 : Number(header[4]), removed: [], added: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (hunk) {
      if (line.startsWith('+')) hunk.added.push(line.slice(1));
      else if (line.startsWith('-')) hunk.removed.push(line.slice(1));
      else if (!line.startsWith('\\')) hunk = undefined;
      if (hunk || line.startsWith('\\')) continue;
    }
    if (line.startsWith('--- ')) file.oldPath = sidePath(line.slice(4));
    else if (line.startsWith('+++ ')) file.newPath = sidePath(line.slice(4));
    else if (RENAME_FROM.test(line)) file.oldPath = unquoteGitPath(RENAME_FROM.exec(line)![1]!);
    else if (RENAME_TO.test(line)) file.newPath = unquoteGitPath(RENAME_TO.exec(line)![1]!);
    else if (/^new file mode/.test(line)) file.status = 'added';
    else if (/^deleted file mode/.test(line)) file.status = 'deleted';
    else if (/^similarity index/.test(line)) file.status = 'renamed';
    else if (/^Binary files /.test(line)) file.binary = true;
  }
  for (const change of files) {
    if (change.status === 'added') delete change.oldPath;
    if (change.status === 'deleted') delete change.newPath;
  }
  return files.filter((change) => change.oldPath !== undefined || change.newPath !== undefined);
}

/** The new-side lines (1-based) a file's hunks add or change, for "which steps does this change touch". */
export function changedNewLines(change: FileChange): Array<{ start: number; end: number }> {
  return change.hunks.map((h) => (h.newLines > 0 ? { start: h.newStart, end: h.newStart + h.newLines - 1 } : { start: h.newStart, end: h.newStart }));
}
