// "Apply Bundled Walkthroughs to This Folder" (bring your own repo): resolves the walkthroughs that
// ship with the extension against a folder of the user's and opens the Landing Report in the editor
// area (no dialog over it); its Write button writes the copies the user kept into
// `code-walkthroughs/` there (one undoable WorkspaceEdit), so they can be started from the sidebar.
// Steps that did not land exactly get "Go to Closest Match" and "Use This Location".
import * as vscode from 'vscode';
import { ApplyToFolderRequest } from '../../../common/src/protocol';
import { stepIdsOf } from '../commandArgs';
import type { WalkthroughClient } from '../languageClient';
import { withoutSteps } from '../memo/importReviewHtml';
import type { PracticeController } from '../practice/practiceController';
import type { WalkthroughList } from '../walkthroughList';
import { chooseFreeFolderName } from './sampleFolder';
import { closestMatch, copiesIn, LANDING_TEXT } from './landingReport';
import { copyPathOf, type LandingPanel } from './landingPanel';
import type { LandingView } from './landingView';

const COPY_FOLDER = 'code-walkthroughs';
const REANCHOR_COMMAND = 'walkthroughs.reanchorStep';

async function pickTargetFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri;
  if (folders.length > 1) {
    const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: LANDING_TEXT.pickFolder });
    return folder?.uri;
  }
  // The language server reads only the workspace's folders: the checkout has to be opened first.
  const choice = await vscode.window.showInformationMessage(LANDING_TEXT.noFolder, LANDING_TEXT.openFolder);
  if (choice === LANDING_TEXT.openFolder) await vscode.commands.executeCommand('vscode.openFolder');
  return undefined;
}

async function folderState(uri: vscode.Uri): Promise<'missing' | 'empty' | 'used'> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return (await vscode.workspace.fs.readDirectory(uri)).length === 0 ? 'empty' : 'used';
    return 'used';
  } catch {
    return 'missing';
  }
}

export interface LandingDeps {
  context: vscode.ExtensionContext;
  server: WalkthroughClient;
  list: WalkthroughList;
  view: LandingView;
  practice: Pick<PracticeController, 'confirm'>;
  /** The report in the editor area (set once it is made: it calls back into these functions). */
  panel?: LandingPanel;
}

/**
 * @param targetArg optional folder Uri (skips the folder pick); `confirm: false` in options skips
 *   the confirmation (tests and scripts; the report is still shown).
 */
export async function applyToFolder(deps: LandingDeps, targetArg?: unknown, options?: unknown): Promise<void> {
  const target = targetArg instanceof vscode.Uri ? targetArg : await pickTargetFolder();
  if (!target) return;
  const name = await chooseFreeFolderName(COPY_FOLDER, (n) => folderState(vscode.Uri.joinPath(target, n)));
  if (!name) {
    void vscode.window.showErrorMessage(LANDING_TEXT.tooManyFolders);
    return;
  }
  const copyTo = vscode.Uri.joinPath(target, name);
  const sourceFolder = vscode.Uri.joinPath(deps.context.extensionUri, 'walkthroughs');
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: LANDING_TEXT.progress }, () =>
    deps.server.request(ApplyToFolderRequest, { sourceFolder: sourceFolder.toString(), targetFolder: target.toString(), copyTo: copyTo.toString() }, undefined),
  );
  if (!result) {
    void vscode.window.showErrorMessage(LANDING_TEXT.serverFailed);
    return;
  }
  if (result.error) {
    void vscode.window.showErrorMessage(result.error);
    return;
  }
  await deps.view.show({ target, copyTo, sourceFolder, preview: result.walkthroughs, copies: result.copies ?? [], written: false, skipped: new Set(), dropped: new Map(), accepted: new Set() });
  const skipConfirm = typeof options === 'object' && options !== null && (options as { confirm?: unknown }).confirm === false;
  // The report opens in the editor area with nothing over it: its Write button stays until used.
  deps.panel?.show();
  if (skipConfirm) await writeLanding(deps);
}

/**
 * Writes the previewed copies (once) without the skipped walkthroughs and dropped steps: one
 * WorkspaceEdit creating every file, never overwriting. Steps accepted before writing are
 * confirmed on the written copies.
 */
