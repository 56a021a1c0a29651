// Where "New Walkthrough…" proposes to save the file (pure, unit-tested): the folder the
// extension already reads walkthroughs from — next to the most recent YAML walkthrough of the
// workspace folder (never next to a CodeTour `.tour`, whose `.tours/` folder is CodeTour's), else
// the fixed folder of a `walkthroughs.files` glob (`docs/tours/**/*.walkthrough.yaml` → `docs/tours`),
// else the workspace folder's top. The user is then asked, with this as the default.

const YAML_WALKTHROUGH = /\.walkthrough\.ya?ml$/i;

/** The literal folder a glob starts with (`docs/tours` of `docs/tours/**\/x`), '' when it starts with a pattern. */
function literalPrefix(glob: string): string {
  const segments = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?[\]{}!]/.test(segment) || segment === '..' || segment === '') break;
    literal.push(segment);
  }
  return literal.join('/');
}

/**
 * The folder (absolute, forward slashes, no trailing slash) for a new walkthrough in the
 * workspace folder `folder`. `walkthroughFiles`: the listed walkthrough files, most recent first.
 */
export function walkthroughsFolder(folder: string, globs: readonly string[], walkthroughFiles: readonly string[]): string {
  const root = folder.replace(/\\/g, '/').replace(/\/+$/, '');
  for (const file of walkthroughFiles) {
    const path = file.replace(/\\/g, '/');
    if (YAML_WALKTHROUGH.test(path) && path.startsWith(`${root}/`)) return path.slice(0, path.lastIndexOf('/'));
  }
  for (const glob of globs) {
    if (!/\.walkthrough\.ya?ml$|\.ya?ml\}?$|\*$/i.test(glob) || /\.tour$/i.test(glob)) continue;
    const prefix = literalPrefix(glob);
    // CodeTour's folders are CodeTour's: a new walkthrough does not go there unasked.
    if (prefix && !/^\.(tours|vscode|github)(\/|$)/.test(prefix)) return `${root}/${prefix}`;
  }
  return root;
}

/** The name the user typed as a walkthrough file: `x` or `x.yaml` becomes `x.walkthrough.yaml`. */
export function asWalkthroughFileName(path: string): string {
  if (YAML_WALKTHROUGH.test(path)) return path;
  return `${path.replace(/\.ya?ml$/i, '')}.walkthrough.yaml`;
}
