/** `walkthroughs/step`: one step's full content for the step card, with its neighbours. */
import type { LoadedWalkthrough } from '../core/engine';
import type { ResolvedStep } from '../core/resolveStep';
import { StepContentRequest, type StepContent, type StepContentParams, type StepContentResult } from '../../../common/src/protocol';
import { talkingPoints } from '../core/steps';
import { rewriteLinks, stepLinks } from './codeLinks';
import { pathToUri } from '../runtime/uri';
import { summarizeStep } from './walkthroughList';
import type { Workspace } from '../runtime/workspace';
import { onRequest } from '../runtime/handlers';


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

export const stepContentHandler = onRequest(StepContentRequest, async (params, server, token) => stepContent(await server.workspaceReady(token), params));
