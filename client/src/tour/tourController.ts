// Runs a tour: which step is current, moving between steps, and keeping the editor highlight, the
// step card and the status bar in sync (the tree follows `onDidChangeCurrent`). Tour state lives
// here (not in the server), so it survives server restarts: on every `walkthroughs/didChange` (and after a restart) the current
// step is re-requested and the highlight moves to its current range.
import * as vscode from 'vscode';
import { StepContentRequest, type StepContent, type StepSummary, type WalkthroughSummary } from '../../../common/src/protocol';
import type { StepHighlight } from '../decorations';
import type { WalkthroughClient } from '../languageClient';
import type { StepCardView } from '../views/stepCard';
import type { TourStatusBar } from '../views/statusBar';
import { t } from '../l10n';
import { pickWalkthrough, primaryFirst } from '../views/pickWalkthrough';
import { isProblem, statusExplanation, statusIcon, statusName, stepLocation } from '../views/stepStatus';
import type { CurrentStep } from '../views/walkthroughTree';
import type { WalkthroughList } from '../walkthroughList';
import { progressLabel, resumeIndex, visitedCount } from './progress';
import type { ProgressStore } from './progressStore';

export const TOUR_ACTIVE_CONTEXT = 'walkthroughs.tourActive';

interface Current {
  walkthroughId: string;
  stepId: string;
  content: StepContent;
}

export interface TourViews {
  card: StepCardView;
  statusBar: TourStatusBar;
  highlight: StepHighlight;
}

export class TourController implements vscode.Disposable {
  private current: Current | undefined;
  /** Bumped on every navigation so a slow response cannot overwrite a newer step. */
  private generation = 0;
  private readonly subscription: vscode.Disposable;
  /** Set while a practice session owns the card and the highlight; called when the tour takes them back. */
  private yielded: (() => void) | undefined;
  private readonly currentChanged = new vscode.EventEmitter<CurrentStep | undefined>();
  /** Fires on every render with the step the tour shows (undefined: no tour). */
  readonly onDidChangeCurrent = this.currentChanged.event;

  constructor(
    private readonly server: WalkthroughClient,
    private readonly list: WalkthroughList,
    private readonly progress: ProgressStore,
    private readonly views: TourViews,
  ) {
    this.subscription = list.onDidChange(() => void this.resync());
    void vscode.commands.executeCommand('setContext', TOUR_ACTIVE_CONTEXT, false);
  }

  get active(): CurrentStep | undefined {
    return this.current && { walkthroughId: this.current.walkthroughId, stepId: this.current.stepId };
  }

  /** Starts (or resumes) a walkthrough; without an id, asks which one. */
  async start(walkthroughId?: string): Promise<void> {
    await this.list.ready();
    const walkthrough = walkthroughId ? this.list.find(walkthroughId) : await this.pickWalkthrough(t('Start a walkthrough'));
    if (!walkthrough) {
      if (walkthroughId) void vscode.window.showWarningMessage(t('No walkthrough with id "{0}" in this workspace.', walkthroughId));
      return;
    }
    const step = walkthrough.steps[resumeIndex(this.progress.get(walkthrough.id), walkthrough.steps)];
    if (!step) {
      void vscode.window.showWarningMessage(t('The walkthrough "{0}" has no steps.', walkthrough.title));
      return;
    }
    await this.openStep(walkthrough.id, step.id);
  }

  /**
   * Hands the card, status bar and highlight to a practice session: the tour ends and stays out
   * of the views until `reclaimViews`, or until the user opens a step (then `onTakeBack` runs).
   */
  async yieldViews(onTakeBack: () => void): Promise<void> {
    await this.end();
    this.yielded = onTakeBack;
  }

  reclaimViews(): void {
    this.yielded = undefined;
    this.render();
  }

