// The "Step" webview view: shows the current step (see stepCardHtml.ts) and posts button clicks back.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderStepCard, type CardMessage, type CardModel } from './stepCardHtml';

export const STEP_CARD_VIEW = 'walkthroughs.stepCard';

const MESSAGE_TYPES = new Set<string>([
  'previous', 'next', 'end', 'start', 'reveal', 'openSample', 'openSection', 'nextWalkthrough', 'openLink',
  'showAnswer', 'gradeKnown', 'gradeReview', 'closestMatch', 'useLocation',
]);

function parseMessage(value: unknown): CardMessage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { type, href } = value as { type?: unknown; href?: unknown };
  if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) return undefined;
  if (type === 'openLink') return typeof href === 'string' ? { type, href } : undefined;
  return { type } as CardMessage;
}

export class StepCardView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private model: CardModel = { kind: 'idle', hasWalkthroughs: false };
  /** What the webview shows now; re-setting identical HTML would reload it and lose a click. */
  private shown: string | undefined;
  private readonly media: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly onMessage: (message: CardMessage) => void,
  ) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(STEP_CARD_VIEW, this),
    );
  }

  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.shown = undefined;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.media] };
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseMessage(raw);
        if (message) this.onMessage(message);
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
      }),
    );
    this.render();
  }

  update(model: CardModel): void {
    this.model = model;
    this.render();
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
    view.description = this.model.kind === 'step' ? `${this.model.content.position} / ${this.model.content.total}` : undefined;
    webview.html = renderStepCard(this.model, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'stepCard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'stepCard.css')).toString(),
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
