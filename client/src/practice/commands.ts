// The practice commands: due queue, mock interview, progress, export / import / reset.
import * as vscode from 'vscode';
import { stepIdsOf, walkthroughIdOf } from '../commandArgs';
import type { CommandTable } from '../commandTable';
import type { WalkthroughList } from '../walkthroughList';
import { isSuspended } from './cardFlags';
import { exportHistory, looksLikeHistory, MAX_REVIEWS } from './history';
import type { PracticeController } from './practiceController';
import type { PracticeStore } from './practiceStore';
import type { PracticeProgressView } from './progressView';
import { dayLabel } from './stats';
import { S } from './strings';

/** Import files larger than this are refused (a history of 100,000 reviews is about 10 MB). */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The practice commands. */
export function practiceCommands(list: WalkthroughList, store: PracticeStore, practice: PracticeController, progress: PracticeProgressView): CommandTable {
  return {
    'walkthroughs.practiceDue': () => practice.practiceDue(),
    'walkthroughs.confirmStep': (...args) => confirmStep(list, practice, args),
    'walkthroughs.confirmLanded': async (arg) => {
      const id = walkthroughIdOf(arg);
      if (id === undefined) return;
      const count = await practice.confirmLanded(id);
      vscode.window.setStatusBarMessage(S.confirmedLanded(count), 5000);
    },
    'walkthroughs.mockInterview': (arg) => practice.mockInterview(walkthroughIdOf(arg)),
    'walkthroughs.practiceUndo': () => practice.undo(),
    'walkthroughs.practiceBury': () => practice.setAside('bury'),
    'walkthroughs.practiceSuspend': () => practice.setAside('suspend'),
    'walkthroughs.practiceUnsuspend': () => unsuspend(list, store),
    'walkthroughs.showPracticeProgress': () => progress.show(),
    'walkthroughs.exportPracticeHistory': (arg) => exportToFile(store, walkthroughIdOf(arg)),
    'walkthroughs.importPracticeHistory': () => importFromFile(store),
    'walkthroughs.resetPracticeHistory': (arg) => resetHistory(list, store, walkthroughIdOf(arg)),
  };
}

/** "Looks Right" on a step in doubt: from the tree (a step node) or with (walkthroughId, stepId). */
async function confirmStep(list: WalkthroughList, practice: PracticeController, args: unknown[]): Promise<void> {
  const ids = stepIdsOf(args);
  if (!ids) return;
  const { walkthroughId, stepId } = ids;
  const title = list.findStep(walkthroughId, stepId)?.title ?? stepId;
  if (await practice.confirm(walkthroughId, stepId)) vscode.window.setStatusBarMessage(S.confirmed(title), 5000);
  else void vscode.window.showInformationMessage(S.nothingToConfirm);
}

/** Lists the suspended questions (of steps that still exist) and unsuspends the ones picked. */
async function unsuspend(list: WalkthroughList, store: PracticeStore): Promise<void> {
  type Item = vscode.QuickPickItem & { key: { walkthroughId: string; stepId: string } };
  const items: Item[] = [];
  for (const walkthrough of list.walkthroughs) {
    for (const step of walkthrough.steps) {
      const key = { walkthroughId: walkthrough.id, stepId: step.id };
      if (isSuspended(store.flags, key)) items.push({ key, label: step.title, description: walkthrough.title });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(S.noneSuspended);
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: S.unsuspendTitle, canPickMany: true });
  if (!picked?.length) return;
  for (const item of picked) await store.restore(item.key);
  vscode.window.setStatusBarMessage(S.unsuspended, 5000);
}

async function exportToFile(store: PracticeStore, walkthroughId?: string): Promise<void> {
  const now = Date.now();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `walkthrough-practice-${dayLabel(now)}.json`;
  const target = await vscode.window.showSaveDialog({
    title: S.export,
    filters: { JSON: ['json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!target) return;
  const text = exportHistory(store.history, now, walkthroughId);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const count = (JSON.parse(text) as { reviews: unknown[] }).reviews.length;
  void vscode.window.showInformationMessage(S.exportDone(count, vscode.workspace.asRelativePath(target, false)));
}

async function importFromFile(store: PracticeStore): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ title: S.import, canSelectMany: false, filters: { JSON: ['json'] } });
  const file = picked?.[0];
  if (!file) return;
  let value: unknown;
  try {
    const stat = await vscode.workspace.fs.stat(file);
    if (stat.size > MAX_IMPORT_BYTES) throw new Error(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    value = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  } catch (error) {
    void vscode.window.showErrorMessage(S.importUnreadable(error instanceof Error ? error.message : String(error)));
    return;
  }
  if (!looksLikeHistory(value)) {
    void vscode.window.showErrorMessage(S.importNotHistory);
    return;
  }
  const { added, dropped, trimmed } = await store.import(value);
  void vscode.window.showInformationMessage(trimmed ? `${S.importDone(added, dropped)} ${S.importTrimmed(trimmed, MAX_REVIEWS)}` : S.importDone(added, dropped));
}

async function resetHistory(list: WalkthroughList, store: PracticeStore, walkthroughId?: string): Promise<void> {
  if (walkthroughId === undefined) {
    type Item = vscode.QuickPickItem & { id?: string };
    const items: Item[] = [{ label: S.resetAll }, ...list.walkthroughs.map((w) => ({ label: w.title, id: w.id }))];
    const picked = await vscode.window.showQuickPick(items, { title: S.reset });
    if (!picked) return;
    walkthroughId = picked.id;
  }
  const target = walkthroughId ? list.find(walkthroughId)?.title ?? walkthroughId : S.resetAll;
  const choice = await vscode.window.showWarningMessage(S.resetConfirm(target), { modal: true }, S.reset);
  if (choice === S.reset) await store.reset(walkthroughId);
}
