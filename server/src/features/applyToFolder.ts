/**
 * `walkthroughs/applyToFolder`: the walkthroughs under `sourceFolder` (e.g. the bundled ones)
 * resolved against another folder's code. A separate, short-lived engine: the workspace's own
 * state is not touched, nothing is written.
 */
import { findFiles } from '../core/discover';
import { WalkthroughEngine } from '../core/engine';
import { isWalkthroughFile } from '../core/format/parseWalkthrough';
import { NodeFileSystem } from '../core/nodeFileSystem';
import { isInside } from '../core/paths';
import type { ApplyToFolderParams, ApplyToFolderResult } from '../protocol';
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
  await engine.loadFiles(await findFiles(fs, source, isWalkthroughFile));
  return { walkthroughs: engine.list().map(summarizeWalkthrough) };
}
