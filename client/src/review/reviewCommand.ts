// "Create Review Walkthrough from Changes…" (palette, Source Control view): the server reads the
// changes with git and computes the walkthrough; this module asks for the base, writes the file as
// one undoable WorkspaceEdit (a new file, or the existing review updated in place) and offers to
// start it from the sidebar.
import * as vscode from 'vscode';
import { ReviewRequest } from '../../../common/src/protocol';
import { unavailableWithoutProcess } from '../runtime';
import { plural, t } from '../l10n';
import type { CommandTable } from '../commandTable';
import type { WalkthroughClient } from '../languageClient';
import type { WalkthroughList } from '../walkthroughList';

const TEXT = {
  get noFolder() { return t('Open a folder to review its changes.'); },
  get pickFolder() { return t('Review the changes of which folder?'); },
  get basePrompt() { return t('Compare with which branch, tag or commit? Leave empty for the upstream or default branch.'); },
  get basePlaceholder() { return t('e.g. main, origin/main, v1.2'); },
  failed: (message: string) => t('Cannot create the review walkthrough: {0}', message),
  created: (n: number, file: string) => plural(n, 'Review walkthrough {1}: {0} step, one per declaration the change touches. Write what each step should tell, then start it from the sidebar.', 'Review walkthrough {1}: {0} steps, one per declaration the change touches. Write what each step should tell, then start it from the sidebar.', file),
  updated: (file: string, added: number, updated: number, dropped: number) => t('Updated {0}: {1} added, {2} updated, {3} dropped; your titles, points and questions are kept.', file, added, updated, dropped),
  get start() { return t('Start Walkthrough'); },
};

export function reviewCommands(server: WalkthroughClient, list: WalkthroughList): CommandTable {
  return { 'walkthroughs.createReview': (arg?: unknown) => createReview(server, list, arg) };
}

async function pickFolder(arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  // From the Source Control view: the repository's root folder.
  const rootUri = arg && typeof arg === 'object' && 'rootUri' in arg ? (arg as { rootUri?: vscode.Uri }).rootUri : undefined;
  if (rootUri) {
    const owner = vscode.workspace.getWorkspaceFolder(rootUri);
    if (owner) return owner;
  }
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: TEXT.pickFolder });
}

export async function createReview(server: WalkthroughClient, list: WalkthroughList, arg?: unknown, base?: string): Promise<vscode.Uri | undefined> {
  // The review reads the branch's changes with git.
  if (unavailableWithoutProcess(t('Create Review Walkthrough from Changes'))) return undefined;
  const folder = await pickFolder(arg);
  if (!folder) {
    void vscode.window.showInformationMessage(TEXT.noFolder);
    return undefined;
  }
  const typed = base ?? (await vscode.window.showInputBox({ prompt: TEXT.basePrompt, placeHolder: TEXT.basePlaceholder, ignoreFocusOut: true }));
  if (typed === undefined) return undefined;
  const result = await server.request(ReviewRequest, { folderUri: folder.uri.toString(), ...(typed.trim() ? { base: typed.trim() } : {}) }, null);
  if (!result || !result.ok) {
    void vscode.window.showErrorMessage(TEXT.failed(result && !result.ok ? result.message : t('the language server is not running')));
    return undefined;
  }
  const target = vscode.Uri.parse(result.defaultUri);
  const edit = new vscode.WorkspaceEdit();
  if (result.exists) {
    const document = await vscode.workspace.openTextDocument(target);
    edit.replace(target, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), result.text);
  } else {
    edit.createFile(target, { contents: new TextEncoder().encode(result.text) });
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(TEXT.failed(vscode.workspace.asRelativePath(target)));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target);
  if (document.isDirty) await document.save();
  await vscode.window.showTextDocument(document, { preview: false });
  await list.refresh();
  const where = vscode.workspace.asRelativePath(target);
  const message = result.exists ? TEXT.updated(where, result.added, result.updated, result.dropped) : TEXT.created(result.steps, where);
  void vscode.window.showInformationMessage(message, TEXT.start).then(async (choice) => {
    if (choice !== TEXT.start) return;
    const walkthrough = list.walkthroughs.find((w) => w.uri === target.toString());
    await vscode.commands.executeCommand('walkthroughs.start', walkthrough?.id);
  });
  return target;
}