  /** Shows a step: opens its file at the range, highlights it, fills the card and marks it visited. */
  async openStep(walkthroughId: string, stepId: string, options: { reveal?: boolean } = {}): Promise<void> {
    if (this.yielded) {
      const takeBack = this.yielded;
      this.yielded = undefined;
      takeBack();
    }
    const generation = ++this.generation;
    const answer = await this.server.attempt(StepContentRequest, { walkthroughId, stepId });
    if (generation !== this.generation) return;
    if ('error' in answer) {
      void vscode.window.showErrorMessage(t('Cannot open step "{0}" of walkthrough "{1}": {2}', stepId, walkthroughId, answer.error));
      return;
    }
    const content = answer.result;
    if (!content) {
      void vscode.window.showWarningMessage(t('Cannot open step "{0}" of walkthrough "{1}": it no longer exists.', stepId, walkthroughId));
      void this.list.refresh();
      return;
    }
    this.current = { walkthroughId, stepId, content };
    await vscode.commands.executeCommand('setContext', TOUR_ACTIVE_CONTEXT, true);
    await this.progress.visit(walkthroughId, stepId);
    this.render();
    if (options.reveal === false) return;
    await this.views.card.show();
    await this.views.highlight.reveal(content.step, { cardColumn: this.views.card.editorColumn });
  }

  async next(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const { content } = current;
    if (content.next) return this.openStep(current.walkthroughId, content.next.id);
    const nextWalkthrough = content.nextWalkthrough;
    const finished = t('You reached the end of "{0}".', content.walkthrough.title);
    const endLabel = t('End Walkthrough');
    if (nextWalkthrough) {
      const start = t('Start "{0}"', nextWalkthrough.title);
      const choice = await vscode.window.showInformationMessage(finished, start, endLabel);
      if (choice === start) await this.start(nextWalkthrough.id);
      else if (choice === endLabel) await this.end();
    } else {
      const choice = await vscode.window.showInformationMessage(finished, endLabel);
      if (choice) await this.end();
    }
  }

  async previous(): Promise<void> {
    const current = this.current;
    if (current?.content.previous) await this.openStep(current.walkthroughId, current.content.previous.id);
  }

  async startNextWalkthrough(): Promise<void> {
    const next = this.current?.content.nextWalkthrough;
    if (next) await this.start(next.id);
  }

  async end(): Promise<void> {
    this.generation++;
    this.current = undefined;
    await vscode.commands.executeCommand('setContext', TOUR_ACTIVE_CONTEXT, false);
    this.render();
  }

  /** Re-shows the current step in the editor (status bar click, card location link). */
  async revealCurrent(): Promise<void> {
    const current = this.current;
    if (!current) return this.start();
    await this.views.card.show();
    await this.views.highlight.reveal(current.content.step, { cardColumn: this.views.card.editorColumn });
  }

