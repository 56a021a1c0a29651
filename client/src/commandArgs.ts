// What commands receive: ids from other views and links (`'order-flow'`, `('order-flow', 'sell')`)
// or the node of a tree (the Walkthroughs tree, the landing report) whose menu ran the command.
// One reading for every command (no `vscode` import).

export interface StepIds {
  walkthroughId: string;
  stepId: string;
}

function idOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** A walkthrough id, or the walkthrough of a tree node (a walkthrough, step or action row). */
export function walkthroughIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'walkthrough' in arg) return idOf(arg.walkthrough);
  return undefined;
}

/** `(walkthroughId, stepId)`, or a tree node that has a step (a step or action row). */
export function stepIdsOf(args: readonly unknown[]): StepIds | undefined {
  const [first, second] = args;
  if (typeof first === 'string') return typeof second === 'string' ? { walkthroughId: first, stepId: second } : undefined;
  if (!first || typeof first !== 'object' || !('step' in first)) return undefined;
  const walkthroughId = walkthroughIdOf(first);
  const stepId = idOf(first.step);
  return walkthroughId !== undefined && stepId !== undefined ? { walkthroughId, stepId } : undefined;
}
