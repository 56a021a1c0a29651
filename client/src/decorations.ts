// Highlights the current step's lines: a whole-line background, a gutter mark on the first line and
// an overview-ruler mark. Decorations are re-applied when editors become visible and whenever the
// tour re-requests the step's range (after `walkthroughs/didChange`), so they follow edits.
import * as vscode from 'vscode';
import type { LineRange } from '../../common/src/protocol';

export function sameUri(a: string | vscode.Uri, b: string | vscode.Uri): boolean {
  const left = typeof a === 'string' ? vscode.Uri.parse(a) : a;
  const right = typeof b === 'string' ? vscode.Uri.parse(b) : b;
  return left.toString() === right.toString();
}

export class StepHighlight implements vscode.Disposable {
  private readonly lines: vscode.TextEditorDecorationType;
  private readonly gutter: vscode.TextEditorDecorationType;
  private target: { uri: vscode.Uri; range: LineRange } | undefined;
  private readonly subscription: vscode.Disposable;

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
