/**
 * `walkthroughs/list` and the summaries it is made of; `ChangeTracker` decides when
 * `walkthroughs/didChange` is worth sending (only when a summary really changed).
 */
import type { LoadedWalkthrough } from '../core/engine';
import type { ResolvedStep } from '../core/resolveStep';
import { isPlaced } from '../core/steps';
import { ListWalkthroughsRequest, type DidChangeWalkthroughsParams, type ListWalkthroughsResult, type StepSummary, type WalkthroughSummary } from '../../../common/src/protocol';
import { pathToUri, uriToPath } from '../runtime/uri';
import type { Workspace } from '../runtime/workspace';
import { onRequest } from '../runtime/handlers';
import { dirname, resolvePath } from '../../../common/src/paths';


export function summarizeStep(step: ResolvedStep): StepSummary {
  const summary: StepSummary = { id: step.spec.id, index: step.spec.index, title: step.title, status: step.status, contentOnly: step.contentOnly };
  if (step.statusMessage) summary.statusMessage = step.statusMessage;
  if (step.spec.question !== undefined) summary.hasQuestion = true;
  if (step.spec.history) summary.repairedFrom = step.spec.history.commit;
  if (step.unconfirmed?.length) summary.unconfirmed = step.unconfirmed.map((u) => u.text);
  if (isPlaced(step)) {
    summary.uri = pathToUri(step.file);
    summary.range = { startLine: step.span.start, endLine: step.span.end };
  } else if (step.file) {
    summary.uri = pathToUri(step.file);
    if (step.closestSpan) summary.closest = { startLine: step.closestSpan.start, endLine: step.closestSpan.end };
  }
  return summary;
}

export function summarizeWalkthrough(walkthrough: LoadedWalkthrough): WalkthroughSummary {
  const { spec } = walkthrough;
  const summary: WalkthroughSummary = {
    id: spec.id,
    title: spec.title,
    uri: pathToUri(walkthrough.file),
    primary: spec.primary,
    steps: walkthrough.steps.map(summarizeStep),
  };
  if (spec.description !== undefined) summary.description = spec.description;
  if (spec.next !== undefined) summary.next = spec.next;
  if (!spec.practice) summary.practice = false;
  if (spec.format) summary.format = spec.format;
  if (spec.ref !== undefined) summary.ref = spec.ref;
  if (walkthrough.memoFile !== undefined) summary.memoUri = pathToUri(walkthrough.memoFile);
  if (spec.convertedFrom?.trim()) summary.convertedFrom = pathToUri(resolvePath(dirname(walkthrough.file), spec.convertedFrom.trim()));
  return summary;
}

/** `walkthroughs/list`: every walkthrough, or only those named in `uris` (in list order). */
export function listWalkthroughs(workspace: Workspace, uris?: readonly string[]): ListWalkthroughsResult {
  if (!uris) return { walkthroughs: workspace.engine.list().map(summarizeWalkthrough) };
  const wanted = uris.flatMap((u) => {
    const walkthrough = typeof u === 'string' ? workspace.engine.get(uriToPath(u) ?? '') : undefined;
    return walkthrough ? [walkthrough] : [];
  });
  return { walkthroughs: [...new Set(wanted)].map(summarizeWalkthrough) };
}

/**
 * Remembers the summaries last announced; `update` compares only the walkthroughs a change
 * touched and says what a client must refetch (`full` when the list's membership or order may
 * have changed, as when a walkthrough appears or its `primary` flips), or undefined when nothing
 * a client shows changed.
 */
export class ChangeTracker {
  private readonly last = new Map<string, { json: string; primary: boolean }>();

  update(workspace: Workspace, affected?: readonly string[]): DidChangeWalkthroughsParams | undefined {
    const files = affected ?? [...new Set([...this.last.keys(), ...workspace.engine.list().map((w) => w.file)])];
    const changed: string[] = [];
    const removed: string[] = [];
    let full = false;
    for (const file of files) {
      const walkthrough = workspace.engine.get(file);
      const before = this.last.get(file);
      if (!walkthrough) {
        if (before) {
          this.last.delete(file);
          removed.push(pathToUri(file));
        }
        continue;
      }
      const json = JSON.stringify(summarizeWalkthrough(walkthrough));
      if (before?.json === json) continue;
      if (!before || before.primary !== walkthrough.spec.primary) full = true;
      this.last.set(file, { json, primary: walkthrough.spec.primary });
      changed.push(pathToUri(file));
    }
    if (changed.length === 0 && removed.length === 0) return undefined;
    return full ? { full: true, changed, removed } : { changed, removed };
  }
}

export const listWalkthroughsHandler = onRequest(ListWalkthroughsRequest, async (params, server, token) => {
  const ws = await server.workspaceReady(token);
  // Other clients may send no params at all.
  const uris = Array.isArray(params?.uris) ? params.uris : undefined;
  return listWalkthroughs(ws, uris);
});
