/**
 * `walkthroughs/list` and the summaries it is made of; `ChangeTracker` decides when
 * `walkthroughs/didChange` is worth sending (only when a summary really changed).
 */
import type { LoadedWalkthrough } from '../core/engine';
import type { ResolvedStep } from '../core/resolveStep';
import type { ListWalkthroughsResult, StepSummary, WalkthroughSummary } from '../protocol';
import { pathToUri } from './uri';
import type { Workspace } from './workspace';

/** Statuses whose range is on the code (lenses, hovers, reveal); `approximate` is a guess there, shown as one. */
export function isPlaced(step: ResolvedStep): step is ResolvedStep & { file: string; span: { start: number; end: number } } {
  return step.file !== undefined && step.span !== undefined && (step.status === 'ok' || step.status === 'moved' || step.status === 'fuzzy' || step.status === 'approximate');
}

export function summarizeStep(step: ResolvedStep): StepSummary {
  const summary: StepSummary = { id: step.spec.id, index: step.spec.index, title: step.title, status: step.status, contentOnly: step.contentOnly };
  if (step.statusMessage) summary.statusMessage = step.statusMessage;
  if (step.spec.question !== undefined) summary.hasQuestion = true;
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
  if (spec.format) summary.format = spec.format;
  if (spec.ref !== undefined) summary.ref = spec.ref;
  return summary;
}

export function listWalkthroughs(workspace: Workspace): ListWalkthroughsResult {
  return { walkthroughs: workspace.engine.list().map(summarizeWalkthrough) };
}

/** Remembers the last summaries sent; `update` says whether anything a client shows changed. */
export class ChangeTracker {
  private last = new Map<string, string>();

  update(workspace: Workspace): boolean {
    const next = new Map<string, string>();
    for (const walkthrough of workspace.engine.list()) next.set(walkthrough.file, JSON.stringify(summarizeWalkthrough(walkthrough)));
    const changed = next.size !== this.last.size || [...next].some(([file, json]) => this.last.get(file) !== json) || ![...next.keys()].every((k, i) => [...this.last.keys()][i] === k);
    this.last = next;
    return changed;
  }
}
