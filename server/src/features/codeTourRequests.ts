/** `walkthroughs/convertTour` and `walkthroughs/export`: compute text for the client to write. */
import { convertTour } from '../core/codetour/convertTour';
import type { ConvertTourParams, ConvertTourResult, ExportWalkthroughParams, ExportWalkthroughResult } from '../protocol';
import { EXPORT_FORMATS, gatherExport, renderExport } from './exportWalkthrough';
import { pathToUri, uriToPath } from './uri';
import type { Cancellation } from './jobQueue';
import type { Workspace } from './workspace';

export async function convertTourRequest(workspace: Workspace, params: ConvertTourParams, token?: Cancellation): Promise<ConvertTourResult | null> {
  if (!params || typeof params.uri !== 'string') return null;
  const file = uriToPath(params.uri);
  const target = typeof params.targetUri === 'string' ? uriToPath(params.targetUri) : undefined;
  if (!file) return null;
  // Line steps read their code as it was when the tour was written (git history) before converting.
  await workspace.tourHistory(file, token);
  const converted = await convertTour(workspace.engine, file, target);
  if (!converted) return null;
  const result: ConvertTourResult = { text: converted.text, defaultUri: pathToUri(converted.defaultFile), notes: converted.notes, repaired: converted.repaired };
  if (converted.historyWarning) result.historyWarning = converted.historyWarning;
  return result;
}

export async function exportRequest(workspace: Workspace, params: ExportWalkthroughParams): Promise<ExportWalkthroughResult | null> {
  if (!params || typeof params.walkthroughId !== 'string' || !EXPORT_FORMATS.includes(params.format)) return null;
  let walkthrough = workspace.engine.byId(params.walkthroughId);
  if (!walkthrough) return null;
  if (walkthrough.spec.format === 'codetour') {
    // The tour's code as repaired from git history, not whatever sits at its line numbers today.
    await workspace.tourHistory(walkthrough.file);
    walkthrough = workspace.engine.byId(params.walkthroughId);
    if (!walkthrough) return null;
  }
  return { text: renderExport(await gatherExport(workspace.engine, walkthrough), params.format) };
}
