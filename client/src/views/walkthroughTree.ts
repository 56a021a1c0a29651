// The "Walkthroughs" tree: walkthroughs (title, "visited/total", description as tooltip, inline
// Start) with their steps (title, `file:line`, a status icon and an explanatory tooltip).
import * as vscode from 'vscode';
import type { StepSummary, WalkthroughSummary } from '../../../server/src/protocol';
import { gradeLabel, progressLabel } from '../tour/progress';
import type { ProgressStore } from '../tour/progressStore';
import { S } from '../practice/strings';
import type { WalkthroughList } from '../walkthroughList';
import { shortStepLocation, statusExplanation, statusIcon, stepLocation } from './stepStatus';

export const TREE_VIEW = 'walkthroughs.tree';

export type TreeNode =
  | { kind: 'walkthrough'; walkthrough: WalkthroughSummary }
  | { kind: 'step'; walkthrough: WalkthroughSummary; step: StepSummary };

/** What practice adds to the tree: due counts, and step titles hidden while a question is asked. */
export interface TreePractice {
  hideTitles(): boolean;
  dueCount(walkthroughId: string): number;
  /** The step's practice state for its row, e.g. "Again · due" or "Good · in 3d"; empty before any review. */
  stepNote(walkthroughId: string, stepId: string): string;
  onDidChange: vscode.Event<void>;
}

export interface CurrentStep {
  walkthroughId: string;
  stepId: string;
}

export class WalkthroughTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNode>;
  private current: CurrentStep | undefined;
  private practiceHooks: TreePractice | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly list: WalkthroughList,
    private readonly progress: ProgressStore,
  ) {
    this.view = vscode.window.createTreeView(TREE_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      list.onDidChange(() => this.changed.fire(undefined)),
      progress.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  set practice(practice: TreePractice) {
    this.practiceHooks = practice;
    this.disposables.push(practice.onDidChange(() => this.changed.fire(undefined)));
  }

  /** Marks the step the tour shows, and selects it in the tree when the tree is visible. */
  setCurrent(current: CurrentStep | undefined): void {
    this.current = current;
    this.changed.fire(undefined);
    if (!current || !this.view.visible) return;
    const walkthrough = this.list.find(current.walkthroughId);
    const step = walkthrough?.steps.find((s) => s.id === current.stepId);
    if (walkthrough && step) {
      void Promise.resolve(this.view.reveal({ kind: 'step', walkthrough, step }, { select: true, focus: false, expand: true })).catch(() => undefined);
    }
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
    const grades = gradeLabel(progress, walkthrough.steps);
    const due = this.practiceHooks?.dueCount(walkthrough.id) ?? 0;
    item.description = progressLabel(progress, walkthrough.steps) + (grades ? ` · ${grades}` : '') + (due ? ` · ${S.dueStatus(due)}` : '');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown('**').appendText(walkthrough.title).appendMarkdown('**');
    if (walkthrough.primary) tooltip.appendText(' (primary)');
    if (walkthrough.description) tooltip.appendMarkdown('\n\n').appendText(walkthrough.description);
    tooltip.appendMarkdown('\n\n').appendText(`${progressLabel(progress, walkthrough.steps)} steps visited · ${vscode.workspace.asRelativePath(vscode.Uri.parse(walkthrough.uri), false)}`);
    if (grades) tooltip.appendMarkdown('\n\n').appendText(`Rehearsal: ${grades.replace('✓', 'got it').replace('↻', 'to review')}`);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(active ? 'play-circle' : 'book');
    item.contextValue = active ? 'walkthrough.active' : 'walkthrough';
    return item;
  }

  private stepItem(walkthrough: WalkthroughSummary, step: StepSummary): vscode.TreeItem {
    const current = this.current?.walkthroughId === walkthrough.id && this.current.stepId === step.id;
    // The current step's title is highlighted; the icon always shows the anchor status.
    const label: vscode.TreeItemLabel = current ? { label: step.title, highlights: [[0, step.title.length]] } : { label: step.title };
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `step:${walkthrough.id}:${step.id}`;
    const location = stepLocation(step);
    item.description = shortStepLocation(step) ?? (step.contentOnly ? 'talking points' : step.status);
    const note = this.practiceHooks?.stepNote(walkthrough.id, step.id);
    if (note) item.description += ` · ${note}`;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown('**').appendText(`${step.index + 1}. ${step.title}`).appendMarkdown('**');
    if (current) tooltip.appendText(' (current step)');
    if (location) tooltip.appendMarkdown('\n\n').appendText(location);
    tooltip.appendMarkdown('\n\n').appendText(statusExplanation(step));
    item.tooltip = tooltip;
    item.iconPath = statusIcon(step);
    item.contextValue = `step.${step.status}`;
    item.command = { command: 'walkthroughs.openStep', title: 'Open Step', arguments: [walkthrough.id, step.id] };
    item.accessibilityInformation = { label: `${step.title}, ${item.description}, ${step.status}${current ? ', current step' : ''}` };
    if (this.practiceHooks?.hideTitles()) {
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
