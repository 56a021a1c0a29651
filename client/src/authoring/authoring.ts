// Authoring walkthroughs from the editor: "Add Step from Selection" (pick the walkthrough, a memo
// section, a title and a question), the tree's step and walkthrough actions (rename, edit,
// delete, move, drag and drop, re-anchor, insert, set primary) and "Add Step for This Section"
// on memo headings. The server computes every YAML edit (`walkthroughs/edit`); this module only
// asks, applies the WorkspaceEdit (one undoable step, fine on unsaved buffers) and saves files
// that had no unsaved changes before.
import * as vscode from 'vscode';
import {
  DeclarationsRequest,
  EditWalkthroughRequest,
  MemoSectionsRequest,
  type CodeSelection,
  type DeclarationsResult,
  type EditWalkthroughResult,
  type MemoSectionsResult,
  type StepSummary,
  type WalkthroughEdit,
  type WalkthroughSummary,
} from '../../../server/src/protocol';
import type { WalkthroughClient } from '../languageClient';
import { isWalkthroughUri } from '../walkthroughFiles';
import type { TourController } from '../tour/tourController';
import type { TreeNode, WalkthroughTree } from '../views/walkthroughTree';
import type { WalkthroughList } from '../walkthroughList';
import { PointsEditor } from './pointsEditor';
import { asWalkthroughFileName, walkthroughsFolder } from './newWalkthroughPlace';
import { S } from './strings';
import { walkthroughGlobs } from '../walkthroughFiles';

const RECENT_KEY = 'walkthroughs.authoring.recent';
export const TREE_MIME = 'application/vnd.code.tree.walkthroughs.tree';

/** Options of the add-step flow; everything not given is asked for. */
export interface AddStepOptions {
  walkthroughId?: string;
  /** 0-based place of the new step. Default: after the tour's current step, else the end. */
  index?: number;
  /** A `section:` reference already chosen (memo heading flow). */
  section?: string;
  /** The memo the section is in, for "New Walkthrough…". */
  memoUri?: string;
  location?: CodeSelection;
}

type StepRef = { walkthroughId: string; stepId: string };
type SectionPick = { kind: 'section'; reference: string } | { kind: 'inline' } | { kind: 'typed'; text: string } | { kind: 'none' };

/** `(walkthroughId, stepId)` from another view, or a tree node. */
export function stepRefOf(args: unknown[]): StepRef | undefined {
  const [a, b] = args;
  if (typeof a === 'string' && typeof b === 'string') return { walkthroughId: a, stepId: b };
  if (a && typeof a === 'object' && (a as TreeNode).kind === 'step') {
    const node = a as Extract<TreeNode, { kind: 'step' }>;
    return { walkthroughId: node.walkthrough.id, stepId: node.step.id };
  }
  return undefined;
}

function walkthroughIdOf(args: unknown[]): string | undefined {
  const [a] = args;
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object' && 'walkthrough' in a) return (a as TreeNode).walkthrough.id;
  return undefined;
}

function toSelection(editor: vscode.TextEditor): CodeSelection {
  const { start, end } = editor.selection;
  return { uri: editor.document.uri.toString(), range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
}

/** A code editor: a file on disk that is neither a walkthrough nor a markdown memo. */
function isCodeEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return !!editor && editor.document.uri.scheme === 'file' && !isWalkthroughUri(editor.document.uri) && editor.document.languageId !== 'markdown';
}

