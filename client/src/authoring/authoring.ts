// Authoring walkthroughs from the editor: "Add Step from Selection" (pick the walkthrough, a memo
// section, a title and a question), "Add Step for This Section" on memo headings, and the tree's
// actions (stepActions.ts, dragAndDrop.ts). The server computes every YAML edit
// (`walkthroughs/edit`); edits.ts applies it. The quick picks are in pickers.ts.
import * as vscode from 'vscode';
import { MemoSectionsRequest, type CodeSelection, type EditWalkthroughResult } from '../../../common/src/protocol';
import { stepIdsOf, walkthroughIdOf } from '../commandArgs';
import type { CommandTable } from '../commandTable';
import type { WalkthroughClient } from '../languageClient';
import type { TourController } from '../tour/tourController';
import { sameUri } from '../uris';
import type { WalkthroughTree } from '../views/walkthroughTree';
import { isWalkthroughUri } from '../walkthroughFiles';
import type { WalkthroughList } from '../walkthroughList';
import type { WalkthroughEdits } from './edits';
import { AuthoringPickers, RecentWalkthroughs } from './pickers';
import { PointsEditor } from './pointsEditor';
import { StepActions } from './stepActions';
import { S } from './strings';

/** How long "New Walkthrough…" waits for the server to list the file it wrote. */
const NEW_FILE_TIMEOUT_MS = 10_000;

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

function toSelection(editor: vscode.TextEditor): CodeSelection {
  const { start, end } = editor.selection;
  return { uri: editor.document.uri.toString(), range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
}

/** A code editor: a file on disk that is neither a walkthrough nor a markdown memo. */
function isCodeEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return !!editor && editor.document.uri.scheme === 'file' && !isWalkthroughUri(editor.document.uri) && editor.document.languageId !== 'markdown';
}

export interface AuthoringDeps {
  context: vscode.ExtensionContext;
  server: WalkthroughClient;
  list: WalkthroughList;
  edits: WalkthroughEdits;
  /** New steps go after the current step of a running tour of the same walkthrough. */
  tour: TourController;
  /** Where added and moved steps are revealed. */
  tree: WalkthroughTree;
}

export class Authoring implements vscode.Disposable {
  private lastCode: CodeSelection | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pickers: AuthoringPickers;
  private readonly actions: StepActions;
  /** Talking points written in a temporary markdown document (pointsEditor.ts). */
  private readonly pointsEditor: PointsEditor;