  /** Opens the memo heading the current step cites. */
  async openSection(): Promise<void> {
    const section = this.current?.content.section;
    if (!section) return;
    const position = new vscode.Position(section.line, 0);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(section.uri));
    await this.views.highlight.codeGroup.show(document, new vscode.Range(position, position), this.views.card.editorColumn);
  }

  async goToStep(): Promise<void> {
    await this.list.ready();
    const walkthrough = (this.current && this.list.find(this.current.walkthroughId)) ?? (await this.pickWalkthrough(t('Go to a step of…')));
    if (!walkthrough) return;
    type Item = vscode.QuickPickItem & { step: StepSummary };
    const visited = new Set(this.progress.get(walkthrough.id)?.visited ?? []);
    const items: Item[] = walkthrough.steps.map((step) => ({
      step,
      label: `${step.index + 1}. ${step.title}`,
      iconPath: statusIcon(step, { visited: visited.has(step.id), current: this.current?.stepId === step.id }),
      description: stepLocation(step) ?? (step.contentOnly ? t('talking points') : statusName(step.status)),
      detail: isProblem(step.status, step.contentOnly) ? statusExplanation(step) : undefined,
      picked: this.current?.stepId === step.id,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: walkthrough.title,
      placeHolder: t('Go to step'),
      matchOnDescription: true,
    });
    if (picked) await this.openStep(walkthrough.id, picked.step.id);
  }

  /** A summary CodeLens over several steps: pick one, then open the tour there. */
  async chooseStep(steps: ReadonlyArray<readonly [string, string]>): Promise<void> {
    await this.list.ready();
    type Item = vscode.QuickPickItem & { walkthroughId: string; stepId: string };
    const items: Item[] = [];
    for (const [walkthroughId, stepId] of steps) {
      const walkthrough = this.list.find(walkthroughId);
      const step = walkthrough?.steps.find((s) => s.id === stepId);
      if (!walkthrough || !step) continue;
      const visited = this.progress.get(walkthroughId)?.visited.includes(stepId) ?? false;
      items.push({
        walkthroughId,
        stepId,
        label: step.title,
        description: `${walkthrough.title} · ${step.index + 1}/${walkthrough.steps.length}`,
        iconPath: statusIcon(step, { visited, current: this.current?.stepId === stepId && this.current.walkthroughId === walkthroughId }),
      });
    }
    if (items.length === 0) return;
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: t('Walkthrough steps here'), placeHolder: t('Open the tour at…'), matchOnDescription: true });
    if (picked) await this.openStep(picked.walkthroughId, picked.stepId);
  }

  async resetProgress(walkthroughId?: string): Promise<void> {
    const question = walkthroughId
      ? t('Reset the progress of "{0}"?', this.list.find(walkthroughId)?.title ?? walkthroughId)
      : t('Reset the progress of all walkthroughs?');
    const reset = t('Reset');
    const choice = await vscode.window.showWarningMessage(question, { modal: true }, reset);
    if (choice !== reset) return;
    await this.progress.reset(walkthroughId);
    this.render();
  }

  private async pickWalkthrough(title: string): Promise<WalkthroughSummary | undefined> {
    if (this.list.walkthroughs.length === 0) {
      const open = t('Open Sample Repository');
      const choice = await vscode.window.showInformationMessage(t('There are no walkthroughs in this workspace.'), open);
      if (choice === open) await vscode.commands.executeCommand('walkthroughs.openSample');
      return undefined;
    }
    const picked = await pickWalkthrough(primaryFirst(this.list.walkthroughs), {
      title,
      placeHolder: t('Walkthrough'),
      describe: (walkthrough) => [progressLabel(this.progress.get(walkthrough.id), walkthrough.steps), walkthrough.primary ? t('primary') : ''].filter(Boolean).join(' · '),
    });
    return picked === 'extra' ? undefined : picked;
  }

  /** Pushes the current state to the card, tree, status bar and highlight. */
  private render(): void {
    if (this.yielded) return;
    const { card, statusBar, highlight } = this.views;
    const current = this.current;
    if (!current) {
      card.update({ kind: 'idle', hasWalkthroughs: this.list.walkthroughs.length > 0 });
      this.currentChanged.fire(undefined);
      this.server.setActiveTour(undefined);
      statusBar.hide();
      highlight.clear();
      return;
    }
    const { content } = current;
    const steps = this.list.find(current.walkthroughId)?.steps ?? [];
    const location = stepLocation(content.step);
    card.update({
      kind: 'step',
      content,
      visited: visitedCount(this.progress.get(current.walkthroughId), steps),
      ...(location ? { location } : {}),
    });
    this.currentChanged.fire({ walkthroughId: current.walkthroughId, stepId: current.stepId });
    this.server.setActiveTour(current.walkthroughId);
    statusBar.show(content.walkthrough.title, content.step.title, content.position, content.total);
    if (content.step.uri && content.step.range) highlight.set(content.step.uri, content.step.range);
    else highlight.clear();
  }

  /** After the server reports changes (or restarted): re-request the current step's range. */
  private async resync(): Promise<void> {
    const current = this.current;
    if (!current) {
      this.render();
      return;
    }
    const generation = this.generation;
    const content = await this.server.request(StepContentRequest, { walkthroughId: current.walkthroughId, stepId: current.stepId }, null);
    if (generation !== this.generation || this.current !== current) return;
    if (!content) {
      // Keep the tour alive on transient failures (e.g. the server is restarting); end it only
      // when the walkthrough list no longer has the step.
      if (this.server.running && !this.list.findStep(current.walkthroughId, current.stepId)) {
        void vscode.window.showInformationMessage(t('The current walkthrough step was removed; the tour ended.'));
        await this.end();
      }
      return;
    }
    this.current = { ...current, content };
    this.render();
  }

  dispose(): void {
    this.subscription.dispose();
    this.currentChanged.dispose();
  }
}