export class Authoring implements vscode.Disposable, vscode.TreeDragAndDropController<TreeNode> {
  readonly dropMimeTypes = [TREE_MIME];
  readonly dragMimeTypes = [TREE_MIME];
  private lastCode: CodeSelection | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private tour: TourController | undefined;
  private tree: WalkthroughTree | undefined;
  private readonly pointsEditor: PointsEditor;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: WalkthroughClient,
    private readonly list: WalkthroughList,
    private readonly ensureServer: () => Promise<void>,
  ) {
    // The last code selection: tree and memo actions run while the code editor is not focused.
    const remember = (editor: vscode.TextEditor | undefined) => {
      if (isCodeEditor(editor)) this.lastCode = toSelection(editor);
    };
    remember(vscode.window.activeTextEditor);
    this.pointsEditor = new PointsEditor(context.storageUri ?? context.globalStorageUri);
    this.disposables.push(
      this.pointsEditor,
      vscode.window.onDidChangeActiveTextEditor(remember),
      vscode.window.onDidChangeTextEditorSelection((e) => remember(e.textEditor)),
    );
  }

  register(tour: TourController, tree: WalkthroughTree): void {
    this.tour = tour;
    this.tree = tree;
    const register = (id: string, run: (...args: unknown[]) => unknown) => this.disposables.push(vscode.commands.registerCommand(id, run));
    register('walkthroughs.addStepFromSelection', (...args) => {
      // From the tree (a walkthrough node) or the editor (a URI or nothing).
      const walkthroughId = args[0] instanceof vscode.Uri ? undefined : walkthroughIdOf(args);
      return this.addStep({ ...(walkthroughId ? { walkthroughId } : {}) }, true);
    });
    register('walkthroughs.insertStepBefore', (...args) => this.insertAt(args, 0));
    register('walkthroughs.insertStepAfter', (...args) => this.insertAt(args, 1));
    register('walkthroughs.reanchorStep', (...args) => this.reanchor(args));
    register('walkthroughs.renameStep', (...args) => this.renameStep(args));
    register('walkthroughs.editStepQuestion', (...args) => this.editText(args, 'question'));
    register('walkthroughs.editStepPoints', (...args) => this.editText(args, 'points'));
    register('walkthroughs.deleteStep', (...args) => this.deleteStep(args));
    register('walkthroughs.moveStepUp', (...args) => this.moveBy(args, -1));
    register('walkthroughs.moveStepDown', (...args) => this.moveBy(args, 1));
    register('walkthroughs.renameWalkthrough', (...args) => this.renameWalkthrough(args));
    register('walkthroughs.setPrimary', (...args) => this.simple(args, (walkthroughId) => ({ kind: 'setPrimary', walkthroughId })));
    register('walkthroughs.deleteWalkthrough', (...args) => this.deleteWalkthrough(args));
    register('walkthroughs.addStepForSection', (...args) => this.addStepForSection(args));
  }

  // -------------------------------------------------------------------------------------------
  // Talking to the server and applying edits.

  private async edit(op: WalkthroughEdit): Promise<EditWalkthroughResult | undefined> {
    await this.ensureServer();
    // A version mismatch (the user typed meanwhile) fails the edit: compute it again once.
    for (let attempt = 0; attempt < 2; attempt++) {
      // A server failure is said as such, not as "the server is not running".
      const answer = await this.server.attempt<EditWalkthroughResult>(EditWalkthroughRequest, op);
      const result: EditWalkthroughResult = 'result' in answer ? answer.result : { error: answer.error };
      if (result.error || !result.edit) {
        if (result.error) void vscode.window.showErrorMessage(result.error);
        return undefined;
      }
      const touched = result.edit.documentChanges.flatMap((c) => ('textDocument' in c ? [c.textDocument.uri] : 'kind' in c && c.kind === 'create' ? [c.uri] : []));
      const clean = new Set(touched.filter((uri) => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === vscode.Uri.parse(uri).toString() && d.isDirty)));
      const edit = await this.server.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
      if (await vscode.workspace.applyEdit(edit)) {
        // Files that had no unsaved changes are saved, so the tree, the CLI and git see the step;
        // the edit stays undoable in the file's editor.
        for (const uri of clean) {
          const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === vscode.Uri.parse(uri).toString());
          if (document?.isDirty) await document.save();
        }
        await this.list.refresh();
        return result;
      }
    }
    void vscode.window.showErrorMessage(S.applyFailed);
    return undefined;
  }

  private async simple(args: unknown[], op: (walkthroughId: string) => WalkthroughEdit): Promise<void> {
    const walkthroughId = walkthroughIdOf(args);
    if (walkthroughId) await this.edit(op(walkthroughId));
  }

  private stepOf(ref: StepRef): { walkthrough: WalkthroughSummary; step: StepSummary } | undefined {
    const walkthrough = this.list.find(ref.walkthroughId);
    const step = walkthrough?.steps.find((s) => s.id === ref.stepId);
    return walkthrough && step ? { walkthrough, step } : undefined;
  }

  /** The code selection a command uses: the active code editor's, else the last one. */
  private codeSelection(): CodeSelection | undefined {
    const active = vscode.window.activeTextEditor;
    return isCodeEditor(active) ? toSelection(active) : this.lastCode;
  }

  private async revealStep(walkthroughUri: string, index: number): Promise<StepSummary | undefined> {
    const walkthrough = this.list.walkthroughs.find((w) => vscode.Uri.parse(w.uri).toString() === vscode.Uri.parse(walkthroughUri).toString());
    const step = walkthrough?.steps[index];
    if (walkthrough && step && this.tree?.view.visible) {
      await Promise.resolve(this.tree.view.reveal({ kind: 'step', walkthrough, step }, { select: true, focus: false, expand: true })).then(undefined, () => undefined);
    }
    return step;
  }

  // -------------------------------------------------------------------------------------------
  // Add Step from Selection.

  async addStep(options: AddStepOptions, fromEditor = false): Promise<void> {
    await this.ensureServer();
    await this.list.ready();
    let location = options.location;
    if (!location) {
      const active = vscode.window.activeTextEditor;
      const usable = active && active.document.uri.scheme === 'file' && !isWalkthroughUri(active.document.uri);
      location = fromEditor && usable ? toSelection(active) : this.codeSelection();
    }
    if (!location) {
      void vscode.window.showWarningMessage(S.selectCodeFirst);
      return;
    }
    const target = options.walkthroughId ? { id: options.walkthroughId } : await this.pickWalkthrough(location, options.memoUri);
    if (!target) return;

    let section = options.section;
    let points: string | undefined;
    if (section === undefined) {
      const memo = 'id' in target ? { walkthroughId: target.id } : target.memoUri ? { memoUri: target.memoUri } : undefined;
      const picked = await this.pickSection(memo);
      if (!picked) return;
      if (picked.kind === 'section') section = picked.reference;
      if (picked.kind === 'typed') points = picked.text;
      if (picked.kind === 'inline') {
        points = await this.pointsEditor.edit();
        if (points === undefined) return;
      }
    }
    const title = await vscode.window.showInputBox({ title: S.titlePrompt, prompt: S.titlePrompt, ignoreFocusOut: true });
    if (title === undefined) return;
    const question = await vscode.window.showInputBox({ title: S.questionPrompt, prompt: S.questionPrompt, ignoreFocusOut: true });
    if (question === undefined) return;
    const step = { location, ...(section ? { section } : {}), ...(points ? { points } : {}), ...(title.trim() ? { title } : {}), ...(question.trim() ? { question } : {}) };

    let result: EditWalkthroughResult | undefined;
    let walkthroughTitle: string;
    if ('id' in target) {
      const index = options.index ?? this.afterCurrentStep(target.id);
      result = await this.edit({ kind: 'addStep', walkthroughId: target.id, ...(index === undefined ? {} : { index }), step });
      walkthroughTitle = this.list.find(target.id)?.title ?? target.id;
      if (result) await this.rememberRecent(target.id);
    } else {
      result = await this.edit({ kind: 'createWalkthrough', uri: target.uri, title: target.title, ...(target.memoUri ? { memoUri: target.memoUri } : {}), step });
      walkthroughTitle = target.title;
      if (result) {
        // The server learns about the new file from the file watcher; wait for it to list it.
        await this.waitForWalkthrough(target.uri);
        const created = this.list.walkthroughs.find((w) => vscode.Uri.parse(w.uri).toString() === vscode.Uri.parse(target.uri).toString());
        if (created) await this.rememberRecent(created.id);
      }
    }
    if (!result?.step) return;
    await this.revealStep(result.step.walkthroughUri, result.step.index);
    vscode.window.setStatusBarMessage(S.stepAdded(result.step.index + 1, walkthroughTitle), 5000);
  }

  /** While a tour of this walkthrough runs, new steps go after its current step. */
  private afterCurrentStep(walkthroughId: string): number | undefined {
    const active = this.tour?.active;
    if (!active || active.walkthroughId !== walkthroughId) return undefined;
    const step = this.list.findStep(active.walkthroughId, active.stepId);
    return step ? step.index + 1 : undefined;
  }

  private async waitForWalkthrough(uri: string): Promise<void> {
    const target = vscode.Uri.parse(uri).toString();
    const has = () => this.list.walkthroughs.some((w) => vscode.Uri.parse(w.uri).toString() === target);
    for (let i = 0; i < 40 && !has(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await this.list.refresh();
    }
  }

  private recent(): string[] {
    return this.context.workspaceState.get<string[]>(RECENT_KEY, []);
  }

  private async rememberRecent(id: string): Promise<void> {
    await this.context.workspaceState.update(RECENT_KEY, [id, ...this.recent().filter((r) => r !== id)].slice(0, 20));
  }

  /** Most recent first, then the primary, then the rest; or a new walkthrough. */
  private async pickWalkthrough(location: CodeSelection, memoUri?: string): Promise<{ id: string } | { uri: string; title: string; memoUri?: string } | undefined> {
    const recent = this.recent();
    const rank = (w: WalkthroughSummary) => {
      const r = recent.indexOf(w.id);
      return r >= 0 ? r : recent.length + (w.primary ? 0 : 1);
    };
    const walkthroughs = [...this.list.walkthroughs].sort((a, b) => rank(a) - rank(b));
    type Item = vscode.QuickPickItem & { id?: string };
    const items: Item[] = walkthroughs.map((w) => ({
      id: w.id,
      label: w.title,
      iconPath: new vscode.ThemeIcon(w.primary ? 'star-full' : 'book'),
      description: [recent.includes(w.id) ? S.recent : '', w.primary ? S.primary : '', S.steps(w.steps.length)].filter(Boolean).join(' · '),
      detail: vscode.workspace.asRelativePath(vscode.Uri.parse(w.uri), true),
    }));
    items.push({ label: S.newWalkthrough, iconPath: new vscode.ThemeIcon('add'), detail: S.newWalkthroughDetail });
    const picked = await vscode.window.showQuickPick(items, { title: S.pickWalkthroughTitle, placeHolder: S.pickWalkthroughPlaceholder, matchOnDetail: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.id) return { id: picked.id };
    return this.newWalkthrough(location, walkthroughs, memoUri);
  }

  private async newWalkthrough(location: CodeSelection, byRecency: WalkthroughSummary[], memoUri?: string): Promise<{ uri: string; title: string; memoUri?: string } | undefined> {
    const title = await vscode.window.showInputBox({ title: S.newWalkthrough, prompt: S.newTitlePrompt, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : S.newTitleRequired) });
    if (!title) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(location.uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showErrorMessage(S.notInWorkspace);
      return undefined;
    }
    // Asked, proposing the folder walkthroughs are read from (newWalkthroughPlace.ts).
    const dir = folder.uri.with({ path: walkthroughsFolder(folder.uri.path, walkthroughGlobs(), byRecency.map((w) => vscode.Uri.parse(w.uri).path)) });
    const proposed = await freeName(dir, fileNameFor(title));
    const chosen = await vscode.window.showSaveDialog({ defaultUri: proposed, title: S.saveWalkthroughTitle, saveLabel: S.saveWalkthroughButton, filters: { [S.walkthroughFilter]: ['yaml', 'yml'] } });
    if (!chosen) return undefined;
    const uri = chosen.with({ path: asWalkthroughFileName(chosen.path) });
    let memo: string | undefined | null = memoUri;
    if (memo === undefined) {
      memo = await this.pickMemo(folder, byRecency);
      if (memo === null) return undefined;
    }
    return { uri: uri.toString(), title: title.trim(), ...(memo ? { memoUri: memo } : {}) };
  }

  /** A memo for a new walkthrough: the ones other walkthroughs use first. `null`: cancelled. */
  private async pickMemo(folder: vscode.WorkspaceFolder, walkthroughs: WalkthroughSummary[]): Promise<string | undefined | null> {
    const used = new Map<string, string>();
    for (const w of walkthroughs.slice(0, 8)) {
      const { memoUri } = await this.server.request<MemoSectionsResult>(MemoSectionsRequest, { walkthroughId: w.id }, { sections: [] });
      if (memoUri && !used.has(memoUri)) used.set(memoUri, w.title);
    }
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{md,markdown}'), '**/{node_modules,.git,dist,out}/**', 200);
    type Item = vscode.QuickPickItem & { uri?: string };
    const items: Item[] = [{ label: S.noMemo, iconPath: new vscode.ThemeIcon('circle-slash'), detail: S.noMemoDetail }];
    for (const [uri, title] of used) items.push({ uri, label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false), description: S.memoOf(title), iconPath: new vscode.ThemeIcon('book') });
    for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) {
      if (!used.has(uri.toString())) items.push({ uri: uri.toString(), label: vscode.workspace.asRelativePath(uri, false), iconPath: new vscode.ThemeIcon('markdown') });
    }
    const picked = await vscode.window.showQuickPick(items, { title: S.pickMemoTitle, placeHolder: S.pickMemoPlaceholder, ignoreFocusOut: true });
    if (!picked) return null;
    return picked.uri;
  }

  /**
   * A memo section with a preview, inline talking points (written in the points editor), or
   * none; or text typed into the filter, which is the talking points themselves: while typing,
   * "Use typed text as the talking point" shows after the headings that match, and Enter takes it
   * when none does.
   */
  private async pickSection(memo: { walkthroughId: string } | { memoUri: string } | undefined): Promise<SectionPick | undefined> {
    const { sections } = memo ? await this.server.request<MemoSectionsResult>(MemoSectionsRequest, memo, { sections: [] }) : { sections: [] };
    type Item = vscode.QuickPickItem & { pick: SectionPick };
    const fixed: Item[] = sections.map((section) => ({
      pick: { kind: 'section', reference: section.reference },
      label: section.heading,
      description: '#'.repeat(section.level),
      // The preview: the section's first lines, flattened (a quick pick shows plain text only).
      detail: section.preview.replace(/\s+/g, ' ').trim().slice(0, 160),
    }));
    const tail: Item[] = [
      { pick: { kind: 'inline' }, label: S.inlinePoints, iconPath: new vscode.ThemeIcon('note'), detail: S.inlinePointsDetail },
      { pick: { kind: 'none' }, label: S.noPoints, iconPath: new vscode.ThemeIcon('dash') },
    ];
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.title = S.pickSectionTitle;
    quickPick.placeholder = S.pickSectionPlaceholder;
    quickPick.matchOnDetail = true;
    quickPick.matchOnDescription = false;
    quickPick.ignoreFocusOut = true;
    // While filtering, items whose label matches come first: headings, then the typed text
    // (its label does not hold what was typed), then the rest in this order.
    quickPick.items = [...fixed, ...tail];
    const typedItem = (text: string): Item => ({ pick: { kind: 'typed', text }, label: S.useTypedText, iconPath: new vscode.ThemeIcon('edit'), detail: text, alwaysShow: true });
    return new Promise<SectionPick | undefined>((resolve) => {
      let result: SectionPick | undefined;
      quickPick.onDidChangeValue((value) => {
        quickPick.items = value.trim() ? [...fixed, typedItem(value.trim()), ...tail] : [...fixed, ...tail];
      });
      quickPick.onDidAccept(() => {
        const active = quickPick.activeItems[0] ?? quickPick.selectedItems[0];
        // Nothing active (every item filtered out): the typed text is the points.
        result = active?.pick ?? (quickPick.value.trim() ? { kind: 'typed', text: quickPick.value.trim() } : undefined);
        if (result) quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve(result);
      });
      quickPick.show();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Tree actions on steps.

  private async insertAt(args: unknown[], offset: 0 | 1): Promise<void> {
    const ref = stepRefOf(args);
    const found = ref && this.stepOf(ref);
    if (!found) return;
    await this.addStep({ walkthroughId: found.walkthrough.id, index: found.step.index + offset });
  }

  async reanchor(args: unknown[]): Promise<void> {
    const ref = stepRefOf(args);
    if (!ref) return;
    const location = this.codeSelection();
    if (!location) {
      void vscode.window.showWarningMessage(S.noCodeEditor);
      return;
    }
    const title = this.stepOf(ref)?.step.title ?? ref.stepId;
    const result = await this.edit({ kind: 'reanchorStep', ...ref, location });
    if (result?.step) {
      await this.revealStep(result.step.walkthroughUri, result.step.index);
      vscode.window.setStatusBarMessage(S.stepReanchored(title), 5000);
    }
  }

  private async renameStep(args: unknown[]): Promise<void> {
    const ref = stepRefOf(args);
    const found = ref && this.stepOf(ref);
    if (!ref || !found) return;
    const title = await vscode.window.showInputBox({ prompt: S.renameStepPrompt, value: found.step.title, ignoreFocusOut: true });
    if (title === undefined) return;
    await this.edit({ kind: 'updateStep', ...ref, title: title.trim() ? title : null });
  }

  private async editText(args: unknown[], key: 'question' | 'points'): Promise<void> {
    const ref = stepRefOf(args);
    if (!ref) return;
    const content = await this.server.step(ref);
    if (!content) return;
    // `points` in the content also holds the memo section's body: prefill only inline points.
    const current = key === 'question' ? content.question : content.section ? undefined : content.points;
    let value: string | undefined;
    if (key === 'points') value = await this.pointsEditor.edit(current ?? '');
    else value = await vscode.window.showInputBox({ prompt: S.questionEditPrompt, value: current ?? '', ignoreFocusOut: true });
    if (value === undefined) return;
    await this.edit({ kind: 'updateStep', ...ref, [key]: value.trim() ? value : null });
  }

  private async deleteStep(args: unknown[]): Promise<void> {
    const ref = stepRefOf(args);
    const found = ref && this.stepOf(ref);
    if (!ref || !found) return;
    const result = await this.edit({ kind: 'deleteStep', ...ref });
    if (!result) return;
    const choice = await vscode.window.showInformationMessage(S.stepDeleted(found.step.title), S.undo);
    if (choice === S.undo) {
      // The deletion is the last edit of the walkthrough's document: undo it there.
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(found.walkthrough.uri));
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      if (document.isDirty) await document.save();
    }
  }

  private async moveBy(args: unknown[], delta: number): Promise<void> {
    const ref = stepRefOf(args);
    const found = ref && this.stepOf(ref);
    if (!ref || !found) return;
    const toIndex = found.step.index + delta;
    if (toIndex < 0 || toIndex >= found.walkthrough.steps.length) return;
    const result = await this.edit({ kind: 'moveStep', ...ref, toIndex });
    if (result?.step) await this.revealStep(result.step.walkthroughUri, result.step.index);
  }

  // Drag and drop: steps onto a step (take its place) or onto a walkthrough (its end).
  handleDrag(source: readonly TreeNode[], dataTransfer: vscode.DataTransfer): void {
    const steps = source.filter((n) => n.kind === 'step');
    if (steps.length > 0) dataTransfer.set(TREE_MIME, new vscode.DataTransferItem(steps));
  }

  async handleDrop(target: TreeNode | undefined, dataTransfer: vscode.DataTransfer): Promise<void> {
    const item = dataTransfer.get(TREE_MIME);
    const nodes = (item?.value ?? []) as TreeNode[];
    const moved = Array.isArray(nodes) ? nodes.find((n): n is Extract<TreeNode, { kind: 'step' }> => n?.kind === 'step') : undefined;
    if (!moved || !target) return;
    const toWalkthrough = target.walkthrough;
    const sameFile = toWalkthrough.id === moved.walkthrough.id;
    const toIndex = target.kind === 'step' ? target.step.index : sameFile ? toWalkthrough.steps.length - 1 : toWalkthrough.steps.length;
    if (sameFile && toIndex === moved.step.index) return;
    const result = await this.edit({
      kind: 'moveStep',
      walkthroughId: moved.walkthrough.id,
      stepId: moved.step.id,
      toIndex,
      ...(sameFile ? {} : { toWalkthroughId: toWalkthrough.id }),
    });
    if (result?.step) await this.revealStep(result.step.walkthroughUri, result.step.index);
  }

  // -------------------------------------------------------------------------------------------
  // Tree actions on walkthroughs.

  private async renameWalkthrough(args: unknown[]): Promise<void> {
    const walkthroughId = walkthroughIdOf(args);
    const walkthrough = walkthroughId && this.list.find(walkthroughId);
    if (!walkthrough) return;
    const title = await vscode.window.showInputBox({ prompt: S.renameWalkthroughPrompt, value: walkthrough.title, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : S.newTitleRequired) });
    if (!title) return;
    await this.edit({ kind: 'renameWalkthrough', walkthroughId: walkthrough.id, title });
  }

  private async deleteWalkthrough(args: unknown[]): Promise<void> {
    const walkthroughId = walkthroughIdOf(args);
    const walkthrough = walkthroughId && this.list.find(walkthroughId);
    if (!walkthrough) return;
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(walkthrough.uri), false);
    const choice = await vscode.window.showWarningMessage(S.deleteWalkthroughConfirm(walkthrough.title, file), { modal: true }, S.deleteButton);
    if (choice !== S.deleteButton) return;
    await this.edit({ kind: 'deleteWalkthrough', walkthroughId: walkthrough.id });
  }

  // -------------------------------------------------------------------------------------------
  // Memo headings.

  /** Args from the memo CodeLens: `[memoUri, reference]`; from the context menu: the cursor's heading. */
  private async addStepForSection(args: unknown[]): Promise<void> {
    await this.ensureServer();
    await this.list.ready();
    let memoUri = typeof args[0] === 'string' ? args[0] : undefined;
    let reference = typeof args[1] === 'string' ? args[1] : undefined;
    if (!memoUri || !reference) {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'markdown') {
        void vscode.window.showWarningMessage(S.noHeading);
        return;
      }
      memoUri = editor.document.uri.toString();
      const { sections } = await this.server.request<MemoSectionsResult>(MemoSectionsRequest, { memoUri }, { sections: [] });
      const line = editor.selection.active.line;
      const heading = sections.filter((s) => s.line <= line).sort((a, b) => b.line - a.line)[0];
      if (!heading) {
        void vscode.window.showWarningMessage(S.noHeading);
        return;
      }
      reference = heading.reference;
    }
    // Walkthroughs whose memo this is come first; others could not cite the section by heading.
    const citing: string[] = [];
    for (const w of this.list.walkthroughs) {
      const { memoUri: theirs } = await this.server.request<MemoSectionsResult>(MemoSectionsRequest, { walkthroughId: w.id }, { sections: [] });
      if (theirs && vscode.Uri.parse(theirs).toString() === vscode.Uri.parse(memoUri).toString()) citing.push(w.id);
    }
    const location = this.codeSelection() ?? (await this.pickDeclaration(citing));
    if (!location) return;
    const walkthroughId = citing.length === 1 ? citing[0] : undefined;
    await this.addStep({ ...(walkthroughId ? { walkthroughId } : {}), section: reference, memoUri, location });
  }

  /** No code selected: a declaration from the files these walkthroughs point into, or open editors. */
  private async pickDeclaration(walkthroughIds: string[]): Promise<CodeSelection | undefined> {
    const uris = new Set<string>();
    for (const id of walkthroughIds) for (const step of this.list.find(id)?.steps ?? []) if (step.uri) uris.add(step.uri);
    for (const editor of vscode.window.visibleTextEditors) if (isCodeEditor(editor)) uris.add(editor.document.uri.toString());
    const { declarations } = await this.server.request<DeclarationsResult>(DeclarationsRequest, { uris: [...uris] }, { declarations: [] });
    if (declarations.length === 0) {
      void vscode.window.showWarningMessage(S.noCodeEditor);
      return undefined;
    }
    type Item = vscode.QuickPickItem & { selection: CodeSelection };
    const items: Item[] = declarations.map((d) => ({
      label: d.name,
      description: `${d.kind} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri), false)}:${d.range.startLine + 1}`,
      iconPath: new vscode.ThemeIcon(d.kind === 'method' ? 'symbol-method' : d.kind === 'function' ? 'symbol-function' : 'symbol-class'),
      selection: { uri: d.uri, range: { start: { line: d.range.startLine, character: 0 }, end: { line: d.range.endLine + 1, character: 0 } } },
    }));
    const picked = await vscode.window.showQuickPick(items, { title: S.pickSymbolTitle, placeHolder: S.pickSymbolPlaceholder, matchOnDescription: true, ignoreFocusOut: true });
    return picked?.selection;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** `order-flow.walkthrough.yaml` from a title (ASCII letters and digits; `walkthrough` otherwise). */
export function fileNameFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'walkthrough'}.walkthrough.yaml`;
}

async function freeName(dir: vscode.Uri, name: string): Promise<vscode.Uri> {
  const base = name.replace(/\.walkthrough\.yaml$/, '');
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(dir, i === 1 ? name : `${base}-${i}.walkthrough.yaml`);
    const exists = await vscode.workspace.fs.stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
}
