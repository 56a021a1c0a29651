// "Apply Bundled Walkthroughs to This Folder" (bring your own repo): resolves the walkthroughs that
// ship with the extension against a folder of the user's and shows which steps found their code.
import * as vscode from 'vscode';
import type { WalkthroughClient } from '../languageClient';
import { renderApplyReport } from './applyReport';
import { plural, t } from '../l10n';

async function pickTargetFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri;
  if (folders.length > 1) {
    const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: t('Folder to apply the bundled walkthroughs to') });
    return folder?.uri;
  }
  // The language server reads only the workspace's folders: the checkout has to be opened first.
  const open = t('Open Folder…');
  const choice = await vscode.window.showInformationMessage(t('Open your checkout as a folder first, then apply the bundled walkthroughs to it.'), open);
  if (choice === open) await vscode.commands.executeCommand('vscode.openFolder');
  return undefined;
}

export async function applyToFolder(context: vscode.ExtensionContext, server: WalkthroughClient, targetArg?: unknown): Promise<void> {
  const target = targetArg instanceof vscode.Uri ? targetArg : await pickTargetFolder();
  if (!target) return;
  const sourceFolder = vscode.Uri.joinPath(context.extensionUri, 'walkthroughs');
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Resolving the bundled walkthroughs…') },
    () => server.applyToFolder({ sourceFolder: sourceFolder.toString(), targetFolder: target.toString() }),
  );
  if (!result) {
    void vscode.window.showErrorMessage(t('The language server could not apply the bundled walkthroughs; see the "Code Walkthroughs" output.'));
    return;
  }
  const base = target.toString().replace(/\/?$/, '/');
  const relative = (uri: string) => (uri.startsWith(base) ? decodeURIComponent(uri.slice(base.length)) : vscode.Uri.parse(uri).fsPath);
  const content = renderApplyReport(result.walkthroughs, target.fsPath, relative, { t, plural });
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { preview: false });
}
