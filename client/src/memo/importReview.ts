// The import review panel (an editor-area webview like the practice progress page): shows what
// "Create Walkthrough from Memo…" found, lets the user drop steps, and writes only when the Write
// button is pressed. The HTML is importReviewHtml.ts (pure); writing is the caller's.
import { pageOptions, pageResources } from '../views/pageResources';
import * as vscode from 'vscode';
import type { ImportMemoReference, ImportMemoResult } from '../../../common/src/protocol';
import { t } from '../l10n';
import { openableReferences, renderReview, reviewSteps, withoutSteps, type ReviewModel, type ReviewStep } from './importReviewHtml';

const SNIPPET_LINES = 6;

export interface ReviewActions {
  /** Writes this YAML; true when written. */
  write(yaml: string): Promise<boolean>;
  showYaml(): Promise<void>;
  start(): Promise<void>;
}

export class ImportReview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: ReviewModel | undefined;
  private result: ImportMemoResult | undefined;
  private actions: ReviewActions | undefined;
  private readonly media: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extensionUri: vscode.Uri) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
  }

  /** Opens (or replaces) the review for this import. */
  async show(result: ImportMemoResult, memoName: string, outName: string, actions: ReviewActions): Promise<void> {
    const steps = reviewSteps(result);
    await addSnippets(steps, vscode.Uri.parse(result.out, true), result.yaml);
    this.result = result;
    this.actions = actions;
    this.model = { memo: memoName, out: outName, exists: result.exists, steps, unplaced: result.references.filter((r) => !r.placed), dropped: new Set() };
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel('walkthroughs.importReview', t('Import from {0}', memoName), vscode.ViewColumn.Active, pageOptions(this.media, { retainContextWhenHidden: true }));
      this.panel = panel;
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw), undefined, this.disposables);
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
      }, undefined, this.disposables);
    }
    this.panel.title = t('Import from {0}', memoName);
    this.panel.reveal(vscode.ViewColumn.Active, false);
    this.render();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = raw && typeof raw === 'object' ? (raw as { type?: unknown; step?: unknown; ref?: unknown }) : {};
    const model = this.model;
    if (!model || !this.result || !this.actions) return;
    if (message.type === 'toggle' && typeof message.step === 'string' && !model.written) {
      const dropped = new Set(model.dropped);
      if (dropped.has(message.step)) dropped.delete(message.step);
      else if (model.steps.some((s) => s.id === message.step)) dropped.add(message.step);
      this.model = { ...model, dropped };
      this.render();
    } else if (message.type === 'write' && !model.written) {
      const yaml = withoutSteps(this.result.yaml, model.dropped);
      if (yaml === undefined) return;
      if (await this.actions.write(yaml)) {
        this.model = { ...model, written: true };
        this.render();
      }
    } else if (message.type === 'openReference' && typeof message.ref === 'string') {
      const reference = openableReferences(model)[Number(message.ref)];
      if (reference) await openReference(reference, codeRoot(vscode.Uri.parse(this.result.out, true), this.result.yaml));
    } else if (message.type === 'showYaml') {
      await this.actions.showYaml();
    } else if (message.type === 'start' && model.written) {
      await this.actions.start();
    }
  }

  private render(): void {
    const panel = this.panel;
    if (!panel || !this.model) return;
    const webview = panel.webview;
    webview.html = renderReview(this.model, { ...pageResources(webview, this.media), t });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The folder the YAML's `root` names (its code paths are relative to it). */
function codeRoot(out: vscode.Uri, yaml: string): vscode.Uri {
  const rootValue = /^root:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(yaml)?.[1] ?? '.';
  return vscode.Uri.joinPath(out, '..', rootValue);
}

/** Opens a reference's file beside the review, its landed lines selected (the file alone when it has none). */
async function openReference(reference: ImportMemoReference, root: vscode.Uri): Promise<void> {
  if (reference.file === undefined) return;
  const uri = vscode.Uri.joinPath(root, ...reference.file.split('/'));
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    let selection: vscode.Selection | undefined;
    if (reference.startLine !== undefined && document.lineCount > 0) {
      const first = Math.min(Math.max(reference.startLine - 1, 0), document.lineCount - 1);
      const last = Math.min(Math.max((reference.endLine ?? reference.startLine) - 1, first), document.lineCount - 1);
      selection = new vscode.Selection(first, 0, last, document.lineAt(last).text.length);
    }
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, ...(selection ? { selection } : {}) });
    if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    void vscode.window.showWarningMessage(t('Could not open {0}: {1}', reference.file, error instanceof Error ? error.message : String(error)));
  }
}

/** The first lines each placed reference landed on, read from the code (relative to the YAML's `root`). */
async function addSnippets(steps: ReviewStep[], out: vscode.Uri, yaml: string): Promise<void> {
  const root = codeRoot(out, yaml);
  const texts = new Map<string, string[] | undefined>();
  for (const reference of steps.flatMap((s) => s.references)) {
    if (reference.file === undefined || reference.startLine === undefined) continue;
    if (!texts.has(reference.file)) {
      try {
        texts.set(reference.file, new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, reference.file))).split(/\r\n|\r|\n/));
      } catch {
        texts.set(reference.file, undefined);
      }
    }
    const lines = texts.get(reference.file);
    if (!lines) continue;
    const end = Math.min(reference.endLine ?? reference.startLine, reference.startLine + SNIPPET_LINES - 1);
    reference.snippet = lines.slice(reference.startLine - 1, end).join('\n');
  }
}
