/**
 * Code paths as memos write them, and where they are in a folder of code. A memo's paths usually
 * come from another machine (`file:///Users/…/mxshop_srvs/inventory_srv/handler/inventory.go?line=56`),
 * so a path is found by its longest suffix that exists under the root. Pure: lookups go through
 * the FileSystem or a given list of files.
 */
import type { FileSystem } from './fileSystem';
import { isInside, resolvePath } from '../../../common/src/paths';

export interface CodeLink {
  /** The path as written, decoded, with forward slashes and no scheme, query or fragment. */
  path: string;
  /** 1-based line (and last line) the link names, when it names one. */
  line?: number;
  endLine?: number;
}

/** File name extensions that mark a path as code (or a file worth a step), lower case with the dot. */
export const CODE_EXTENSIONS = new Set([
  '.go', '.ts', '.mts', '.cts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.py', '.pyi', '.rs', '.java', '.kt', '.c', '.h', '.cc', '.cpp', '.cxx',
  '.hpp', '.hh', '.hxx', '.cs', '.rb', '.rake', '.php', '.swift', '.proto', '.sql', '.sh', '.yaml', '.yml', '.json', '.toml', '.mod',
]);

const EXTERNAL_SCHEME = /^(?:https?|mailto|ftp|data|javascript|command|vscode-(?!file)[\w-]*):/i;

/**
 * Reads a link or path that may point at code: relative paths, absolute `file://` URIs,
 * `vscode://file/…`, with `?line=N`, `#L10`, `#L10-L20`, `:10` or `:10:5`. Web links, other
 * schemes and fragment-only links give undefined.
 */
export function parseCodeLink(href: string): CodeLink | undefined {
  let text = href.trim();
  if (text === '' || text.startsWith('#') || EXTERNAL_SCHEME.test(text)) return undefined;
  let line: number | undefined;
  let endLine: number | undefined;
  const setLines = (a: string | undefined, b: string | undefined) => {
    if (a === undefined || line !== undefined) return;
    const start = Number(a);
    if (!Number.isSafeInteger(start) || start < 1) return;
    line = start;
    const end = b === undefined ? undefined : Number(b);
    if (end !== undefined && Number.isSafeInteger(end) && end >= start) endLine = end;
  };
  if (/^vscode:\/\/file\//i.test(text)) text = text.slice('vscode://file'.length);
  else if (/^file:/i.test(text)) text = text.replace(/^file:(\/\/[^/]*)?/i, '');
  else if (/^[a-z][\w+.-]*:\/\//i.test(text)) return undefined;

  const hash = text.indexOf('#');
  if (hash !== -1) {
    const fragment = text.slice(hash + 1);
    text = text.slice(0, hash);
    const m = /^L?(\d+)(?:[-,]L?(\d+))?/i.exec(fragment);
    if (m) setLines(m[1], m[2]);
  }
  const query = text.indexOf('?');
  if (query !== -1) {
    const params = new URLSearchParams(text.slice(query + 1));
    text = text.slice(0, query);
    const value = params.get('line') ?? params.get('lineNumber');
    const m = value === null ? null : /^(\d+)(?:-(\d+))?/.exec(value);
    if (m) setLines(m[1], m[2]);
  }
  try {
    text = decodeURIComponent(text);
  } catch {
    // A stray % is taken literally.
  }
  text = text.replace(/\\/g, '/');
  // `path:10`, `path:10:5`, `path:10-20` (a Windows drive letter `C:/…` is not a line).
  const colon = /^(.*?\.[\w]+):(\d+)(?:[-:](\d+))?$/.exec(text);
  if (colon) {
    text = colon[1]!;
    const isRange = /:\d+-\d+$/.test(href.trim());
    setLines(colon[2], isRange ? colon[3] : undefined);
  }
  text = text.replace(/^\.\//, '');
  if (text === '' || text.endsWith('/')) return undefined;
  return { path: text, ...(line !== undefined ? { line } : {}), ...(endLine !== undefined ? { endLine } : {}) };
}

/**
 * A link to a file on a code host — GitHub/Gitea `…/blob/<ref>/path#L10-L20`, GitLab
 * `…/-/blob/<ref>/path`, Bitbucket `…/src/<ref>/path`, raw.githubusercontent.com — as the path
 * inside the repository. Only `walkthrough import` reads these: in a card they stay web links.
 */
export function parseWebCodeLink(href: string): CodeLink | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const parts = url.pathname.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  let rest: string[] | undefined;
  if (url.hostname === 'raw.githubusercontent.com') rest = parts.slice(3);
  else {
    const at = parts.findIndex((part, i) => i >= 2 && (part === 'blob' || part === 'src') && i + 2 < parts.length);
    if (at !== -1) rest = parts.slice(at + (parts[at + 1] === 'branch' || parts[at + 1] === 'commit' ? 3 : 2));
  }
  if (!rest || rest.length === 0) return undefined;
  const lines = /^L(\d+)(?:-L(\d+))?/.exec(url.hash.slice(1));
  const line = lines ? Number(lines[1]) : undefined;
  const endLine = lines?.[2] !== undefined ? Number(lines[2]) : undefined;
  return { path: rest.join('/'), ...(line ? { line } : {}), ...(endLine && line && endLine >= line ? { endLine } : {}) };
}

/** Does this text (inline code or a word in prose) look like a path to a code file? */
export function looksLikeCodePath(text: string): boolean {
  const link = parseCodeLink(text);
  if (!link || /\s/.test(link.path)) return false;
  const name = link.path.slice(link.path.lastIndexOf('/') + 1);
  if (name.startsWith('.')) return false;
  const ext = /.\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!ext || !CODE_EXTENSIONS.has(`.${ext}`)) return false;
  // `fmt.Println` is not a path; `srv_conn.go` and `a/b.go` are.
  return /^[\w@~.+/-]+$/.test(link.path.replace(/^[A-Za-z]:/, ''));
}

/** The suffixes of a path, longest first: `a/b/c.go`, `b/c.go`, `c.go`. */
export function pathSuffixes(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
  return parts.map((_, i) => parts.slice(i).join('/'));
}

export type SuffixMatch =
  | { kind: 'found'; file: string; suffix: string }
  | { kind: 'ambiguous'; files: string[]; suffix: string }
  | { kind: 'not-found' };

/**
 * The file under the root that ends with the longest suffix of `path`. `files` are paths relative
 * to the root (forward slashes). Several files sharing the longest suffix are ambiguous.
 */
export function matchPathSuffix(path: string, files: readonly string[]): SuffixMatch {
  return matchPathSuffixIn(path, indexByName(files));
}

/** As matchPathSuffix, with files grouped by their base name (see `indexByName`). */
export function matchPathSuffixIn(path: string, byName: ReadonlyMap<string, readonly string[]>): SuffixMatch {
  const suffixes = pathSuffixes(path);
  const name = suffixes[suffixes.length - 1];
  if (name === undefined) return { kind: 'not-found' };
  const candidates = byName.get(name) ?? [];
  if (candidates.length === 0) return { kind: 'not-found' };
  for (const suffix of suffixes) {
    const matches = candidates.filter((file) => file === suffix || file.endsWith(`/${suffix}`));
    if (matches.length === 1) return { kind: 'found', file: matches[0]!, suffix };
    if (matches.length > 1) return { kind: 'ambiguous', files: [...matches].sort(), suffix };
  }
  return { kind: 'not-found' };
}

export function indexByName(files: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(file);
    else byName.set(name, [file]);
  }
  return byName;
}

