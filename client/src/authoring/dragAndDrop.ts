// Drag and drop in the Walkthroughs tree: steps onto a step (take its place) or onto a walkthrough
// (its end), in the same file or into another. The tree reveals where the step went.
import * as vscode from 'vscode';
import type { PlacedStep, StepDragAndDrop, TreeNode } from '../views/walkthroughTree';
import type { WalkthroughEdits } from './edits';

export const TREE_MIME = 'application/vnd.code.tree.walkthroughs.tree';

type StepNode = Extract<TreeNode, { kind: 'step' }>;

export class StepMover implements StepDragAndDrop {
  readonly mimeTypes = [TREE_MIME];

  constructor(private readonly edits: WalkthroughEdits) {}

  handleDrag(source: readonly TreeNode[], dataTransfer: vscode.DataTransfer): void {
    const steps = source.filter((n) => n.kind === 'step');
    if (steps.length > 0) dataTransfer.set(TREE_MIME, new vscode.DataTransferItem(steps));
  }

  async handleDrop(target: TreeNode | undefined, dataTransfer: vscode.DataTransfer): Promise<PlacedStep | undefined> {
    const item = dataTransfer.get(TREE_MIME);
    const nodes = (item?.value ?? []) as TreeNode[];
    const moved = Array.isArray(nodes) ? nodes.find((n): n is StepNode => n?.kind === 'step') : undefined;
    if (!moved || !target) return undefined;
    const toWalkthrough = target.walkthrough;
    const sameFile = toWalkthrough.id === moved.walkthrough.id;
    const toIndex = target.kind === 'step' ? target.step.index : sameFile ? toWalkthrough.steps.length - 1 : toWalkthrough.steps.length;
    if (sameFile && toIndex === moved.step.index) return undefined;
    const result = await this.edits.apply({
      kind: 'moveStep',
      walkthroughId: moved.walkthrough.id,
      stepId: moved.step.id,
      toIndex,
      ...(sameFile ? {} : { toWalkthroughId: toWalkthrough.id }),
    });
    return result?.step;
  }
}
