// "Show Practice Progress": a webview panel with the charts of progressHtml.ts, redrawn when the
// history or the walkthroughs change. Its buttons post messages through the step card's script.
import { pageOptions, pageResources } from '../views/pageResources';
import * as vscode from 'vscode';
import type { WalkthroughList } from '../walkthroughList';
import type { PracticeController } from './practiceController';
import type { PracticeStore } from './practiceStore';
import { renderProgress, type ProgressMessageType } from './progressHtml';
import { isSetAside } from './cardFlags';
import { dueForecast, masteryByWalkthrough, retentionByWeek, reviewsPerDay } from './stats';
import { S } from './strings';

const MESSAGES = new Set<string>(['practiceDue', 'progressExport', 'progressImport'] satisfies ProgressMessageType[]);

export class PracticeProgressView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly media: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly list: WalkthroughList,
    private readonly store: PracticeStore,
    private readonly practice: PracticeController,
    private readonly onMessage: (type: ProgressMessageType) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
    this.disposables.push(list.onDidChange(() => this.render()), store.onDidChange(() => this.render()), vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('walkthroughs.practice')) this.render();
    }));
  }

  async show(): Promise<void> {
    await this.list.ready();
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.render();
      return;
    }
    const panel = vscode.window.createWebviewPanel('walkthroughs.practiceProgress', S.progressTitle, vscode.ViewColumn.Active, pageOptions(this.media));
    this.panel = panel;
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const type = raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
      if (typeof type === 'string' && MESSAGES.has(type)) this.onMessage(type as ProgressMessageType);
    }, undefined, this.disposables);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    }, undefined, this.disposables);
    this.render();
  }

  private render(): void {
    const panel = this.panel;
    if (!panel) return;
    const now = this.now();
    const history = this.store.history;
    const walkthroughs = this.list.walkthroughs;
    // The same cards and the same count as the status bar and the tree: the practice controller's.
    const cards = this.practice.practisableCards();
    const today = this.practice.today();
    const flags = this.store.flags;
    const titles = new Map(walkthroughs.map((w) => [w.id, w.title]));
    const webview = panel.webview;
    webview.html = renderProgress(
      {
        now,
        days: reviewsPerDay(history, now),
        retention: retentionByWeek(history, now),
        forecast: dueForecast(cards.filter((c) => !isSetAside(flags, c, now)), now),
        mastery: masteryByWalkthrough(cards).map((m) => ({ title: titles.get(m.walkthroughId) ?? m.walkthroughId, counts: m.counts, total: m.total })),
        due: today.due.length,
        newToday: today.fresh.length,
        totalReviews: history.reviews.length,
      },
      {
        ...pageResources(webview, this.media),
        progressStyleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'progress.css')).toString(),
      },
    );
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
