// The "Landing Report" view: bundled walkthroughs applied to the user's checkout. Before writing
// it shows the preview the server computed; once the copies are written it shows them live from
// the workspace's walkthrough list (so re-anchoring a step updates it). Every step that did not
// land exactly has two child actions: "Go to Closest Match" and "Use This Location".
import * as vscode from 'vscode';
import type { ApplyCopy, StepSummary, WalkthroughSummary } from '../../../common/src/protocol';
import { shortStepLocation, statusExplanation, statusIcon, stepLocation } from '../views/stepStatus';
import type { WalkthroughList } from '../walkthroughList';
import { copiesIn, LANDING_TEXT, landingCounts, needsAttention } from './landingReport';

export const LANDING_VIEW = 'walkthroughs.landing';
const VISIBLE_CONTEXT = 'walkthroughs.landingReport';

export interface LandingState {
  target: vscode.Uri;
  copyTo: vscode.Uri;
  /** What the server resolved (the preview). */
  preview: WalkthroughSummary[];
  copies: ApplyCopy[];
  written: boolean;
}

export type LandingNode =
  | { kind: 'summary' }
  | { kind: 'write' }
  /** Every step that did not land exactly, across walkthroughs, first: what the user acts on. */
  | { kind: 'attention' }
  /** Every step whose points name code this checkout does not have (the claims check). */
  | { kind: 'claims' }
  | { kind: 'walkthrough'; walkthrough: WalkthroughSummary }
  | { kind: 'step'; walkthrough: WalkthroughSummary; step: StepSummary; inAttention?: boolean; inClaims?: boolean }
  | { kind: 'action'; action: 'closest' | 'useLocation' | 'confirm'; walkthrough: WalkthroughSummary; step: StepSummary; inAttention?: boolean; inClaims?: boolean };

