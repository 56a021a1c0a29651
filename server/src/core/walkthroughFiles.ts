/** Which files are walkthroughs: glob patterns relative to a workspace folder (setting `walkthroughs.files`). */
import picomatch from 'picomatch';

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

/** A predicate over folder-relative POSIX paths; empty or invalid globs fall back to the defaults. */
export function walkthroughMatcher(globs: readonly string[] | undefined): (relativePath: string) => boolean {
  const usable = (globs ?? []).filter((glob) => typeof glob === 'string' && glob.trim() !== '');
  const compile = (patterns: readonly string[]) => ({ plain: picomatch([...patterns], { dot: false }), dotted: picomatch([...patterns], { dot: true }) });
  let matchers: ReturnType<typeof compile>;
  try {
    matchers = compile(usable.length ? usable : DEFAULT_WALKTHROUGH_GLOBS);
  } catch {
    matchers = compile(DEFAULT_WALKTHROUGH_GLOBS);
  }
  const { plain, dotted } = matchers;
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
