// "Convert CodeTour Tour to Walkthrough" and "Export Walkthrough…": the server computes the text,
// this module asks where it goes and writes it — the conversion as an undoable WorkspaceEdit,
// the export atomically (a temporary file renamed over the target).
import { unavailableInBrowser } from '../runtime';
import * as vscode from 'vscode';
import { isCodeTourFile } from '../../../common/src/walkthroughFiles';
import { ConvertTourRequest, ExportAnkiRequest, ExportWalkthroughRequest, type WalkthroughSummary } from '../../../common/src/protocol';
import { plural, t } from '../l10n';
import { walkthroughIdOf } from '../commandArgs';
import type { CommandTable } from '../commandTable';
import type { WalkthroughClient } from '../languageClient';
import { isWalkthroughUri } from '../walkthroughFiles';
import type { WalkthroughList } from '../walkthroughList';

/** Every user-facing string of this module, in one place (for localization). */
const TEXT = {
  get pickTour() { return t('Convert which CodeTour tour?'); },
  get noTours() { return t('There are no CodeTour tours (.tours, .vscode/tours, .github/tours) in this workspace.'); },
  notATour: (name: string) => t('{0} is not a CodeTour tour the walkthroughs engine has loaded.', name),
  get saveConverted() { return t('Save the converted walkthrough'); },
  converted: (tour: string, file: string) => t('Converted "{0}" to {1}. Its steps now carry their code as anchors.', tour, file),
  convertedWithNotes: (tour: string, file: string, n: number) =>
    plural(n, 'Converted "{1}" to {2}; {0} step could not be anchored (see the walkthrough\'s diagnostics).', 'Converted "{1}" to {2}; {0} steps could not be anchored (see the walkthrough\'s diagnostics).', tour, file),
  get convertFailed() { return t('The tour could not be converted.'); },
  repaired: (n: number) => plural(n, '{0} line step was repaired from history (its code read as it was when the tour was written).', '{0} line steps were repaired from history (their code read as it was when the tour was written).'),
  get pickWalkthrough() { return t('Export which walkthrough?'); },
  get noWalkthroughs() { return t('There are no walkthroughs to export.'); },
  get pickFormat() { return t('Export as…'); },
  get html() { return t('HTML page'); },
  get htmlDetail() { return t('One self-contained page: reads on a phone, prints cleanly'); },
  get markdown() { return t('Markdown'); },
  get markdownDetail() { return t('One .md file'); },
  get saveExport() { return t('Export'); },
  exported: (file: string) => t('Exported to {0}.', file),
  unsavedIncluded: (files: string) => t('The code excerpts include unsaved changes in {0}.', files),
  get exportFailed() { return t('The walkthrough could not be exported.'); },
  get openInBrowser() { return t('Open in Browser'); },
  get openInEditor() { return t('Open'); },
  get deleteTour() { return t('Delete the .tour File'); },
  get pickAnki() { return t('Practice cards from which walkthroughs?'); },
  get saveAnki() { return t('Export Practice Cards'); },
  get ankiFilter() { return t('Anki text import'); },
  ankiExported: (n: number, file: string) =>
    plural(n, 'Exported {0} practice card to {1}. In Anki: File → Import; exporting again and importing updates the same notes.', 'Exported {0} practice cards to {1}. In Anki: File → Import; exporting again and importing updates the same notes.', file),
};

export function convertAndExportCommands(server: WalkthroughClient, list: WalkthroughList): CommandTable {
  return {
    'walkthroughs.convertTour': (arg?: unknown) => convertTour(server, list, arg),
    'walkthroughs.export': (arg?: unknown) => exportWalkthrough(server, list, walkthroughIdOf(arg)),
    'walkthroughs.exportAnki': (arg?: unknown) => exportAnki(server, list, walkthroughIdOf(arg)),
  };
}

