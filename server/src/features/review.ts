/**
 * Review walkthroughs from changes, on top of the engine: the changed files' current text and
 * declarations come from the engine (so every language with a grammar gets `symbol`), the steps
 * from core/review. Used by `walkthrough review` and the `walkthroughs/review` request.
 */
import type { WalkthroughEngine } from '../core/engine';
import { t } from '../core/l10n';
import { resolvePath } from '../core/paths';
import type { FileChange } from '../core/review/diff';
import { mergeReview, renderReview, reviewSteps, type ReviewStep } from '../core/review/reviewWalkthrough';

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
