/** `walkthroughs/convertTour`, `walkthroughs/export` and `walkthroughs/exportAnki`: compute text for the client to write. */
import { convertTour } from '../core/codetour/convertTour';
import type { ConvertTourParams, ConvertTourResult, ExportAnkiParams, ExportAnkiResult, ExportWalkthroughParams, ExportWalkthroughResult } from '../../../common/src/protocol';
import { renderAnkiDeck } from './exportAnki';
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
  const document = await gatherExport(workspace.engine, walkthrough);
  return { text: renderExport(document, params.format), ...(document.unsaved ? { unsaved: document.unsaved } : {}) };
}

export async function exportAnkiRequest(workspace: Workspace, params: ExportAnkiParams): Promise<ExportAnkiResult> {
  const ids = Array.isArray(params?.walkthroughIds) ? params.walkthroughIds.filter((id): id is string => typeof id === 'string') : [];
  const walkthroughs = ids.length ? ids.map((id) => workspace.engine.byId(id)).filter((w) => w !== undefined) : workspace.engine.list();
  const documents = [];
  for (const walkthrough of walkthroughs) documents.push(await gatherExport(workspace.engine, walkthrough));
  return renderAnkiDeck(documents);
}
