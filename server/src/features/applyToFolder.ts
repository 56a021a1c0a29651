/**
 * `walkthroughs/applyToFolder`: the walkthroughs under `sourceFolder` (e.g. the bundled ones)
 * resolved against another folder's code. A separate, short-lived engine: the workspace's own
 * state is not touched, nothing is written.
 */
import { findFiles } from '../core/discover';
import { WalkthroughEngine } from '../core/engine';
import type { FileSystem } from '../core/fileSystem';
import { isWalkthroughFile } from '../core/format/parseWalkthrough';
import type { ApplyToFolderParams, ApplyToFolderResult } from '../protocol';
import { uriToPath } from './uri';
import { summarizeWalkthrough } from './walkthroughList';
import type { Workspace } from './workspace';

export async function applyToFolder(fs: FileSystem, workspace: Workspace, params: ApplyToFolderParams): Promise<ApplyToFolderResult> {
  const source = typeof params?.sourceFolder === 'string' ? uriToPath(params.sourceFolder) : undefined;
  const target = typeof params?.targetFolder === 'string' ? uriToPath(params.targetFolder) : undefined;
  if (!source || !target) return { walkthroughs: [] };
  const engine = new WalkthroughEngine({ fs, folders: [target], rootOverride: target, extraReadableFolders: [source], symbols: workspace.engine.symbols });
  await engine.loadFiles(await findFiles(fs, source, isWalkthroughFile));
  return { walkthroughs: engine.list().map(summarizeWalkthrough) };
}
