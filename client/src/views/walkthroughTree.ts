// The "Walkthroughs" tree: walkthroughs (title, "visited/total", description as tooltip, inline
// Start) with their steps (title, `file:line`, ✓ once visited, the current step marked, and a status
// icon only when the anchor has a problem; the tooltip explains it).
import * as vscode from 'vscode';
import type { StepSummary, WalkthroughSummary } from '../../../common/src/protocol';
import { progressLabel } from '../tour/progress';
import type { ProgressStore } from '../tour/progressStore';
import { S } from '../practice/strings';
import type { WalkthroughList } from '../walkthroughList';
import { t } from '../l10n';
import { plainText } from './plainText';
import { isProblem, shortStepLocation, statusExplanation, statusIcon, statusName, stepLocation } from './stepStatus';

export const TREE_VIEW = 'walkthroughs.tree';

export type TreeNode =
  | { kind: 'walkthrough'; walkthrough: WalkthroughSummary }
  | { kind: 'step'; walkthrough: WalkthroughSummary; step: StepSummary };

/** What practice adds to the tree: due counts, and step titles hidden while a question is asked. */
export interface TreePractice {
  hideTitles(): boolean;
  dueCount(walkthroughId: string): number;
  /** New questions of the walkthrough still allowed today (counted apart from due). */
  newCount?(walkthroughId: string): number;
  /** The step's practice state for its row, e.g. "Again · due" or "Good · in 3d"; empty before any review. */
  stepNote(walkthroughId: string, stepId: string): string;
  /** The step is in doubt and not practised until the user confirms it. */
  waits(walkthroughId: string, stepId: string): boolean;
  onDidChange: vscode.Event<void>;
}

export interface CurrentStep {
  walkthroughId: string;
  stepId: string;
}

/** Where an authoring edit put a step (`walkthroughs/edit`'s `step`). */
export interface PlacedStep {
  walkthroughUri: string;
  index: number;
}

/** Drag and drop of steps: `handleDrop` says where the dropped step went, and the tree reveals it there. */
export interface StepDragAndDrop {
  readonly mimeTypes: readonly string[];
  handleDrag(source: readonly TreeNode[], dataTransfer: vscode.DataTransfer): void;
  handleDrop(target: TreeNode | undefined, dataTransfer: vscode.DataTransfer): Promise<PlacedStep | undefined>;
}

export interface TreeCollaborators {
  practice: TreePractice;
  /** The tour's current step, marked and selected in the tree. */
  tour: { readonly active: CurrentStep | undefined; readonly onDidChangeCurrent: vscode.Event<CurrentStep | undefined> };
  dragAndDrop: StepDragAndDrop;
}