export async function writeLanding(deps: LandingDeps): Promise<void> {
  const state = deps.view.current;
  if (!state || state.written) return;
  const skippedPaths = new Set<string>();
  const dropped = new Map<string, ReadonlySet<string>>();
  for (const walkthrough of state.preview) {
    const path = copyPathOf(state, walkthrough);
    if (path === undefined) continue;
    const steps = state.dropped.get(walkthrough.id);
    if (state.skipped.has(walkthrough.id) || (steps && walkthrough.steps.every((s) => steps.has(s.id)))) skippedPaths.add(path);
    else if (steps?.size) dropped.set(path, steps);
  }
  const copies = state.copies.flatMap((copy) => {
    if (skippedPaths.has(copy.path)) return [];
    const steps = dropped.get(copy.path);
    const text = steps ? withoutSteps(copy.text, steps) : copy.text;
    return text === undefined ? [] : [{ path: copy.path, text }];
  });
  if (!copies.some((c) => /\.ya?ml$/.test(c.path))) {
    void vscode.window.showWarningMessage(LANDING_TEXT.nothingToWrite);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  const encoder = new TextEncoder();
  for (const copy of copies) {
    const uri = vscode.Uri.joinPath(state.copyTo, ...copy.path.split('/'));
    edit.createFile(uri, { contents: encoder.encode(copy.text), overwrite: false, ignoreIfExists: false });
  }
  let applied = false;
  try {
    applied = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
  } catch (error) {
    void vscode.window.showErrorMessage(LANDING_TEXT.writeFailed(error instanceof Error ? error.message : String(error)));
    return;
  }
  if (!applied) {
    void vscode.window.showErrorMessage(LANDING_TEXT.writeFailed(LANDING_TEXT.notApplied));
    return;
  }
  await waitForCopies(deps.list, state.copyTo.toString(), 15_000);
  // What the user accepted in the preview is confirmed on the copies (as they resolve now).
  for (const key of state.accepted) {
    const [walkthroughId, stepId] = key.split('\u0000');
    if (walkthroughId !== undefined && stepId !== undefined) await deps.practice.confirm(walkthroughId, stepId);
  }
  deps.view.markWritten();
}

/** Starts the primary written copy (the report's Start button). */
export async function startLanded(deps: LandingDeps): Promise<void> {
  const state = deps.view.current;
  if (!state?.written) return;
  const copies = copiesIn(deps.list.walkthroughs, state.copyTo.toString());
  const primary = copies.find((w) => w.primary) ?? copies[0];
  if (primary) await vscode.commands.executeCommand('walkthroughs.start', primary.id);
}

/** The written copies, once the language server has picked them up (or what is there after `ms`). */
async function waitForCopies(list: WalkthroughList, copyTo: string, ms: number) {
  await list.refresh();
  await list.waitFor((l) => copiesIn(l.walkthroughs, copyTo).length > 0, ms);
  return copiesIn(list.walkthroughs, copyTo);
}

function findStep(deps: LandingDeps, walkthroughId: string, stepId: string) {
  return deps.view.findStep(walkthroughId, stepId)?.step ?? deps.list.findStep(walkthroughId, stepId);
}

/** Opens the step's file with its current (or closest) lines selected, ready for "Use This Location". */
export async function goToClosestMatch(deps: LandingDeps, ...args: unknown[]): Promise<void> {
  const ids = stepIdsOf(args);
  if (ids) await openClosest(deps, ids.walkthroughId, ids.stepId);
}

/** The same, in a given editor column (the report opens code beside itself). */
export async function openClosest(deps: LandingDeps, walkthroughId: string, stepId: string, viewColumn?: vscode.ViewColumn): Promise<void> {
  const step = findStep(deps, walkthroughId, stepId);
  if (!step) return;
  const match = closestMatch(step);
  if (!match) {
    void vscode.window.showInformationMessage(LANDING_TEXT.noClosest(step));
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(match.uri));
  const last = Math.min(match.range.endLine, document.lineCount - 1);
  const selection = new vscode.Selection(match.range.startLine, 0, last, document.lineAt(last).text.length);
  const editor = await vscode.window.showTextDocument(document, { selection, preview: false, ...(viewColumn !== undefined ? { viewColumn } : {}) });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Re-anchors the step to the editor's selection: the authoring command does the (undoable) edit. */
export async function useThisLocation(deps: LandingDeps, ...args: unknown[]): Promise<void> {
  const ids = stepIdsOf(args);
  if (!ids) return;
  const state = deps.view.current;
  const inPreview = state && !state.written && state.preview.some((w) => w.id === ids.walkthroughId) && !deps.list.find(ids.walkthroughId);
  if (inPreview) {
    const choice = await vscode.window.showInformationMessage(LANDING_TEXT.writeFirst, LANDING_TEXT.confirmWrite);
    if (choice === LANDING_TEXT.confirmWrite) await writeLanding(deps);
    return;
  }
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes(REANCHOR_COMMAND)) {
    void vscode.window.showWarningMessage(LANDING_TEXT.reanchorMissing);
    return;
  }
  await vscode.commands.executeCommand(REANCHOR_COMMAND, ids.walkthroughId, ids.stepId);
}
