/** `walkthroughs/step`: one step's full content for the step card, with its neighbours. */
import type { LoadedWalkthrough } from '../core/engine';
import type { ResolvedStep } from '../core/resolveStep';
import type { StepContent, StepContentParams, StepContentResult } from '../../../common/src/protocol';
import { rewriteLinks, stepLinks } from './codeLinks';
import { pathToUri } from './uri';
import { summarizeStep } from './walkthroughList';
import type { Workspace } from './workspace';
import { t } from '../core/l10n';

/**
 * The talking points: inline `points`, then the cited memo section's body. A point whose code the
 * step's code does not bear out carries a mark at the end of its line ("⚠ not in your code: …"),
 * so it is never shown as plain truth.
 */
export function talkingPoints(step: ResolvedStep): string | undefined {
  const marked = (text: string | undefined, source: 'points' | 'section') => (text === undefined ? undefined : markUnconfirmed(text, (step.unconfirmed ?? []).filter((u) => u.source === source)));
  const parts = [marked(step.spec.points, 'points')?.trim(), marked(step.section?.body, 'section')?.trim()].filter((p): p is string => !!p);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** `text` with a mark after each line that holds an unconfirmed claim (offsets are into `text`). */
export function markUnconfirmed(text: string, unconfirmed: NonNullable<ResolvedStep['unconfirmed']>): string {
  if (unconfirmed.length === 0) return text;
  const byLineEnd = new Map<number, string[]>();
  for (const { claim, text: shown } of unconfirmed) {
    const newline = text.indexOf('\n', claim.start);
    const end = newline < 0 ? text.length : newline;
    byLineEnd.set(end, [...(byLineEnd.get(end) ?? []), shown]);
  }
  let out = '';
  let at = 0;
  for (const end of [...byLineEnd.keys()].sort((a, b) => a - b)) {
    out += text.slice(at, end).replace(/\s+$/, '') + ` ⚠ *${t('not in your code: {0}', byLineEnd.get(end)!.join(', '))}*`;
    at = end;
  }
  return out + text.slice(at);
}

export async function stepContent(workspace: Workspace, params: StepContentParams): Promise<StepContentResult> {
  if (!params || typeof params.walkthroughId !== 'string' || typeof params.stepId !== 'string') return null;
  const found = workspace.findStep(params.walkthroughId, params.stepId);
  if (!found) return null;
  const content = buildStepContent(workspace, found.walkthrough, found.step);
  // Links to code open the workspace's copy of the file (or show as text when there is none).
  const rewrite = await stepLinks(workspace, found.walkthrough, found.step);
  if (content.points !== undefined) content.points = rewriteLinks(content.points, rewrite);
  if (content.question !== undefined) content.question = rewriteLinks(content.question, rewrite);
  return content;
}

export function buildStepContent(workspace: Workspace, walkthrough: LoadedWalkthrough, step: ResolvedStep): StepContent {
  const index = step.spec.index;
  const content: StepContent = {
    walkthrough: { id: walkthrough.spec.id, title: walkthrough.spec.title, uri: pathToUri(walkthrough.file) },
    step: summarizeStep(step),
    position: index + 1,
    total: walkthrough.steps.length,
  };
  if (step.spec.question !== undefined) content.question = step.spec.question;
  const points = talkingPoints(step);
  if (points !== undefined) content.points = points;
  if (step.section && step.memoFile) content.section = { heading: step.section.heading, uri: pathToUri(step.memoFile), line: step.section.line };
  const previous = walkthrough.steps[index - 1];
  const next = walkthrough.steps[index + 1];
  if (previous) content.previous = { id: previous.spec.id, title: previous.title };
  if (next) content.next = { id: next.spec.id, title: next.title };
  if (walkthrough.spec.next !== undefined) {
    const following = workspace.engine.byId(walkthrough.spec.next);
    if (following) content.nextWalkthrough = { id: following.spec.id, title: following.spec.title };
  }
  return content;
}