async function pickTourUri(list: WalkthroughList, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const fromTree = arg && typeof arg === 'object' && 'walkthrough' in arg ? (arg as { walkthrough: WalkthroughSummary }).walkthrough : undefined;
  if (fromTree) return vscode.Uri.parse(fromTree.uri);
  const active = vscode.window.activeTextEditor?.document.uri;
  // A tour the server loads (a `.tour` elsewhere is not a walkthrough, so it cannot be converted).
  if (active && isCodeTourFile(active.path) && isWalkthroughUri(active)) return active;
  await list.refresh();
  const tours = list.walkthroughs.filter((w) => w.format === 'codetour');
  if (tours.length === 0) {
    void vscode.window.showInformationMessage(TEXT.noTours);
    return undefined;
  }
  if (tours.length === 1) return vscode.Uri.parse(tours[0]!.uri);
  const picked = await vscode.window.showQuickPick(
    tours.map((w) => ({ label: w.title, description: vscode.workspace.asRelativePath(vscode.Uri.parse(w.uri)), uri: w.uri })),
    { placeHolder: TEXT.pickTour },
  );
  return picked && vscode.Uri.parse(picked.uri);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

export async function convertTour(server: WalkthroughClient, list: WalkthroughList, arg?: unknown): Promise<vscode.Uri | undefined> {
  const tourUri = await pickTourUri(list, arg);
  if (!tourUri) return undefined;
  let result = await server.request(ConvertTourRequest, { uri: tourUri.toString() }, null);
  if (!result) {
    void vscode.window.showWarningMessage(TEXT.notATour(vscode.workspace.asRelativePath(tourUri)));
    return undefined;
  }
  let target = vscode.Uri.parse(result.defaultUri);
  let overwrite = false;
  if (await exists(target)) {
    // Never over an existing file without asking: VS Code's save dialog confirms a replacement.
    const chosen = await vscode.window.showSaveDialog({ defaultUri: target, filters: { Walkthrough: ['yaml', 'yml'] }, title: TEXT.saveConverted });
    if (!chosen) return undefined;
    target = chosen;
    overwrite = true;
    result = await server.request(ConvertTourRequest, { uri: tourUri.toString(), targetUri: target.toString() }, null);
    if (!result) {
      void vscode.window.showErrorMessage(TEXT.convertFailed);
      return undefined;
    }
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { overwrite, contents: new TextEncoder().encode(result.text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(TEXT.convertFailed);
    return undefined;
  }
  await vscode.window.showTextDocument(target, { preview: false });
  const title = list.walkthroughs.find((w) => w.uri === tourUri.toString())?.title ?? vscode.workspace.asRelativePath(tourUri);
  const where = vscode.workspace.asRelativePath(target);
  // The tour and its conversion would both show CodeLens; removing the tour is the user's call
  // (one undoable WorkspaceEdit, to the trash where the platform has one).
  const history = result.repaired?.length ? ` ${TEXT.repaired(result.repaired.length)}` : '';
  if (result.historyWarning) void vscode.window.showWarningMessage(result.historyWarning); // already localized by the server
  void vscode.window
    .showInformationMessage((result.notes.length ? TEXT.convertedWithNotes(title, where, result.notes.length) : TEXT.converted(title, where)) + history, TEXT.deleteTour)
    .then(async (choice) => {
      if (choice !== TEXT.deleteTour) return;
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(tourUri, { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(remove);
    });
  return target;
}

function safeFileName(text: string): string {
  const cleaned = text.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '-').replace(/^[.\s-]+|[.\s-]+$/g, '');
  return cleaned.slice(0, 80) || 'walkthrough';
}

export async function exportWalkthrough(server: WalkthroughClient, list: WalkthroughList, walkthroughId?: string): Promise<vscode.Uri | undefined> {
  if (unavailableInBrowser(t('Export Walkthrough'))) return undefined;
  await list.refresh();
  let walkthrough = walkthroughId === undefined ? undefined : list.find(walkthroughId);
  if (!walkthrough) {
    if (list.walkthroughs.length === 0) {
      void vscode.window.showInformationMessage(TEXT.noWalkthroughs);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      list.walkthroughs.map((w) => ({ label: w.title, description: vscode.workspace.asRelativePath(vscode.Uri.parse(w.uri)), walkthrough: w })),
      { placeHolder: TEXT.pickWalkthrough },
    );
    walkthrough = picked?.walkthrough;
  }
  if (!walkthrough) return undefined;
  const format = await vscode.window.showQuickPick(
    [
      { label: TEXT.html, detail: TEXT.htmlDetail, format: 'html' as const, extension: 'html' },
      { label: TEXT.markdown, detail: TEXT.markdownDetail, format: 'md' as const, extension: 'md' },
    ],
    { placeHolder: TEXT.pickFormat },
  );
  if (!format) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(walkthrough.uri))?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder && vscode.Uri.joinPath(folder, `${safeFileName(walkthrough.id)}.${format.extension}`);
  const target = await vscode.window.showSaveDialog({ ...(defaultUri ? { defaultUri } : {}), filters: { [format.label]: [format.extension] }, title: TEXT.saveExport, saveLabel: TEXT.saveExport });
  if (!target) return undefined;
  const result = await server.request(ExportWalkthroughRequest, { walkthroughId: walkthrough.id, format: format.format }, null);
  if (!result) {
    void vscode.window.showErrorMessage(TEXT.exportFailed);
    return undefined;
  }
  if (!(await writeAtomically(target, result.text))) return undefined;
  const actions = format.format === 'html' ? [TEXT.openInBrowser, TEXT.openInEditor] : [TEXT.openInEditor];
  // The excerpts are the code as the editor has it: say so when that is not what is saved.
  const unsaved = result.unsaved?.length ? ` ${TEXT.unsavedIncluded(result.unsaved.join(', '))}` : '';
  void vscode.window.showInformationMessage(TEXT.exported(vscode.workspace.asRelativePath(target)) + unsaved, ...actions).then((choice) => {
    if (choice === TEXT.openInBrowser) void vscode.env.openExternal(target);
    else if (choice === TEXT.openInEditor) void vscode.window.showTextDocument(target);
  });
  return target;
}

/** Writes through a temporary file renamed over the target; says why when it cannot. */
async function writeAtomically(target: vscode.Uri, text: string): Promise<boolean> {
  const temporary = target.with({ path: `${target.path}.${Date.now().toString(36)}.tmp` });
  try {
    await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
    return true;
  } catch (error) {
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    void vscode.window.showErrorMessage(`${TEXT.exportFailed} ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * "Export Practice Cards for Anki…": the chosen walkthroughs (from the tree: that one; else a
 * pick, all selected) as one file for Anki's text import, one note per step.
 */
export async function exportAnki(server: WalkthroughClient, list: WalkthroughList, walkthroughId?: string): Promise<vscode.Uri | undefined> {
  if (unavailableInBrowser(t('Export Practice Cards'))) return undefined;
  await list.refresh();
  if (list.walkthroughs.length === 0) {
    void vscode.window.showInformationMessage(TEXT.noWalkthroughs);
    return undefined;
  }
  let ids: string[] | undefined = walkthroughId !== undefined && list.find(walkthroughId) ? [walkthroughId] : undefined;
  if (!ids) {
    const picked = await vscode.window.showQuickPick(
      list.walkthroughs.map((w) => ({ label: w.title, description: vscode.workspace.asRelativePath(vscode.Uri.parse(w.uri)), picked: true, id: w.id })),
      { placeHolder: TEXT.pickAnki, canPickMany: true },
    );
    if (!picked || picked.length === 0) return undefined;
    ids = picked.map((item) => item.id);
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = ids.length === 1 ? safeFileName(ids[0]!) : 'practice-cards';
  const defaultUri = folder && vscode.Uri.joinPath(folder, `${name}.anki.txt`);
  const target = await vscode.window.showSaveDialog({ ...(defaultUri ? { defaultUri } : {}), filters: { [TEXT.ankiFilter]: ['txt'] }, title: TEXT.saveAnki, saveLabel: TEXT.saveAnki });
  if (!target) return undefined;
  const result = await server.request(ExportAnkiRequest, { walkthroughIds: ids }, null);
  if (!result) {
    void vscode.window.showErrorMessage(TEXT.exportFailed);
    return undefined;
  }
  if (!(await writeAtomically(target, result.text))) return undefined;
  void vscode.window.showInformationMessage(TEXT.ankiExported(result.notes, vscode.workspace.asRelativePath(target)), TEXT.openInEditor).then((choice) => {
    if (choice === TEXT.openInEditor) void vscode.window.showTextDocument(target);
  });
  return target;
}
