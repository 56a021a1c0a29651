// Opens a step's code where codePlacement (./codeColumn.ts) says: never in the step card's group.
import * as vscode from 'vscode';
import { codePlacement } from './codeColumn';

/** Remembers the group the tour's code last went to, so every step keeps to it. */
export class CodeGroup {
  private last: number | undefined;

  /** Shows `document` with the cursor at `selection`; `cardColumn` is the step card's editor group, if it is in the editor area. */
  async show(document: vscode.TextDocument, selection: vscode.Range, cardColumn: vscode.ViewColumn | undefined, options: { preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const active = vscode.window.activeTextEditor;
    const placement = codePlacement(document.uri.toString(), {
      ...(cardColumn !== undefined ? { cardColumn } : {}),
      editors: vscode.window.visibleTextEditors.flatMap((e) => (e.viewColumn === undefined ? [] : [{ column: e.viewColumn, uri: e.document.uri.toString(), active: e === active }])),
      groups: vscode.window.tabGroups.all.map((g) => g.viewColumn),
      ...(this.last !== undefined ? { lastCodeColumn: this.last } : {}),
    });
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: placement.column === 'active' ? vscode.ViewColumn.Active : placement.column,
      preview: placement.preview,
      selection,
      ...(options.preserveFocus ? { preserveFocus: true } : {}),
    });
    if (cardColumn !== undefined) this.last = editor.viewColumn;
    return editor;
  }
}