export class WalkthroughTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNode>;
  private current: CurrentStep | undefined;
  private readonly practiceHooks: TreePractice;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly list: WalkthroughList,
    private readonly progress: ProgressStore,
    { practice, tour, dragAndDrop }: TreeCollaborators,
  ) {
    this.practiceHooks = practice;
    this.current = tour.active;
    const mimeTypes = [...dragAndDrop.mimeTypes];
    const dragAndDropController: vscode.TreeDragAndDropController<TreeNode> = {
      dragMimeTypes: mimeTypes,
      dropMimeTypes: mimeTypes,
      handleDrag: (source, dataTransfer) => dragAndDrop.handleDrag(source, dataTransfer),
      handleDrop: async (target, dataTransfer) => {
        const placed = await dragAndDrop.handleDrop(target, dataTransfer);
        if (placed) await this.revealStep(placed);
      },
    };
    this.view = vscode.window.createTreeView(TREE_VIEW, { treeDataProvider: this, showCollapseAll: true, canSelectMany: false, dragAndDropController });
    this.disposables.push(
      this.view,
      list.onDidChange(() => {
        // A failed fetch is said, not shown as an empty or "0 of 0" list.
        this.view.message = list.error === undefined ? undefined : t('The walkthroughs could not be loaded ({0}). Refresh the view to try again; the server log has details.', list.error);
        this.changed.fire(undefined);
      }),
      progress.onDidChange(() => this.changed.fire(undefined)),
      practice.onDidChange(() => this.changed.fire(undefined)),
      tour.onDidChangeCurrent((current) => this.setCurrent(current)),
    );
  }

  /** Marks the step the tour shows, and selects it in the tree when the tree is visible. */
  private setCurrent(current: CurrentStep | undefined): void {
    this.current = current;
    this.changed.fire(undefined);
    if (!current) return;
    const walkthrough = this.list.find(current.walkthroughId);
    const step = walkthrough?.steps.find((s) => s.id === current.stepId);
    if (walkthrough && step) void this.select({ kind: 'step', walkthrough, step });
  }

  /** Selects the step an edit placed (added, moved, re-anchored) when the tree is visible; the step, if listed. */
  async revealStep(placed: PlacedStep): Promise<StepSummary | undefined> {
    const walkthrough = this.list.findByUri(placed.walkthroughUri);
    const step = walkthrough?.steps[placed.index];
    if (walkthrough && step) await this.select({ kind: 'step', walkthrough, step });
    return step;
  }

  private async select(node: TreeNode): Promise<void> {
    if (!this.view.visible) return;
    await Promise.resolve(this.view.reveal(node, { select: true, focus: false, expand: true })).then(undefined, () => undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.list.walkthroughs.map((walkthrough) => ({ kind: 'walkthrough', walkthrough }));
    if (node.kind === 'walkthrough') {
      return node.walkthrough.steps.map((step) => ({ kind: 'step', walkthrough: node.walkthrough, step }));
    }
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'step' ? { kind: 'walkthrough', walkthrough: node.walkthrough } : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.kind === 'walkthrough' ? this.walkthroughItem(node.walkthrough) : this.stepItem(node.walkthrough, node.step);
  }

  private walkthroughItem(walkthrough: WalkthroughSummary): vscode.TreeItem {
    const active = this.current?.walkthroughId === walkthrough.id;
    const item = new vscode.TreeItem(
      walkthrough.title,
      active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `walkthrough:${walkthrough.id}`;
    const progress = this.progress.get(walkthrough.id);
    const due = this.practiceHooks.dueCount(walkthrough.id);
    const fresh = this.practiceHooks.newCount?.(walkthrough.id) ?? 0;
    item.description = progressLabel(progress, walkthrough.steps) + (due ? ` · ${S.dueStatus(due)}` : '') + (fresh ? ` · ${S.newStatus(fresh)}` : '');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown('**').appendText(walkthrough.title).appendMarkdown('**');
    if (walkthrough.primary) tooltip.appendText(t(' (primary)'));
    if (walkthrough.description) tooltip.appendMarkdown('\n\n').appendText(plainText(walkthrough.description));
    tooltip.appendMarkdown('\n\n').appendText(t('{0} steps visited · {1}', progressLabel(progress, walkthrough.steps), vscode.workspace.asRelativePath(vscode.Uri.parse(walkthrough.uri), false)));
    const codeTour = walkthrough.format === 'codetour';
    if (codeTour) tooltip.appendMarkdown('\n\n').appendText(walkthrough.ref === undefined ? t('CodeTour tour') : t('CodeTour tour · recorded at ref {0} (shown on the working tree)', walkthrough.ref));
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(active ? 'play-circle' : codeTour ? 'compass' : 'book');
    item.contextValue = (active ? 'walkthrough.active' : 'walkthrough') + (codeTour ? '.codetour' : '');
    return item;
  }

  private stepItem(walkthrough: WalkthroughSummary, step: StepSummary): vscode.TreeItem {
    const current = this.current?.walkthroughId === walkthrough.id && this.current.stepId === step.id;
    const visited = this.progress.get(walkthrough.id)?.visited.includes(step.id) ?? false;
    const problem = isProblem(step.status, step.contentOnly);
    // The current step's title is highlighted and gets the arrow mark (unless a problem icon shows).
    const label: vscode.TreeItemLabel = current ? { label: step.title, highlights: [[0, step.title.length]] } : { label: step.title };
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `step:${walkthrough.id}:${step.id}`;
    const location = stepLocation(step);
    item.description = shortStepLocation(step) ?? (step.contentOnly ? t('talking points') : statusName(step.status));
    // A CodeTour line step whose code was read as it was when the tour was written (git history).
    if (step.repairedFrom !== undefined) item.description += ` · ${t('repaired from history')}`;
    const note = this.practiceHooks.stepNote(walkthrough.id, step.id);
    if (note) item.description += ` · ${note}`;
    const waits = this.practiceHooks.waits(walkthrough.id, step.id);
    if (waits) item.description += ` · ${t('to confirm')}`;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown('**').appendText(`${step.index + 1}. ${step.title}`).appendMarkdown('**');
    if (current) tooltip.appendText(t(' (current step)'));
    if (location) tooltip.appendMarkdown('\n\n').appendText(location);
    tooltip.appendMarkdown('\n\n').appendText(visited ? t('Visited.') : t('Not visited yet.'));
    if (problem || step.contentOnly) tooltip.appendMarkdown('\n\n').appendText(statusExplanation(step));
    if (step.repairedFrom !== undefined) tooltip.appendMarkdown('\n\n').appendText(t('Repaired from history: the tour\'s line was read at commit {0}, when the tour was written, and its code followed to where it is today.', step.repairedFrom.slice(0, 8)));
    if (step.unconfirmed?.length) tooltip.appendMarkdown('\n\n').appendText(`⚠ ${t('not in your code: {0}', step.unconfirmed.join(', '))}`);
    if (waits) tooltip.appendMarkdown('\n\n').appendText(t('Not practised until you confirm it: "Use This Location" or "Looks Right".'));
    item.tooltip = tooltip;
    item.iconPath = statusIcon(step, { visited, current });
    // `.waiting`: "Looks Right" is offered (see package.json).
    item.contextValue = `step.${step.status}${waits ? '.waiting' : ''}`;
    item.command = { command: 'walkthroughs.openStep', title: t('Open Step'), arguments: [walkthrough.id, step.id] };
    const states = [visited ? t('visited') : t('not visited'), ...(problem ? [statusName(step.status)] : []), ...(current ? [t('current step')] : [])];
    item.accessibilityInformation = { label: [step.title, item.description, ...states].join(', ') };
    if (this.practiceHooks.hideTitles()) {
      // While practising, a title would give the answer away.
      item.label = S.hiddenStep(step.index + 1);
      item.tooltip = S.hiddenTooltip;
      item.accessibilityInformation = { label: `${S.hiddenStep(step.index + 1)}, ${item.description}` };
    }
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
