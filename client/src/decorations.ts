// Highlights the current step's lines: a whole-line background, a gutter mark on the first line and
// an overview-ruler mark. Decorations are re-applied when editors become visible and whenever the
// tour re-requests the step's range (after `walkthroughs/didChange`), so they follow edits.
// `reveal` opens a step's code at its range and highlights it (the tour and practice both do).
import * as vscode from 'vscode';
import type { LineRange, StepSummary } from '../../common/src/protocol';
import { t } from './l10n';
import { CodeGroup } from './tour/showCode';
import { sameUri } from './uris';

export class StepHighlight implements vscode.Disposable {
  private readonly lines: vscode.TextEditorDecorationType;
  private readonly gutter: vscode.TextEditorDecorationType;
  private target: { uri: vscode.Uri; range: LineRange } | undefined;
  private readonly subscription: vscode.Disposable;
  /** With the card in the editor area, every step's code goes to this one group. */
  readonly codeGroup = new CodeGroup();

  constructor(extensionUri: vscode.Uri) {
    this.lines = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('walkthroughs.stepHighlightBackground'),
      overviewRulerColor: new vscode.ThemeColor('walkthroughs.stepHighlightBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.gutter = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'gutter-step.svg'),
      gutterIconSize: 'contain',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.subscription = vscode.window.onDidChangeVisibleTextEditors((editors) => this.apply(editors));
  }

  /** Highlights `range` in `uri` (or nothing when undefined) in every visible editor. */
  set(uri: string | undefined, range: LineRange | undefined): void {
    this.target = uri && range ? { uri: vscode.Uri.parse(uri), range } : undefined;
    this.apply(vscode.window.visibleTextEditors);
  }

  clear(): void {
    this.set(undefined, undefined);
  }

  /**
   * Opens the step's file with its first line centred and highlights its range; a step without
   * code clears the highlight. Where it opens is CodeGroup's decision (tour/showCode.ts): with the
   * step card in the editor area (`cardColumn`), never in the card's group.
   */
  async reveal(step: StepSummary, options: { preserveFocus?: boolean; cardColumn?: vscode.ViewColumn | undefined } = {}): Promise<void> {
    if (!step.uri) {
      this.clear();
      return;
    }
    const uri = vscode.Uri.parse(step.uri);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const range = step.range ? new vscode.Range(step.range.startLine, 0, step.range.endLine, 0) : new vscode.Range(0, 0, 0, 0);
      const editor = await this.codeGroup.show(document, new vscode.Range(range.start, range.start), options.cardColumn, options.preserveFocus ? { preserveFocus: true } : {});
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    } catch (error) {
      void vscode.window.showWarningMessage(t('Cannot open {0}: {1}', uri.fsPath, error instanceof Error ? error.message : String(error)));
    }
    this.set(step.uri, step.range);
  }

  private apply(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) {
      const target = this.target;
      if (!target || !sameUri(editor.document.uri, target.uri)) {
        editor.setDecorations(this.lines, []);
        editor.setDecorations(this.gutter, []);
        continue;
      }
      const last = Math.max(0, editor.document.lineCount - 1);
      const start = Math.min(Math.max(0, target.range.startLine), last);
      const end = Math.min(Math.max(start, target.range.endLine), last);
      editor.setDecorations(this.lines, [new vscode.Range(start, 0, end, 0)]);
      editor.setDecorations(this.gutter, [new vscode.Range(start, 0, start, 0)]);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.lines.dispose();
    this.gutter.dispose();
  }
}