export class LandingView implements vscode.TreeDataProvider<LandingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LandingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<LandingNode>;
  private state: LandingState | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly list: WalkthroughList) {
    this.view = vscode.window.createTreeView(LANDING_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, list.onDidChange(() => this.state?.written && this.changed.fire(undefined)));
  }

  get current(): LandingState | undefined {
    return this.state;
  }

  async show(state: LandingState): Promise<void> {
    this.state = state;
    this.changed.fire(undefined);
    await vscode.commands.executeCommand('setContext', VISIBLE_CONTEXT, true);
    this.view.message = state.written ? LANDING_TEXT.written(folderName(state)) : LANDING_TEXT.notWrittenYet;
    await vscode.commands.executeCommand(`${LANDING_VIEW}.focus`);
  }

  markWritten(): void {
    if (!this.state) return;
    this.state.written = true;
    this.view.message = LANDING_TEXT.written(folderName(this.state));
    this.changed.fire(undefined);
  }

  /** The walkthroughs shown: the written copies (live) once written, else the preview. */
  walkthroughs(): WalkthroughSummary[] {
    if (!this.state) return [];
    if (!this.state.written) return this.state.preview;
    const live = copiesIn(this.list.walkthroughs, this.state.copyTo.toString());
    return live.length > 0 ? live : this.state.preview;
  }

  /** A step by ids, from what the view shows. */
  findStep(walkthroughId: string, stepId: string): { walkthrough: WalkthroughSummary; step: StepSummary } | undefined {
    const walkthrough = this.walkthroughs().find((w) => w.id === walkthroughId);
    const step = walkthrough?.steps.find((s) => s.id === stepId);
    return walkthrough && step ? { walkthrough, step } : undefined;
  }

  getChildren(node?: LandingNode): LandingNode[] {
    if (!this.state) return [];
    if (!node) {
      const top: LandingNode[] = [{ kind: 'summary' }];
      if (!this.state.written) top.push({ kind: 'write' });
      if (this.attentionSteps().length > 0) top.push({ kind: 'attention' });
      if (this.claimSteps().length > 0) top.push({ kind: 'claims' });
      return [...top, ...this.walkthroughs().map((walkthrough): LandingNode => ({ kind: 'walkthrough', walkthrough }))];
    }
    if (node.kind === 'attention') return this.attentionSteps();
    if (node.kind === 'claims') return this.claimSteps();
    if (node.kind === 'step' && node.inClaims) {
      return (['closest', 'confirm'] as const).map((action): LandingNode => ({ kind: 'action', action, walkthrough: node.walkthrough, step: node.step, inClaims: true }));
    }
    if (node.kind === 'walkthrough') return node.walkthrough.steps.map((step): LandingNode => ({ kind: 'step', walkthrough: node.walkthrough, step }));
    if (node.kind === 'step' && needsAttention(node.step)) {
      return (['closest', 'useLocation'] as const).map((action): LandingNode => ({ kind: 'action', action, walkthrough: node.walkthrough, step: node.step, inAttention: node.inAttention }));
    }
    return [];
  }

  private claimSteps(): LandingNode[] {
    return this.walkthroughs().flatMap((walkthrough) => walkthrough.steps.filter((s) => s.unconfirmed?.length).map((step): LandingNode => ({ kind: 'step', walkthrough, step, inClaims: true })));
  }

  private attentionSteps(): LandingNode[] {
    return this.walkthroughs().flatMap((walkthrough) => walkthrough.steps.filter(needsAttention).map((step): LandingNode => ({ kind: 'step', walkthrough, step, inAttention: true })));
  }

  getParent(node: LandingNode): LandingNode | undefined {
    if (node.kind === 'step') return node.inClaims ? { kind: 'claims' } : node.inAttention ? { kind: 'attention' } : { kind: 'walkthrough', walkthrough: node.walkthrough };
    if (node.kind === 'action') return { kind: 'step', walkthrough: node.walkthrough, step: node.step, ...(node.inAttention ? { inAttention: true } : {}), ...(node.inClaims ? { inClaims: true } : {}) };
    return undefined;
  }

  getTreeItem(node: LandingNode): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const item = new vscode.TreeItem(LANDING_TEXT.summary(landingCounts(this.walkthroughs())));
        item.id = 'landing:summary';
        item.description = this.state ? vscode.workspace.asRelativePath(this.state.target, true) : '';
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'write': {
        const item = new vscode.TreeItem(LANDING_TEXT.writeAction(this.state ? folderName(this.state) : ''));
        item.id = 'landing:write';
        item.iconPath = new vscode.ThemeIcon('save-all');
        item.command = { command: 'walkthroughs.writeLanding', title: LANDING_TEXT.confirmWrite };
        return item;
      }
      case 'attention': {
        const count = this.attentionSteps().length;
        const item = new vscode.TreeItem(LANDING_TEXT.attention(count), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'landing:attention';
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'claims': {
        const item = new vscode.TreeItem(LANDING_TEXT.claimsGroup(this.claimSteps().length), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'landing:claims';
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'walkthrough': {
        const item = new vscode.TreeItem(node.walkthrough.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `landing:walkthrough:${node.walkthrough.id}`;
        item.description = LANDING_TEXT.walkthroughDescription(node.walkthrough);
        item.iconPath = new vscode.ThemeIcon('book');
        item.contextValue = this.state?.written ? 'landing.walkthrough.written' : 'landing.walkthrough';
        return item;
      }
      case 'step': {
        const attention = needsAttention(node.step);
        const item = new vscode.TreeItem(
          node.step.title,
          node.inClaims ? vscode.TreeItemCollapsibleState.Expanded : attention ? (node.inAttention ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `landing:${node.inClaims ? 'claims-' : node.inAttention ? 'attention-' : ''}step:${node.walkthrough.id}:${node.step.id}`;
        if (node.inAttention || node.inClaims) item.description = `${node.walkthrough.title} · `;
        const where = shortStepLocation(node.step);
        item.description = (item.description ?? '') + (node.step.contentOnly ? LANDING_TEXT.talkingPoints : `${node.step.status}${where ? ` · ${where}` : ''}`);
        // Points that name code this checkout does not have are never shown as plain truth.
        if (node.step.unconfirmed?.length) item.description += ` · ⚠ ${LANDING_TEXT.notInCode(node.step.unconfirmed)}`;
        const tooltip = new vscode.MarkdownString(undefined, false);
        tooltip.appendMarkdown('**').appendText(`${node.step.index + 1}. ${node.step.title}`).appendMarkdown('**');
        const location = stepLocation(node.step);
        if (location) tooltip.appendMarkdown('\n\n').appendText(location);
        tooltip.appendMarkdown('\n\n').appendText(statusExplanation(node.step));
        if (node.step.unconfirmed?.length) tooltip.appendMarkdown('\n\n').appendText(`⚠ ${LANDING_TEXT.notInCode(node.step.unconfirmed)}`);
        item.tooltip = tooltip;
        // Landed exactly reads as ✓ here (the report is about landing, not about visiting).
        item.iconPath = statusIcon(node.step, { visited: node.step.status === 'ok', current: false });
        item.contextValue = attention ? 'landing.step.inexact' : 'landing.step';
        const claims = node.step.unconfirmed?.length ? `, ${LANDING_TEXT.notInCode(node.step.unconfirmed)}` : '';
        item.accessibilityInformation = { label: `${node.step.title}, ${node.step.status}${where ? `, ${where}` : ''}${claims}${node.inAttention || node.inClaims ? `, in ${node.walkthrough.title}` : ''}` };
        if (!node.step.contentOnly) item.command = { command: 'walkthroughs.goToClosestMatch', title: LANDING_TEXT.goToClosestMatch, arguments: [node.walkthrough.id, node.step.id] };
        return item;
      }
      case 'action': {
        if (node.action === 'confirm') {
          const item = new vscode.TreeItem(LANDING_TEXT.looksRight);
          item.id = `landing:claims-confirm:${node.walkthrough.id}:${node.step.id}`;
          item.iconPath = new vscode.ThemeIcon('check');
          item.tooltip = LANDING_TEXT.looksRightTooltip;
          item.accessibilityInformation = { label: `${LANDING_TEXT.looksRight}: ${node.step.title}` };
          item.command = { command: 'walkthroughs.confirmStep', title: LANDING_TEXT.looksRight, arguments: [node.walkthrough.id, node.step.id] };
          return item;
        }
        const closest = node.action === 'closest';
        const item = new vscode.TreeItem(closest ? LANDING_TEXT.goToClosestMatch : LANDING_TEXT.useThisLocation);
        item.id = `landing:${node.inClaims ? 'claims-' : node.inAttention ? 'attention-' : ''}${node.action}:${node.walkthrough.id}:${node.step.id}`;
        item.iconPath = new vscode.ThemeIcon(closest ? 'go-to-file' : 'pinned');
        if (!closest) item.tooltip = LANDING_TEXT.useThisLocationTooltip;
        item.accessibilityInformation = { label: `${closest ? LANDING_TEXT.goToClosestMatch : LANDING_TEXT.useThisLocation}: ${node.step.title}` };
        item.command = {
          command: closest ? 'walkthroughs.goToClosestMatch' : 'walkthroughs.useThisLocation',
          title: closest ? LANDING_TEXT.goToClosestMatch : LANDING_TEXT.useThisLocation,
          arguments: [node.walkthrough.id, node.step.id],
        };
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

export function folderName(state: LandingState): string {
  return vscode.workspace.asRelativePath(state.copyTo, false);
}
