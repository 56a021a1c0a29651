// "Create Walkthrough from Memo…": asks the server for the walkthrough a memo's code references
// make, shows it (a read-only preview, or a diff against the existing file), writes it through an
// undoable WorkspaceEdit when the user confirms, then offers to start it.
import * as vscode from 'vscode';
import { ImportMemoRequest, type ImportMemoReference, type ImportMemoResult } from '../../../common/src/protocol';
import { plural, t } from '../l10n';
import type { WalkthroughClient } from '../languageClient';
import { sameUri } from '../uris';
import type { WalkthroughList } from '../walkthroughList';
import type { ImportReview } from './importReview';

export const PREVIEW_SCHEME = 'walkthrough-preview';

const TEXT = {
  get noMemo() { return t('Open a markdown memo first (or run this from its context menu).'); },
  get progress() { return t('Finding the code your memo cites…'); },
  failed: (error: string) => t('Could not create a walkthrough from this memo: {0}', error),
  nothing: (count: number) =>
    plural(count, 'The code reference in this memo could not be placed on the code in this folder; nothing was written.', 'None of the {0} code references in this memo could be placed on the code in this folder; nothing was written.'),
  get noReferences() { return t('This memo cites no code (links or paths to code files, code blocks, declaration names).'); },
  summary: (steps: number, unplaced: number, file: string, exists: boolean) => {
    const question = exists ? t('Update {0}?', file) : t('Write {0}?', file);
    if (!unplaced) return plural(steps, '{0} step from this memo. {1}', '{0} steps from this memo. {1}', question);
    const notPlaced = plural(unplaced, '{0} reference not placed; see the report', '{0} references not placed; see the report');
    return plural(steps, '{0} step from this memo ({1}). {2}', '{0} steps from this memo ({1}). {2}', notPlaced, question);
  },
  notPlaced: (where: string, reason: string) => t('{0} ✗ not placed: {1}', where, reason),
  get notFound() { return t('not found'); },
  get noAnswer() { return t('the language server did not answer; see the "Code Walkthroughs" output.'); },
  notWritten: (file: string) => t('{0} could not be written.', file),
  get write() { return t('Write'); },
  get update() { return t('Update'); },
  get showReport() { return t('Show Report'); },
  get cancel() { return t('Cancel'); },
  written: (file: string) => t('Wrote {0}.', file),
  get start() { return t('Start Walkthrough'); },
  notListed: (file: string) => t('Wrote {0}, but the walkthrough has not appeared yet; use Refresh in the Walkthroughs view.', file),
  previewTitle: (file: string) => t('{0} (preview)', file),
  diffTitle: (file: string) => t('{0} ↔ import (preview)', file),
  reportHeader: (memo: string) => t('Import from {0}:', memo),
};

/** Read-only documents that show what would be written. */
export class PreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

function memoUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  const editor = vscode.window.activeTextEditor;
  return editor && editor.document.languageId === 'markdown' ? editor.document.uri : undefined;
}

/** One line per reference, as the CLI prints it; memo text is shown as plain text in the output channel. */
export function reportLines(references: readonly ImportMemoReference[]): string[] {
  const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return references.map((r) => {
    const where = `  line ${r.memoLine}: ${r.kind} ${clean(r.reference)}`;
    if (!r.placed) return TEXT.notPlaced(where, clean(r.reason ?? TEXT.notFound));
    const lines = r.startLine === undefined ? '' : `:${r.startLine}${r.endLine !== r.startLine ? `-${r.endLine}` : ''}`;
    return `${where} → ${clean(r.file ?? '')}${lines}${r.symbol ? ` ${clean(r.symbol)}` : ''} [${r.how ?? ''}]${r.step ? ` step ${clean(r.step)}` : ''}`;
  });
}

export async function importMemo(server: WalkthroughClient, list: WalkthroughList, previews: PreviewProvider, review: ImportReview, start: (id: string) => Promise<void>, arg?: unknown): Promise<void> {
  const memo = memoUriOf(arg);
  if (!memo || memo.scheme !== 'file') {
    void vscode.window.showInformationMessage(TEXT.noMemo);
    return;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: TEXT.progress }, () => server.request(ImportMemoRequest, { memo: memo.toString() }, undefined));
  if (!result) return void vscode.window.showErrorMessage(TEXT.failed(TEXT.noAnswer));
  if (result.error) return void vscode.window.showErrorMessage(TEXT.failed(result.error));

  const out = vscode.Uri.parse(result.out, true);
  const outName = vscode.workspace.asRelativePath(out, false);
  server.output.info([TEXT.reportHeader(vscode.workspace.asRelativePath(memo, false)), ...reportLines(result.references)].join('\n'));
  if (result.steps === 0) {
    if (result.references.length === 0) return void vscode.window.showInformationMessage(TEXT.noReferences);
    const choice = await vscode.window.showWarningMessage(TEXT.nothing(result.references.length), TEXT.showReport);
    if (choice === TEXT.showReport) server.output.show(true);
    return;
  }

  // The review stays open until the user chooses: nothing is written before its Write button.
  await review.show(result, vscode.workspace.asRelativePath(memo, false), outName, {
    showYaml: () => showPreview(previews, out, outName, result),
    write: async (yaml) => {
      if (!(await writeWalkthrough(out, yaml, result.exists))) return false;
      await closePreview(out);
      const listed = await waitForWalkthrough(list, result.walkthroughId, out);
      if (!listed) void vscode.window.showWarningMessage(TEXT.notListed(outName));
      else vscode.window.setStatusBarMessage(TEXT.written(outName), 5000);
      return true;
    },
    start: () => start(result.walkthroughId),
  });
}

async function showPreview(previews: PreviewProvider, out: vscode.Uri, outName: string, result: ImportMemoResult): Promise<void> {
  const preview = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: out.path });
  previews.set(preview, result.yaml);
  if (result.exists) {
    await vscode.commands.executeCommand('vscode.diff', out, preview, TEXT.diffTitle(outName), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  } else {
    // The preview's path ends in .walkthrough.yaml, so it opens as YAML.
    await vscode.window.showTextDocument(preview, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  }
}

/** The preview (or diff) of a walkthrough that is now written has done its job. */
async function closePreview(out: vscode.Uri): Promise<void> {
  const preview = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: out.path }).toString();
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => {
    const input = tab.input;
    if (input instanceof vscode.TabInputText) return input.uri.toString() === preview;
    if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === preview;
    return false;
  });
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs).then(undefined, () => undefined);
}

/** One undoable edit: a new file with the content, or the whole existing text replaced; then saved. */
async function writeWalkthrough(out: vscode.Uri, yaml: string, exists: boolean): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  if (exists) {
    const document = await vscode.workspace.openTextDocument(out);
    const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    edit.replace(out, all, yaml);
  } else {
    edit.createFile(out, { ignoreIfExists: false, contents: new TextEncoder().encode(yaml) });
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(TEXT.failed(TEXT.notWritten(vscode.workspace.asRelativePath(out, false))));
    return false;
  }
  if (exists) await vscode.workspace.save(out);
  return true;
}

/** The server sees the new file through its watcher; wait (up to 10 s) until the list has it. */
async function waitForWalkthrough(list: WalkthroughList, id: string, out: vscode.Uri): Promise<boolean> {
  await list.refresh();
  return list.waitFor((l) => {
    const found = l.find(id);
    return !!found && sameUri(found.uri, out);
  }, 10_000);
}
