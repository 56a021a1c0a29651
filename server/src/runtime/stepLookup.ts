/** Finding steps for requests that name them (by ids, by memo file, by their walkthrough). */
import type { LoadedWalkthrough, WalkthroughEngine } from '../core/engine';
import type { ResolvedStep } from '../core/resolveStep';

export class StepLookup {
  constructor(private readonly engine: WalkthroughEngine) {}

  /** The step with this walkthrough id and step id. */
  findStep(walkthroughId: string, stepId: string): { walkthrough: LoadedWalkthrough; step: ResolvedStep } | undefined {
    const walkthrough = this.engine.byId(walkthroughId);
    const step = walkthrough?.steps.find((s) => s.spec.id === stepId);
    return walkthrough && step ? { walkthrough, step } : undefined;
  }

  walkthroughOf(step: ResolvedStep): LoadedWalkthrough | undefined {
    return this.engine.get(step.walkthroughFile);
  }

  /** Steps whose memo section is in `memoFile`, sorted by walkthrough then step. */
  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    return this.engine.stepsCitingMemo(memoFile);
  }
}
