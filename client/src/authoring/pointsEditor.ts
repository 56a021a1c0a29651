// Talking points are written in a markdown editor beside the code, as git's commit-message editor
// works: a temporary markdown file opens with a one-line instruction comment; closing its tab or
// "Accept Talking Points" (CodeLens on the first line, or the palette) saves what it holds into
// the step; "Cancel" closes it and keeps nothing. The file lives in the extension's storage and is
// saved as it is typed into, so closing it never asks "Save changes?", and it is deleted after.
import * as vscode from 'vscode';
import { pointsFromEditor, pointsHeader } from './pointsText';
import { S } from './strings';

interface Session {
  uri: vscode.Uri;
  text: string;
  finish: (points: string | undefined) => void;
}

export class PointsEditor implements vscode.Disposable {
  private session: Session | undefined;
  private counter = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly lensesChanged = new vscode.EventEmitter<void>();

  constructor(private readonly storage: vscode.Uri) {
    this.disposables.push(
      this.lensesChanged,
      vscode.commands.registerCommand('walkthroughs.acceptPoints', () => this.end(true)),
      vscode.commands.registerCommand('walkthroughs.cancelPoints', () => this.end(false)),
      vscode.languages.registerCodeLensProvider({ language: 'markdown' }, {
        onDidChangeCodeLenses: this.lensesChanged.event,
        provideCodeLenses: (document) => {
          if (!this.session || document.uri.toString() !== this.session.uri.toString()) return [];
          const top = new vscode.Range(0, 0, 0, 0);
          return [
            new vscode.CodeLens(top, { title: `$(check) ${S.acceptPoints}`, command: 'walkthroughs.acceptPoints' }),
            new vscode.CodeLens(top, { title: `$(close) ${S.cancelPoints}`, command: 'walkthroughs.cancelPoints' }),
          ];
        },
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const session = this.session;
        if (!session || e.document.uri.toString() !== session.uri.toString()) return;
        session.text = e.document.getText();
        // Saved as typed: closing the tab is "done", never "Save changes?".
        if (e.document.isDirty) void e.document.save();
      }),
      // Closing the tab is accepting, as closing git's message editor is committing.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const session = this.session;
        if (!session) return;
        const closed = e.closed.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === session.uri.toString());
        if (closed && !this.isOpen(session.uri)) this.finish(pointsFromEditor(session.text, pointsHeader(S.pointsEditorHeader)));
      }),
    );
  }

  /** Opens the editor beside the code with `initial` points; resolves with the points, '' for none, undefined when cancelled. */
  async edit(initial = ''): Promise<string | undefined> {
    // One at a time: a new edit ends the previous one as accepted.
    if (this.session) this.finish(pointsFromEditor(this.session.text, pointsHeader(S.pointsEditorHeader)));
    const folder = vscode.Uri.joinPath(this.storage, 'talking-points', String(Date.now() + this.counter++));
    await vscode.workspace.fs.createDirectory(folder);
    const uri = vscode.Uri.joinPath(folder, `${S.pointsEditorFile}.md`);
    const text = `${pointsHeader(S.pointsEditorHeader)}\n${initial}${initial && !initial.endsWith('\n') ? '\n' : ''}`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const result = new Promise<string | undefined>((resolve) => {
      this.session = { uri, text, finish: resolve };
    });
    const document = await vscode.workspace.openTextDocument(uri);
    // The cursor is on the empty line below the instruction from the start: typing never goes before it.
    const end = document.lineAt(document.lineCount - 1).range.end;
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, selection: new vscode.Range(end, end) });
    this.lensesChanged.fire();
    void vscode.commands.executeCommand('setContext', 'walkthroughs.editingPoints', true);
    return result;
  }

  private isOpen(uri: vscode.Uri): boolean {
    return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()));
  }

  /** Accept (the points as they are) or cancel; closes the editor. */
  private async end(accept: boolean): Promise<void> {
    const session = this.session;
    if (!session) return;
    // Detached first: closing the tab below is then not read as "accept".
    this.session = undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === session.uri.toString());
    const points = accept ? pointsFromEditor(document?.getText() ?? session.text, pointsHeader(S.pointsEditorHeader)) : undefined;
    if (document?.isDirty) await document.save();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === session.uri.toString()));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
    this.done(session, points);
  }

  private finish(points: string | undefined): void {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    this.done(session, points);
  }

  private done(session: Session, points: string | undefined): void {
    this.lensesChanged.fire();
    void vscode.commands.executeCommand('setContext', 'walkthroughs.editingPoints', false);
    session.finish(points);
    // The temporary file goes, with its folder.
    void Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(session.uri, '..'), { recursive: true, useTrash: false })).then(undefined, () => undefined);
  }

  dispose(): void {
    if (this.session) this.finish(undefined);
    for (const d of this.disposables) d.dispose();
  }
}
