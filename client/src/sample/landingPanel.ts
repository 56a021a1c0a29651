// The Landing Report in the editor area (a webview like the import review, with its helpers): the
// page is landingReportHtml.ts (pure); the state (preview, skipped walkthroughs, dropped and
// accepted steps) is the LandingView's; writing and re-anchoring are applyToFolder.ts's.
import { pageOptions, pageResources } from '../views/pageResources';
import * as vscode from 'vscode';
import type { StepSummary, WalkthroughSummary } from '../../../common/src/protocol';
import { t } from '../l10n';
import { reviewSteps } from '../memo/importReviewHtml';
import { cardId } from '../practice/history';
import { S } from '../practice/strings';
import { doubtOf, landedInFunction } from '../practice/confirmation';
import { closestMatch } from './landingReport';
import { renderLandingReport, type LandingReportModel, type ReportStep } from './landingReportHtml';
import { folderName, type LandingState, type LandingView } from './landingView';

/** What the page's buttons do (applyToFolder.ts and the practice controller). */
export interface LandingActions {
  write(): Promise<void>;
  start(): Promise<void>;
  open(walkthroughId: string, stepId: string): Promise<void>;
  useLocation(walkthroughId: string, stepId: string): Promise<void>;
  /** Records "Looks Right" on written steps; how many were confirmed. */
  confirm(walkthroughId: string, stepIds: readonly string[]): Promise<number>;
  /** Does a written step still wait for the user's confirmation? */
  waits(walkthroughId: string, stepId: string): boolean;
  /** Fires when confirmations change. */
  onDidChange: vscode.Event<void>;
}

