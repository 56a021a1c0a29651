/**
 * `walkthroughs/applyToFolder`: the walkthroughs under `sourceFolder` (e.g. the bundled ones)
 * resolved against another folder's code. A separate, short-lived engine: the workspace's own
 * state is not touched, nothing is written. With `copyTo`, the texts of copies that would land
 * there (see core/relocate/landedCopy.ts); the client writes them once the user confirms.
 */
import { findFiles } from '../core/discover';
import { WalkthroughEngine } from '../core/engine';
import { isWalkthroughName } from '../../../common/src/walkthroughFiles';
import { NodeFileSystem } from '../core/nodeFileSystem';
import { t } from '../core/l10n';
import { basename, isInside, relativePath } from '../../../common/src/paths';
import { landedCopyText } from '../core/relocate/landedCopy';
import type { ApplyCopy, ApplyToFolderParams, ApplyToFolderResult } from '../../../common/src/protocol';
import { uriToPath } from './uri';
import { summarizeWalkthrough } from './walkthroughList';
import type { Workspace } from './workspace';

export async function applyToFolder(workspace: Workspace, params: ApplyToFolderParams): Promise<ApplyToFolderResult> {
  const source = typeof params?.sourceFolder === 'string' ? uriToPath(params.sourceFolder) : undefined;
  const target = typeof params?.targetFolder === 'string' ? uriToPath(params.targetFolder) : undefined;
  // The target must lie in the workspace; the source is the client's (bundled) folder.
  if (!source || !target || !workspace.engine.getFolders().some((folder) => isInside(folder, target))) return { walkthroughs: [] };
  // Confined to the workspace folders themselves (real paths), not to the target: a target that
  // is a link to a folder outside the workspace must not make that folder readable.
  const fs = new NodeFileSystem({ confineTo: [source, ...workspace.engine.getFolders()] });
  const engine = new WalkthroughEngine({ fs, folders: [target], rootOverride: target, extraReadableFolders: [source], symbols: workspace.engine.symbols });
  await engine.loadFiles(await findFiles(fs, source, isWalkthroughName));
  const result: ApplyToFolderResult = { walkthroughs: engine.list().map(summarizeWalkthrough) };
  const copyTo = typeof params.copyTo === 'string' ? uriToPath(params.copyTo) : undefined;
  if (copyTo && isInside(target, copyTo)) {
    const copies = await copiesFor(engine, source, target, copyTo);
    // Written where they really land: a copy folder that is a link out of the workspace gets none.
    for (const copy of copies) {
      if (!(await workspace.mayWrite(`${copyTo}/${copy.path}`))) return { ...result, copies: [], error: t('The copies would be written outside the workspace: {0} is (or lies under) a symbolic link that leads out of it.', basename(copyTo)) };
    }
    result.copies = copies;
  }
  return result;
}

async function copiesFor(engine: WalkthroughEngine, source: string, target: string, copyTo: string): Promise<ApplyCopy[]> {
  const copies: ApplyCopy[] = [];
  const memos = new Set<string>();
  for (const walkthrough of engine.list()) {
    const yaml = await engine.readText(walkthrough.file);
    if (yaml.kind !== 'text') continue;
    const text = landedCopyText(walkthrough, yaml.text, copyTo, target);
    if (text === undefined) continue;
    copies.push({ path: relativePath(source, walkthrough.file), text });
    for (const memo of [walkthrough.memoFile, ...walkthrough.steps.map((s) => s.memoFile)]) if (memo) memos.add(memo);
  }
  // Memos go along at the same relative place, so `memo:` and `section:` resolve in the copies.
  for (const memo of memos) {
    if (!isInside(source, memo)) continue;
    const text = await engine.readText(memo);
    if (text.kind === 'text') copies.push({ path: relativePath(source, memo), text: text.text });
  }
  return copies;
}
