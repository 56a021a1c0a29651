/**
 * Which files are walkthroughs — the one decision, for the server, the CLI and the client alike
 * (no vscode, no file system: the client bundles it too). Inside a workspace folder a file is a
 * walkthrough when its folder-relative path matches the `walkthroughs.files` globs (default:
 * `DEFAULT_WALKTHROUGH_GLOBS`), relative to the innermost folder that holds it. Outside every
 * folder (the extension's bundled walkthroughs, a file opened from elsewhere) only the name and
 * the folders above it count: some tail of its path must match the default globs.
 */
import picomatch from 'picomatch';
import { innermostFolder, relativePath, toEnginePath } from './paths';

/** Walkthrough YAML anywhere, and CodeTour tours where CodeTour looks for them. */
export const DEFAULT_WALKTHROUGH_GLOBS: readonly string[] = [
  '**/*.walkthrough.yaml',
  '**/*.walkthrough.yml',
  '.tours/**/*.tour',
  '.vscode/tours/**/*.tour',
  '.github/tours/**/*.tour',
];

/**
 * The dot-folders people keep tours and walkthroughs in. Every other dot-folder (`.git`, `.cache`,
 * `.idea`, …) stays out of `**` matches.
 */
export const WALKTHROUGH_DOT_FOLDERS: ReadonlySet<string> = new Set(['.tours', '.vscode', '.github']);

/** A CodeTour tour (JSON) rather than walkthrough YAML: how a walkthrough file is read. */
export const TOUR_FILE = /\.tour$/i;

export function isCodeTourFile(file: string): boolean {
  return TOUR_FILE.test(file);
}

/**
 * Paths and globs are POSIX on every platform (paths go through `toEnginePath`). Saying so also
 * keeps picomatch from probing the platform through `navigator`, which VS Code's extension host
 * reports as an error.
 */
const POSIX = { windows: false } as const;

/** The usable globs of a setting value: strings that are not blank; none (or none valid) → the defaults. */
export function effectiveWalkthroughGlobs(globs: readonly unknown[] | undefined): readonly string[] {
  const usable = (Array.isArray(globs) ? globs : []).filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '');
  if (!usable.length) return DEFAULT_WALKTHROUGH_GLOBS;
  try {
    picomatch(usable, POSIX);
    return usable;
  } catch {
    return DEFAULT_WALKTHROUGH_GLOBS;
  }
}

/** A predicate over folder-relative POSIX paths; empty or invalid globs fall back to the defaults. */
export function walkthroughMatcher(globs: readonly unknown[] | undefined): (relativePath: string) => boolean {
  const patterns = [...effectiveWalkthroughGlobs(globs)];
  const plain = picomatch(patterns, { ...POSIX, dot: false });
  const dotted = picomatch(patterns, { ...POSIX, dot: true });
  return (relativePath) => plain(relativePath) || (onlyAllowedDotFolders(relativePath) && dotted(relativePath));
}

/** True when the path's folders include a dot-folder and every dot-folder is one of `WALKTHROUGH_DOT_FOLDERS`. */
function onlyAllowedDotFolders(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const name = segments.pop() ?? '';
  if (name.startsWith('.')) return false;
  const dotted = segments.filter((segment) => segment.startsWith('.'));
  return dotted.length > 0 && dotted.every((segment) => WALKTHROUGH_DOT_FOLDERS.has(segment));
}

const matchesDefaults = walkthroughMatcher(undefined);

/**
 * A file outside every workspace folder: a walkthrough when some tail of its path matches the
 * default globs (`/x/a.walkthrough.yaml`, `/x/.tours/t.tour`; not `/x/a.tour.go`).
 */
export function isWalkthroughName(file: string): boolean {
  const segments = toEnginePath(file).split('/').filter((segment) => segment !== '');
  for (let i = segments.length - 1; i >= 0; i--) if (matchesDefaults(segments.slice(i).join('/'))) return true;
  return false;
}

/** The workspace folders and the `walkthroughs.files` setting: everything the decision depends on. */
export interface WalkthroughFilesScope {
  /** Absolute folder paths (forward slashes; a drive letter or a leading `/`). */
  folders: readonly string[];
  /** The `walkthroughs.files` setting as read (anything; unusable values mean the defaults). */
  globs?: readonly unknown[] | undefined;
}

/**
 * "Is this file a walkthrough?" for one scope. Build one per scope (the globs compile once) and
 * ask it for absolute paths, with forward slashes or backslashes.
 */
export class WalkthroughFiles {
  readonly folders: readonly string[];
  readonly globs: readonly string[];
  private readonly matches: (relativePath: string) => boolean;

  constructor(scope: WalkthroughFilesScope = { folders: [] }) {
    this.folders = scope.folders.map(toEnginePath);
    this.globs = effectiveWalkthroughGlobs(scope.globs);
    this.matches = walkthroughMatcher(this.globs);
  }

  /** Is `file` a walkthrough: by the globs inside a folder (the innermost), by its name outside. */
  is(file: string): boolean {
    const path = toEnginePath(file);
    const folder = innermostFolder(this.folders, path);
    return folder === undefined ? isWalkthroughName(path) : this.matches(relativePath(folder, path));
  }
}
