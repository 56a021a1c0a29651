// URI equality: the server sends URIs as strings that may be spelled differently from VS Code's
// (`%3A` for `:`, a drive letter's case); comparing the parsed and re-printed forms is one rule.
import * as vscode from 'vscode';

export function sameUri(a: string | vscode.Uri, b: string | vscode.Uri): boolean {
  const left = typeof a === 'string' ? vscode.Uri.parse(a) : a;
  const right = typeof b === 'string' ? vscode.Uri.parse(b) : b;
  return left.toString() === right.toString();
}

/** The open document of `uri`, if any. */
export function openDocument(uri: string | vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => sameUri(d.uri, uri));
}
