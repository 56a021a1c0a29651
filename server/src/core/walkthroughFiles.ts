/** Which files are walkthroughs: glob patterns relative to a workspace folder (setting `walkthroughs.files`). */
import picomatch from 'picomatch';

export const DEFAULT_WALKTHROUGH_GLOBS: readonly string[] = ['**/*.walkthrough.yaml', '**/*.walkthrough.yml'];

/** A predicate over folder-relative POSIX paths; empty or invalid globs fall back to the defaults. */
export function walkthroughMatcher(globs: readonly string[] | undefined): (relativePath: string) => boolean {
  const usable = (globs ?? []).filter((glob) => typeof glob === 'string' && glob.trim() !== '');
  try {
    return picomatch(usable.length ? usable : [...DEFAULT_WALKTHROUGH_GLOBS], { dot: false });
  } catch {
    return picomatch([...DEFAULT_WALKTHROUGH_GLOBS]);
  }
}