/**
 * Finds a path from a memo under `root` without listing the folder: the longest suffix that
 * exists when appended to the root. Returns the absolute path, or undefined. (Use
 * matchPathSuffix on a listing to also find suffixes that start deeper than the root.)
 */
export async function probePathSuffix(fs: FileSystem, root: string, path: string): Promise<string | undefined> {
  for (const suffix of pathSuffixes(path)) {
    const candidate = resolvePath(root, suffix);
    if (await isFile(fs, candidate)) return candidate;
  }
  return undefined;
}

/** Whether `file` is a file, by listing its folder (nothing is read). */
export async function isFile(fs: FileSystem, file: string): Promise<boolean> {
  const slash = file.lastIndexOf('/');
  if (slash <= 0) return false;
  const name = file.slice(slash + 1);
  return (await fs.readDirectory(file.slice(0, slash))).some(([entry, kind]) => entry === name && kind === 'file');
}

export interface CodeLinkTarget {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line and last line, when the link names them. */
  line?: number;
  endLine?: number;
}

/**
 * Where a link in a memo or walkthrough points in this workspace: a relative path against each
 * of `bases` (the memo's folder, the walkthrough's), an absolute path as it is, else the longest
 * suffix that exists under one of `roots`. Only files inside `roots` are returned; web links and
 * links that resolve nowhere give undefined.
 */
export async function resolveCodeLink(
  fs: FileSystem,
  href: string,
  bases: readonly string[],
  roots: readonly string[],
  /** Files under a root (relative, forward slashes), for suffixes that start below the root. */
  listFiles?: (root: string) => Promise<readonly string[]>,
): Promise<CodeLinkTarget | undefined> {
  const link = parseCodeLink(href);
  if (!link) return undefined;
  const inRoots = (file: string) => roots.some((root) => isInside(root, file));
  const lines = { ...(link.line !== undefined ? { line: link.line } : {}), ...(link.endLine !== undefined ? { endLine: link.endLine } : {}) };
  const direct = link.path.startsWith('/') || /^[A-Za-z]:\//.test(link.path) ? [resolvePath('/', link.path)] : bases.map((base) => resolvePath(base, link.path));
  for (const file of direct) if (inRoots(file) && (await isFile(fs, file))) return { file, ...lines };
  for (const root of roots) {
    const file = await probePathSuffix(fs, root, link.path);
    if (file) return { file, ...lines };
  }
  if (listFiles) {
    for (const root of roots) {
      const match = matchPathSuffix(link.path, await listFiles(root));
      if (match.kind === 'found') return { file: resolvePath(root, match.file), ...lines };
    }
  }
  return undefined;
}