  constructor(private readonly deps: AuthoringDeps) {
    this.pickers = new AuthoringPickers(deps.server, new RecentWalkthroughs(deps.context.workspaceState));
    this.pointsEditor = new PointsEditor(deps.context.storageUri ?? deps.context.globalStorageUri);
    this.disposables.push(this.pointsEditor);
    this.actions = new StepActions({ ...deps, pointsEditor: this.pointsEditor, codeSelection: () => this.codeSelection() });
    // The last code selection: tree and memo actions run while the code editor is not focused.
    const remember = (editor: vscode.TextEditor | undefined) => {
      if (isCodeEditor(editor)) this.lastCode = toSelection(editor);
    };
    remember(vscode.window.activeTextEditor);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(remember),
      vscode.window.onDidChangeTextEditorSelection((e) => remember(e.textEditor)),
    );
  }

  /** The authoring commands. */
  commands(): CommandTable {
    const actions = this.actions;
    return {
      'walkthroughs.addStepFromSelection': (...args) => {
        // From the tree (a walkthrough node) or the editor (a URI or nothing).
        const walkthroughId = args[0] instanceof vscode.Uri ? undefined : walkthroughIdOf(args[0]);
        return this.addStep({ ...(walkthroughId ? { walkthroughId } : {}) }, true);
      },
      'walkthroughs.insertStepBefore': (...args) => this.insertAt(args, 0),
      'walkthroughs.insertStepAfter': (...args) => this.insertAt(args, 1),
      'walkthroughs.reanchorStep': (...args) => actions.reanchor(args),
      'walkthroughs.renameStep': (...args) => actions.rename(args),
      'walkthroughs.editStepQuestion': (...args) => actions.editText(args, 'question'),
      'walkthroughs.editStepPoints': (...args) => actions.editText(args, 'points'),
      'walkthroughs.deleteStep': (...args) => actions.delete(args),
      'walkthroughs.moveStepUp': (...args) => actions.moveBy(args, -1),
      'walkthroughs.moveStepDown': (...args) => actions.moveBy(args, 1),
      'walkthroughs.renameWalkthrough': (...args) => actions.renameWalkthrough(args),
      'walkthroughs.setPrimary': (...args) => actions.simple(args, (walkthroughId) => ({ kind: 'setPrimary', walkthroughId })),
      'walkthroughs.deleteWalkthrough': (...args) => actions.deleteWalkthrough(args),
      'walkthroughs.addStepForSection': (...args) => this.addStepForSection(args),
    };
  }

  /** The code selection a command uses: the active code editor's, else the last one. */
  private codeSelection(): CodeSelection | undefined {
    const active = vscode.window.activeTextEditor;
    return isCodeEditor(active) ? toSelection(active) : this.lastCode;
  }

  // -------------------------------------------------------------------------------------------
  // Add Step from Selection.

  async addStep(options: AddStepOptions, fromEditor = false): Promise<void> {
    const { server, list, edits, tree } = this.deps;
    await server.ensureStarted();
    await list.ready();
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
    const target = options.walkthroughId ? { id: options.walkthroughId } : await this.pickers.walkthrough(list.walkthroughs, location, options.memoUri);
    if (!target) return;

    let section = options.section;
    let points: string | undefined;
    if (section === undefined) {
      const memo = 'id' in target ? { walkthroughId: target.id } : target.memoUri ? { memoUri: target.memoUri } : undefined;
      const picked = await this.pickers.section(memo);
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
      result = await edits.apply({ kind: 'addStep', walkthroughId: target.id, ...(index === undefined ? {} : { index }), step });
      walkthroughTitle = list.find(target.id)?.title ?? target.id;
      if (result) await this.pickers.recent.remember(target.id);
    } else {
      result = await edits.apply({ kind: 'createWalkthrough', uri: target.uri, title: target.title, ...(target.memoUri ? { memoUri: target.memoUri } : {}), step });
      walkthroughTitle = target.title;
      if (result) {
        // The server learns about the new file from its watcher (or the opened document) and says so.
        await list.waitFor((l) => l.findByUri(target.uri) !== undefined, NEW_FILE_TIMEOUT_MS);
        const created = list.findByUri(target.uri);
        if (created) await this.pickers.recent.remember(created.id);
      }
    }
    if (!result?.step) return;
    await tree.revealStep(result.step);
    vscode.window.setStatusBarMessage(S.stepAdded(result.step.index + 1, walkthroughTitle), 5000);
  }

  /** While a tour of this walkthrough runs, new steps go after its current step. */
  private afterCurrentStep(walkthroughId: string): number | undefined {
    const active = this.deps.tour.active;
    if (!active || active.walkthroughId !== walkthroughId) return undefined;
    const step = this.deps.list.findStep(active.walkthroughId, active.stepId);
    return step ? step.index + 1 : undefined;
  }

  private async insertAt(args: unknown[], offset: 0 | 1): Promise<void> {
    const ids = stepIdsOf(args);
    const step = ids && this.deps.list.findStep(ids.walkthroughId, ids.stepId);
    if (!ids || !step) return;
    await this.addStep({ walkthroughId: ids.walkthroughId, index: step.index + offset });
  }

  // -------------------------------------------------------------------------------------------
  // Memo headings.

  /** Args from the memo CodeLens: `[memoUri, reference]`; from the context menu: the cursor's heading. */
  private async addStepForSection(args: unknown[]): Promise<void> {
    const { server, list } = this.deps;
    await server.ensureStarted();
    await list.ready();
    let memoUri = typeof args[0] === 'string' ? args[0] : undefined;
    let reference = typeof args[1] === 'string' ? args[1] : undefined;
    if (!memoUri || !reference) {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'markdown') {
        void vscode.window.showWarningMessage(S.noHeading);
        return;
      }
      memoUri = editor.document.uri.toString();
      const { sections } = await server.request(MemoSectionsRequest, { memoUri }, { sections: [] });
      const line = editor.selection.active.line;
      const heading = sections.filter((s) => s.line <= line).sort((a, b) => b.line - a.line)[0];
      if (!heading) {
        void vscode.window.showWarningMessage(S.noHeading);
        return;
      }
      reference = heading.reference;
    }
    // Walkthroughs whose memo this is come first; others could not cite the section by heading.
    const memo = memoUri;
    const citing = list.walkthroughs.filter((w) => w.memoUri !== undefined && sameUri(w.memoUri, memo)).map((w) => w.id);
    const location = this.codeSelection() ?? (await this.pickDeclaration(citing));
    if (!location) return;
    const walkthroughId = citing.length === 1 ? citing[0] : undefined;
    await this.addStep({ ...(walkthroughId ? { walkthroughId } : {}), section: reference, memoUri, location });
  }

  /** No code selected: a declaration from the files these walkthroughs point into, or open editors. */
  private pickDeclaration(walkthroughIds: string[]): Promise<CodeSelection | undefined> {
    const uris = new Set<string>();
    for (const id of walkthroughIds) for (const step of this.deps.list.find(id)?.steps ?? []) if (step.uri) uris.add(step.uri);
    for (const editor of vscode.window.visibleTextEditors) if (isCodeEditor(editor)) uris.add(editor.document.uri.toString());
    return this.pickers.declaration([...uris]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
