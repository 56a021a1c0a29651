// Small path helpers shared by the client modules (no `vscode` import).
import { WalkthroughFiles } from '../../common/src/walkthroughFiles';

const OUTSIDE_ANY_FOLDER = new WalkthroughFiles();

/**
 * Is this file (an absolute path) a walkthrough? The server's decision (core/walkthroughFiles.ts)
 * for the given workspace folders and `walkthroughs.files` setting; without them, by its name:
 * `*.walkthrough.yaml` / `*.walkthrough.yml` and CodeTour tours in `.tours/`, `.vscode/tours/`, `.github/tours/`.
 */
export function isWalkthroughFile(path: string, files: WalkthroughFiles = OUTSIDE_ANY_FOLDER): boolean {
  return files.is(path);
}

/** The decision for these folders (absolute file-system paths) and this `walkthroughs.files` value. */
export function walkthroughFilesFor(folders: readonly string[], setting: unknown): WalkthroughFiles {
  return new WalkthroughFiles({ folders, globs: Array.isArray(setting) ? setting : undefined });
}

/** Context key for menus (package.json `when`): the active editor shows a walkthrough file. */
export const ACTIVE_EDITOR_IS_WALKTHROUGH = 'walkthroughs.activeEditorIsWalkthrough';
