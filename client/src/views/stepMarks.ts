// Which mark a step gets in the tree and the step picker (pure, unit-tested): ✓ once visited, the
// current step marked, and a status icon only when something is wrong with the anchor.

/** Statuses that mean "look at this step": the anchor did not match where it was written. */
const PROBLEMS: Record<string, [icon: string, color: string]> = {
  moved: ['arrow-swap', 'charts.blue'],
  fuzzy: ['search-fuzzy', 'list.warningForeground'],
  // `approximate`: the function was found but not the anchor text; a guess, shown apart from fuzzy.
  approximate: ['question', 'list.warningForeground'],
  stale: ['warning', 'list.warningForeground'],
  missing: ['error', 'list.errorForeground'],
  invalid: ['circle-slash', 'list.errorForeground'],
};

export interface StepMark {
  /** Codicon id. */
  icon: string;
  /** Theme color id, if any. */
  color?: string;
  /** The status is one of the problem statuses (its icon is shown). */
  problem: boolean;
}

export function isProblem(status: string, contentOnly: boolean): boolean {
  return !contentOnly && status in PROBLEMS;
}

export function stepMark(step: { status: string; contentOnly: boolean }, state: { visited: boolean; current: boolean }): StepMark {
  if (isProblem(step.status, step.contentOnly)) {
    const [icon, color] = PROBLEMS[step.status]!;
    return { icon, color, problem: true };
  }
  if (state.current) return { icon: 'debug-stackframe', color: 'debugIcon.startForeground', problem: false };
  if (state.visited) return { icon: 'check', color: 'testing.iconPassed', problem: false };
  return { icon: 'circle-large-outline', problem: false };
}
