/**
 * Tour order, for features that show steps of several walkthroughs together (hover cards, summary
 * CodeLens): walkthroughs as the engine lists them (primary first, then by file), then step order.
 */
import type { WalkthroughEngine } from '../core/engine';
import type { ResolvedStep } from '../core/resolveStep';

/** The position of each walkthrough file in the list; unknown files first. */
export function walkthroughRank(engine: WalkthroughEngine): (walkthroughFile: string) => number {
  const order = new Map(engine.list().map((w, i) => [w.file, i]));
  return (file) => order.get(file) ?? 0;
}

/** Sorts steps in place into tour order. */
export function sortInTourOrder(engine: WalkthroughEngine, steps: ResolvedStep[]): ResolvedStep[] {
  const rank = walkthroughRank(engine);
  return steps.sort((a, b) => rank(a.walkthroughFile) - rank(b.walkthroughFile) || a.spec.index - b.spec.index);
}
