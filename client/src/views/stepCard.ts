// The "Step" webview view: shows the current step (see stepCardHtml.ts) and posts button clicks back.
// "Open Step Card in Editor Area" shows the same card in an editor-area panel, for a roomy read;
// both follow the tour.
import { pageOptions, pageResources } from './pageResources';
import * as vscode from 'vscode';
import { t } from '../l10n';
import { PRACTICE_MESSAGES, renderPracticeCard, type PracticeCardModel, type PracticeMessageType } from '../practice/practiceCardHtml';
import { renderStepCard, type CardMessage, type CardModel } from './stepCardHtml';

export const STEP_CARD_VIEW = 'walkthroughs.stepCard';

const MESSAGE_TYPES = new Set<string>([
  'previous', 'next', 'end', 'start', 'reveal', 'openSample', 'openSection', 'nextWalkthrough', 'openLink',
  'closestMatch', 'useLocation', 'looksRight', 'openInEditor',
  ...PRACTICE_MESSAGES,
]);

/** A step card message, or one of the practice card's. */
export type AnyCardMessage = CardMessage | { type: PracticeMessageType };

function parseMessage(value: unknown): AnyCardMessage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { type, href } = value as { type?: unknown; href?: unknown };
  if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) return undefined;
  if (type === 'openLink') return typeof href === 'string' ? { type, href } : undefined;
  return { type } as AnyCardMessage;
}

export class StepCardView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private panel: vscode.WebviewPanel | undefined;
  /** What the panel shows now (see `shown`). */
  private panelShown: string | undefined;
  private model: CardModel | PracticeCardModel = { kind: 'idle', hasWalkthroughs: false };
  /** What the webview shows now; re-setting identical HTML would reload it and lose a click. */
  private shown: string | undefined;
  private readonly media: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly messages = new vscode.EventEmitter<AnyCardMessage>();
  /** A button or link of the card (in the view or the editor-area panel) was used. */
  readonly onDidReceiveMessage = this.messages.event;

  constructor(extensionUri: vscode.Uri) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(STEP_CARD_VIEW, this),
      this.messages,
    );
  }

  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.shown = undefined;
    view.webview.options = pageOptions(this.media);
    this.disposables.push(
      this.listen(view.webview),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
      }),
    );
    this.render();
  }

  update(model: CardModel | PracticeCardModel): void {
    this.model = model;
    this.render();
    this.renderPanel();
  }

  /** The card's editor group while it is open in the editor area (code then opens in another group). */
  get editorColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  /** Shows the card in the editor area (beside the code), or reveals it when already open. */
  openInEditor(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(`${STEP_CARD_VIEW}.editor`, t('Walkthrough Step'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, pageOptions(this.media));
    panel.iconPath = vscode.Uri.joinPath(this.media, 'walkthroughs.svg');
    this.panel = panel;
    this.panelShown = undefined;
    const subscriptions = [this.listen(panel.webview)];
    panel.onDidDispose(() => {
      for (const d of subscriptions) d.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    this.renderPanel();
  }

  /** The webview's messages that are card messages, as `onDidReceiveMessage`. */
  private listen(webview: vscode.Webview): vscode.Disposable {
    return webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseMessage(raw);
      if (message) this.messages.fire(message);
    });
  }

  private renderPanel(): void {
    const panel = this.panel;
    if (!panel) return;
    const key = JSON.stringify(this.model);
    if (key === this.panelShown) return;
    this.panelShown = key;
    panel.title = this.model.kind === 'step' ? `${this.model.content.position}/${this.model.content.total} ${this.model.content.step.title}` : t('Walkthrough Step');
    panel.webview.html = this.html(panel.webview, true);
  }

  private html(webview: vscode.Webview, roomy: boolean): string {
    const resources = pageResources(webview, this.media);
    const model = this.model;
    if (model.kind === 'practice' || model.kind === 'practiceSummary') return renderPracticeCard(model, resources);
    return renderStepCard(model, { ...resources, t, roomy });
  }

  /** Makes the card visible (resolving the view if it never was), without taking focus if possible. */
  async show(): Promise<void> {
    if (this.view) {
      if (!this.view.visible) this.view.show(true);
      return;
    }
    await vscode.commands.executeCommand(`${STEP_CARD_VIEW}.focus`);
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const key = JSON.stringify(this.model);
    if (key === this.shown) return;
    this.shown = key;
    const webview = view.webview;
    view.description = this.model.kind === 'step' ? `${this.model.content.position} / ${this.model.content.total}` : this.model.kind === 'practice' ? `${this.model.position} / ${this.model.total}` : undefined;
    webview.html = this.html(webview, false);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
