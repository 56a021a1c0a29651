/**
 * Review walkthroughs from changes, on top of the engine: the changed files' current text and
 * declarations come from the engine (so every language with a grammar gets `symbol`), the steps
 * from core/review. Used by `walkthrough review` and the `walkthroughs/review` request.
 */
import type { WalkthroughEngine } from '../core/engine';
import { t } from '../core/l10n';
import { resolvePath } from '../../../common/src/paths';
import type { FileChange } from '../core/review/diff';
import { mergeReview, renderReview, reviewSteps, type ReviewStep } from '../core/review/reviewWalkthrough';
import { dirname, relativePath } from '../../../common/src/paths';
import type { ReviewParams, ReviewResult } from '../../../common/src/protocol';
import { changesSince } from '../gitReview';
import { pathToUri, uriToPath } from './uri';
import type { Workspace } from './workspace';

export async function reviewStepsIn(engine: WalkthroughEngine, folder: string, changes: readonly FileChange[]): Promise<ReviewStep[]> {
  return reviewSteps(changes, {
    read: async (path) => {
      const text = await engine.readText(resolvePath(folder, path));
      return text.kind === 'text' ? text.text : undefined;
    },
    declarations: async (path, text) => (await engine.symbols.symbols(resolvePath(folder, path), text))?.symbols,
  });
}

/** The review's title: the branch under review and its base. */
export function reviewTitle(branch: string | undefined, base: string): string {
  return branch ? t('Review: {0} (since {1})', branch, base) : t('Review: changes since {0}', base);
}

/** `review-<branch>.walkthrough.yaml`, named after the branch (file-name safe). */
export function reviewFileName(branch: string | undefined): string {
  const name = (branch ?? 'changes').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 60) || 'changes';
  return `review-${name}.walkthrough.yaml`;
}

export type ReviewText = { ok: true; text: string; steps: number; added: number; updated: number; dropped: number } | { ok: false; error: string };

/** The YAML to write: a new walkthrough, or `existing` updated in place. */
export function reviewText(steps: readonly ReviewStep[], title: string, existing: string | undefined, root?: string): ReviewText {
  if (existing === undefined) return { ok: true, text: renderReview(title, steps, root), steps: steps.length, added: steps.length, updated: 0, dropped: 0 };
  const merged = mergeReview(existing, steps);
  if (!merged.ok) return merged;
  return { ok: true, text: merged.text, steps: steps.length, added: merged.added ?? 0, updated: merged.updated ?? 0, dropped: merged.dropped ?? 0 };
}

/** `walkthroughs/review`: the text of the review walkthrough for the client to write. */
export async function reviewRequest(workspace: Workspace, params: ReviewParams): Promise<ReviewResult> {
  const folder = typeof params?.folderUri === 'string' ? uriToPath(params.folderUri) : undefined;
  const engine = workspace.engine;
  if (!folder || !engine.isWorkspaceFolder(folder)) return { ok: false, message: t('not a workspace folder') };
  const base = typeof params.base === 'string' && params.base.trim() !== '' ? params.base.trim() : undefined;
  const changes = await changesSince(folder, base);
  if (!changes.ok) return { ok: false, message: changes.message };
  const steps = await reviewStepsIn(engine, folder, changes.changes);
  if (steps.length === 0) return { ok: false, message: t('nothing changed since {0}', changes.baseLabel) };
  const target = (typeof params.targetUri === 'string' ? uriToPath(params.targetUri) : undefined) ?? resolvePath(folder, reviewFileName(changes.branch));
  if (!engine.isWorkspaceFolder(folder) || relativePath(folder, target).startsWith('..')) return { ok: false, message: t('the review walkthrough must be inside the workspace folder') };
  const current = await engine.readText(target);
  const existing = current.kind === 'text' ? current.text : undefined;
  const root = relativePath(dirname(target), folder);
  const result = reviewText(steps, reviewTitle(changes.branch, changes.baseLabel), existing, root && root !== '.' ? root : undefined);
  if (!result.ok) return { ok: false, message: result.error };
  return { ok: true, text: result.text, defaultUri: pathToUri(target), exists: existing !== undefined, base: changes.baseLabel, steps: result.steps, added: result.added, updated: result.updated, dropped: result.dropped };
}
