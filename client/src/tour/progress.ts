// Pure progress bookkeeping (no `vscode` import, unit-tested): which steps of each walkthrough were
// visited and where the user left off. Stored by progressStore.ts in the workspace state.

/**
 * A self-grade of the old rehearsal mode: the user could explain the step, or wants to see it
 * again. Nothing writes them any more; practice migrates them once (practice/history.ts).
 */
export type Grade = 'known' | 'review';

export interface WalkthroughProgress {
  /** Ids of the steps the user has opened at least once. */
  visited: string[];
  /** The step shown last; starting the walkthrough again resumes here. */
  lastStepId?: string;
  /** Old rehearsal grades by step id, kept for the one-time migration into practice history. */
  grades?: Record<string, Grade>;
}

/** Progress per walkthrough id. */
export type ProgressState = Readonly<Record<string, WalkthroughProgress>>;

interface HasId {
  id: string;
}

/** Records a visit to `stepId` and makes it the resume position. Returns a new state. */
export function markVisited(state: ProgressState, walkthroughId: string, stepId: string): ProgressState {
  const previous = state[walkthroughId];
  const visited = previous?.visited.includes(stepId) ? previous.visited : [...(previous?.visited ?? []), stepId];
  return { ...state, [walkthroughId]: { ...previous, visited, lastStepId: stepId } };
}

/** Forgets one walkthrough's progress, or everything when `walkthroughId` is undefined. */
export function resetProgress(state: ProgressState, walkthroughId?: string): ProgressState {
  if (walkthroughId === undefined) return {};
  const { [walkthroughId]: _removed, ...rest } = state;
  return rest;
}

/** How many of the walkthrough's current steps were visited (steps removed since do not count). */
export function visitedCount(progress: WalkthroughProgress | undefined, steps: readonly HasId[]): number {
  if (!progress) return 0;
  const visited = new Set(progress.visited);
  return steps.filter((step) => visited.has(step.id)).length;
}

/** The tree's progress label, e.g. "3/6". */
export function progressLabel(progress: WalkthroughProgress | undefined, steps: readonly HasId[]): string {
  return `${visitedCount(progress, steps)}/${steps.length}`;
}

/** Index of the step to open when the walkthrough is started: the last one shown, else the first. */
export function resumeIndex(progress: WalkthroughProgress | undefined, steps: readonly HasId[]): number {
  if (!progress?.lastStepId) return 0;
  const index = steps.findIndex((step) => step.id === progress.lastStepId);
  return index < 0 ? 0 : index;
}

/** Reads a stored value defensively: workspace state may hold anything from older versions. */
export function parseProgressState(value: unknown): ProgressState {
  if (!value || typeof value !== 'object') return {};
  const result: Record<string, WalkthroughProgress> = {};
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') continue;
    const { visited, lastStepId, grades } = entry as { visited?: unknown; lastStepId?: unknown; grades?: unknown };
    const ids = Array.isArray(visited) ? visited.filter((v): v is string => typeof v === 'string') : [];
    const progress: WalkthroughProgress = typeof lastStepId === 'string' ? { visited: ids, lastStepId } : { visited: ids };
    if (grades && typeof grades === 'object') {
      const valid = Object.entries(grades as Record<string, unknown>).filter((pair): pair is [string, Grade] => pair[1] === 'known' || pair[1] === 'review');
      if (valid.length) progress.grades = Object.fromEntries(valid);
    }
    result[id] = progress;
  }
  return result;
}
