// "Open Sample Repository": copies the bundled sample-repo/ and walkthroughs/ into a new folder the
// user picks (never into a non-empty folder), opens it, and after the window reloads offers to start
// the primary walkthrough (the intent is carried across the reload in globalState).
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { SAMPLE_FOLDER_NAME, chooseFreeFolderName, pendingStartAction, type PendingStart } from './sampleFolder';
import { t } from '../l10n';

const PENDING_KEY = 'walkthroughs.pendingSampleStart';
const BUNDLED = ['sample-repo', 'walkthroughs'] as const;

async function folderState(uri: vscode.Uri): Promise<'missing' | 'empty' | 'used'> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      return (await vscode.workspace.fs.readDirectory(uri)).length === 0 ? 'empty' : 'used';
    }
    return 'used';
  } catch {
    return 'missing';
  }
}

function toFolderUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return undefined;
}

/**
 * @param parentArg optional parent folder (Uri or path) that skips the folder dialog; used by
 *   tests and scripts. The sample goes into a new `code-walkthroughs-sample[-N]` folder inside it.
 */
export async function openSample(context: vscode.ExtensionContext, parentArg?: unknown): Promise<void> {
  let parent = toFolderUri(parentArg);
  if (!parent) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: t('Create Sample Here'),
      title: t('Choose where to create the "{0}" folder', SAMPLE_FOLDER_NAME),
      ...(vscode.workspace.workspaceFolders?.[0] ? {} : { defaultUri: vscode.Uri.file(homedir()) }),
    });
    parent = picked?.[0];
  }
  if (!parent) return;
  const name = await chooseFreeFolderName(SAMPLE_FOLDER_NAME, (n) => folderState(vscode.Uri.joinPath(parent!, n)));
  if (!name) {
    void vscode.window.showErrorMessage(t('Too many "{0}" folders in {1}; pick another folder.', SAMPLE_FOLDER_NAME, parent.fsPath));
    return;
  }
  const target = vscode.Uri.joinPath(parent, name);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Copying the sample to {0}…', target.fsPath) },
      async () => {
        await vscode.workspace.fs.createDirectory(target);
        for (const folder of BUNDLED) {
          await vscode.workspace.fs.copy(
            vscode.Uri.joinPath(context.extensionUri, folder),
            vscode.Uri.joinPath(target, folder),
            { overwrite: false },
          );
        }
      },
    );
  } catch (error) {
    void vscode.window.showErrorMessage(t('Could not copy the sample: {0}', error instanceof Error ? error.message : String(error)));
    return;
  }
  const pending: PendingStart = { folder: target.toString(), at: Date.now() };
  await context.globalState.update(PENDING_KEY, pending);
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: false });
}

/** Called on activation: if this window was opened by "Open Sample Repository", offer the tour. */
export async function offerPendingSampleTour(
  context: vscode.ExtensionContext,
  primary: () => Promise<{ id: string; title: string } | undefined>,
  start: (walkthroughId: string) => Promise<void>,
): Promise<boolean> {
  const pending = context.globalState.get<unknown>(PENDING_KEY);
  if (pending === undefined) return false;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  const action = pendingStartAction(pending, folders, Date.now());
  if (action === 'keep') return false;
  await context.globalState.update(PENDING_KEY, undefined);
  if (action === 'drop') return false;
  const walkthrough = await primary();
  if (!walkthrough) return false;
  const startLabel = t('Start Tour');
  const choice = await vscode.window.showInformationMessage(
    t('The sample repository is ready. Start the walkthrough "{0}"?', walkthrough.title),
    startLabel,
    t('Not Now'),
  );
  if (choice === startLabel) await start(walkthrough.id);
  return true;
}

/**
 * `walkthroughs.offerPrimaryTourOnOpen` (set by `npm start` in its sample copy, or by a repository
 * for its newcomers): when the folder opens, show the Walkthroughs view and offer the primary tour.
 */
export async function offerPrimaryTourOnOpen(
  list: { primary(): { id: string; title: string } | undefined },
  start: (walkthroughId: string) => Promise<void>,
): Promise<void> {
  if (!vscode.workspace.getConfiguration('walkthroughs').get<boolean>('offerPrimaryTourOnOpen', false)) return;
  const walkthrough = list.primary();
  if (!walkthrough) return;
  await vscode.commands.executeCommand('workbench.view.extension.walkthroughs');
  const startLabel = t('Start Tour');
  const choice = await vscode.window.showInformationMessage(t('Start the walkthrough "{0}"?', walkthrough.title), startLabel, t('Not Now'));
  if (choice === startLabel) await start(walkthrough.id);
}
