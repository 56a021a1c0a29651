// The landing of the bundled walkthroughs on the user's checkout: its state (the preview the server
// computed, what the user skipped, dropped and accepted before writing) and a short summary in the
// sidebar. The report itself is in the editor area (landingPanel.ts): a 300 px pane cannot hold a
// hundred steps with their actions. The sidebar keeps what it is good at: the counts and each
// walkthrough beside the Walkthroughs view while the user works in the code, and a way back to the
// report once its tab is closed (a click on any row opens it). Once the copies are written it
// shows them live from the workspace's walkthrough list (so re-anchoring a step updates it).
import * as vscode from 'vscode';
import type { ApplyCopy, StepSummary, WalkthroughSummary } from '../../../common/src/protocol';
import type { WalkthroughList } from '../walkthroughList';
import { copiesIn, LANDING_TEXT, landingCounts } from './landingReport';

export const LANDING_VIEW = 'walkthroughs.landing';
const VISIBLE_CONTEXT = 'walkthroughs.landingReport';
export const SHOW_REPORT_COMMAND = 'walkthroughs.showLandingReport';

export interface LandingState {
  target: vscode.Uri;
  copyTo: vscode.Uri;
  /** The folder the previewed walkthroughs were read from (the bundled ones). */
  sourceFolder: vscode.Uri;
  /** What the server resolved (the preview). */
  preview: WalkthroughSummary[];
  copies: ApplyCopy[];
  written: boolean;
  /** Walkthrough ids not to write. */
  skipped: Set<string>;
  /** Step ids, per walkthrough id, left out of the copies. */
  dropped: Map<string, Set<string>>;
  /** Card ids the user accepted before writing: confirmed once written. */
  accepted: Set<string>;
}

export type LandingNode = { kind: 'summary' } | { kind: 'walkthrough'; walkthrough: WalkthroughSummary };

export class LandingView implements vscode.TreeDataProvider<LandingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LandingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<LandingNode>;
  private state: LandingState | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly list: WalkthroughList) {
    this.view = vscode.window.createTreeView(LANDING_VIEW, { treeDataProvider: this });
    this.disposables.push(this.view, list.onDidChange(() => this.state?.written && this.changed.fire(undefined)));
  }

  get current(): LandingState | undefined {
    return this.state;
  }

  async show(state: LandingState): Promise<void> {
    this.state = state;
    this.changed.fire(undefined);
    this.view.message = state.written ? LANDING_TEXT.written(folderName(state)) : LANDING_TEXT.notWrittenYet;
    await vscode.commands.executeCommand('setContext', VISIBLE_CONTEXT, true);
  }

  /** The state changed (a step dropped, a walkthrough skipped, a step accepted): draw again. */
  refresh(): void {
    this.changed.fire(undefined);
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
    return live.length > 0 ? live : this.state.preview.filter((w) => !this.state!.skipped.has(w.id));
  }

  /** A step by ids, from what the view shows. */
  findStep(walkthroughId: string, stepId: string): { walkthrough: WalkthroughSummary; step: StepSummary } | undefined {
    const walkthrough = this.walkthroughs().find((w) => w.id === walkthroughId);
    const step = walkthrough?.steps.find((s) => s.id === stepId);
    return walkthrough && step ? { walkthrough, step } : undefined;
  }

  getChildren(node?: LandingNode): LandingNode[] {
    if (!this.state || node) return [];
    const skipped = this.state.written ? new Set<string>() : this.state.skipped;
    return [{ kind: 'summary' }, ...this.walkthroughs().filter((w) => !skipped.has(w.id)).map((walkthrough): LandingNode => ({ kind: 'walkthrough', walkthrough }))];
  }

  getTreeItem(node: LandingNode): vscode.TreeItem {
    const open = { command: SHOW_REPORT_COMMAND, title: LANDING_TEXT.openReport };
    if (node.kind === 'summary') {
      const item = new vscode.TreeItem(LANDING_TEXT.summary(landingCounts(this.walkthroughs())));
      item.id = 'landing:summary';
      item.description = this.state ? vscode.workspace.asRelativePath(this.state.target, true) : '';
      item.iconPath = new vscode.ThemeIcon('info');
      item.command = open;
      return item;
    }
    const item = new vscode.TreeItem(node.walkthrough.title);
    item.id = `landing:walkthrough:${node.walkthrough.id}`;
    item.description = LANDING_TEXT.walkthroughDescription(node.walkthrough);
    item.iconPath = new vscode.ThemeIcon('book');
    item.contextValue = this.state?.written ? 'landing.walkthrough.written' : 'landing.walkthrough';
    item.command = open;
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

export function folderName(state: Pick<LandingState, 'copyTo'>): string {
  return vscode.workspace.asRelativePath(state.copyTo, false);
}