export class LandingPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The model last drawn (JSON). */
  private shown: string | undefined;
  private readonly media: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extensionUri: vscode.Uri, private readonly view: LandingView, private readonly actions: LandingActions) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
    this.disposables.push(view.onDidChangeTreeData(() => this.render()), actions.onDidChange(() => this.render()));
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  /** Opens (or reveals) the report of the current landing. */
  show(): void {
    const state = this.view.current;
    if (!state) return;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel('walkthroughs.landingReport', t('Landing Report'), vscode.ViewColumn.Active, pageOptions(this.media, { retainContextWhenHidden: true }));
      this.panel = panel;
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw), undefined, this.disposables);
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.shown = undefined;
        }
      }, undefined, this.disposables);
    }
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Active, false);
    this.render();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = raw && typeof raw === 'object' ? (raw as { type?: unknown; walkthrough?: unknown; step?: unknown }) : {};
    const state = this.view.current;
    if (!state) return;
    const walkthroughId = typeof message.walkthrough === 'string' ? message.walkthrough : undefined;
    const stepId = typeof message.step === 'string' ? message.step : undefined;
    switch (message.type) {
      case 'write':
        if (!state.written) await this.actions.write();
        return;
      case 'start':
        if (state.written) await this.actions.start();
        return;
      case 'skip':
        if (walkthroughId === undefined || state.written) return;
        toggle(state.skipped, walkthroughId);
        return this.view.refresh();
      case 'drop':
        if (walkthroughId === undefined || stepId === undefined || state.written) return;
        toggle(setOf(state.dropped, walkthroughId), stepId);
        return this.view.refresh();
      case 'open':
        if (walkthroughId !== undefined && stepId !== undefined) await this.actions.open(walkthroughId, stepId);
        return;
      case 'useLocation':
        if (walkthroughId !== undefined && stepId !== undefined) await this.actions.useLocation(walkthroughId, stepId);
        return;
      case 'looksRight':
        if (walkthroughId !== undefined && stepId !== undefined) await this.accept(state, walkthroughId, [stepId]);
        return;
      case 'acceptLanded': {
        const walkthrough = this.view.walkthroughs().find((w) => w.id === walkthroughId);
        if (!walkthrough) return;
        const rows = this.rows(state, walkthrough);
        await this.accept(state, walkthrough.id, rows.filter((r) => r.toCheck && r.landedInFunction && !r.dropped).map((r) => r.step.id));
        return;
      }
    }
  }

  /** Confirms now when written; before that, the acceptance is kept and recorded by Write. */
  private async accept(state: LandingState, walkthroughId: string, stepIds: readonly string[]): Promise<void> {
    if (stepIds.length === 0) return;
    if (state.written) {
      const count = await this.actions.confirm(walkthroughId, stepIds);
      // Drawn from the confirmations as they are now (a change event may come before the last one is stored).
      this.render();
      const single = stepIds.length === 1 ? this.view.findStep(walkthroughId, stepIds[0]!)?.step.title : undefined;
      vscode.window.setStatusBarMessage(single !== undefined ? (count ? S.confirmed(single) : S.nothingToConfirm) : S.confirmedLanded(count), 5000);
    } else {
      for (const stepId of stepIds) state.accepted.add(cardId({ walkthroughId, stepId }));
      this.view.refresh();
    }
  }

  private rows(state: LandingState, walkthrough: WalkthroughSummary): ReportStep[] {
    const declarations = new Map<string, string>();
    const copy = state.copies.find((c) => c.path === copyPathOf(state, walkthrough));
    if (copy) for (const s of reviewSteps({ yaml: copy.text, references: [] })) if (s.symbol) declarations.set(s.id, s.symbol);
    return walkthrough.steps.map((step): ReportStep => {
      const key = cardId({ walkthroughId: walkthrough.id, stepId: step.id });
      const doubt = doubtOf(step) !== undefined;
      const toCheck = state.written ? this.actions.waits(walkthrough.id, step.id) : doubt && !state.accepted.has(key);
      const row: ReportStep = {
        step,
        toCheck,
        accepted: doubt && !toCheck,
        dropped: !state.written && (state.dropped.get(walkthrough.id)?.has(step.id) ?? false),
        landedInFunction: landedInFunction(step),
      };
      const declaration = declarations.get(step.id);
      if (declaration) row.declaration = declaration;
      const where = whereOf(step);
      if (where) row.where = where;
      return row;
    });
  }

  private model(state: LandingState): LandingReportModel {
    return {
      target: targetName(state.target),
      folder: folderName(state),
      written: state.written,
      walkthroughs: this.view.walkthroughs().map((w) => ({ id: w.id, title: w.title, skipped: !state.written && state.skipped.has(w.id), steps: this.rows(state, w) })),
    };
  }

  private render(): void {
    const panel = this.panel;
    const state = this.view.current;
    if (!panel || !state) return;
    const model = this.model(state);
    // Drawn again only when what it shows changed: a new page loses focus and detaches the frame.
    const key = JSON.stringify(model);
    if (key === this.shown) return;
    this.shown = key;
    const webview = panel.webview;
    panel.title = t('Landing Report: {0}', targetName(state.target));
    webview.html = renderLandingReport(model, { ...pageResources(webview, this.media), t });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The checkout as the user knows it: its workspace folder's name, or its path inside one. */
function targetName(target: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (folder && folder.uri.toString() === target.toString()) return folder.name;
  return vscode.workspace.asRelativePath(target, true);
}

function toggle(set: Set<string>, value: string): void {
  if (set.has(value)) set.delete(value);
  else set.add(value);
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/** `path:line` (or `path:start-end`) of where the step landed, or its closest lines; relative to the workspace. */
function whereOf(step: StepSummary): string | undefined {
  const match = closestMatch(step);
  if (!match) return undefined;
  const { startLine, endLine } = match.range;
  const lines = endLine > startLine ? `${startLine + 1}-${endLine + 1}` : `${startLine + 1}`;
  return `${vscode.workspace.asRelativePath(vscode.Uri.parse(match.uri), false)}:${lines}`;
}

/** The copy's path (relative to the copy folder, with `/`) of a walkthrough of the preview or a written copy. */
export function copyPathOf(state: Pick<LandingState, 'sourceFolder' | 'copyTo'>, walkthrough: Pick<WalkthroughSummary, 'uri'>): string | undefined {
  const path = vscode.Uri.parse(walkthrough.uri).path;
  for (const base of [state.sourceFolder, state.copyTo]) {
    const prefix = base.path.replace(/\/?$/, '/');
    if (path.startsWith(prefix)) return path.slice(prefix.length);
  }
  return undefined;
}
