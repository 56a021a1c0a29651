// Which mark a step gets in the tree and the step picker (pure, unit-tested): ✓ once visited, the
// current step marked, and a status icon only when something is wrong with the anchor (the
// icons are in core/stepStatuses.ts).
import { statusInfo } from '../../../common/src/stepStatuses';

export interface StepMark {
  /** Codicon id. */
  icon: string;
  /** Theme color id, if any. */
  color?: string;
  /** The status is one of the problem statuses (its icon is shown). */
  problem: boolean;
}

/** Statuses that mean "look at this step": the anchor did not match where it was written. */
export function isProblem(status: string, contentOnly: boolean): boolean {
  return !contentOnly && statusInfo(status)?.icon !== undefined;
}

export function stepMark(step: { status: string; contentOnly: boolean }, state: { visited: boolean; current: boolean }): StepMark {
  const icon = step.contentOnly ? undefined : statusInfo(step.status)?.icon;
  if (icon) return { icon: icon.id, color: icon.color, problem: true };
  if (state.current) return { icon: 'debug-stackframe', color: 'debugIcon.startForeground', problem: false };
  if (state.visited) return { icon: 'check', color: 'testing.iconPassed', problem: false };
  return { icon: 'circle-large-outline', problem: false };
}
