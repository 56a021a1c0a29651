// The Walkthroughs tree's authoring actions on steps and walkthroughs: rename, edit the question
// or points, delete (with Undo), move up or down, re-anchor to the code selection, set primary,
// rename and delete a walkthrough. Each is one `walkthroughs/edit` operation (see edits.ts).
import * as vscode from 'vscode';
import { StepContentRequest, type CodeSelection, type StepSummary, type WalkthroughEdit, type WalkthroughSummary } from '../../../common/src/protocol';
import { stepIdsOf, walkthroughIdOf, type StepIds } from '../commandArgs';
import type { WalkthroughClient } from '../languageClient';
import type { WalkthroughTree } from '../views/walkthroughTree';
import type { WalkthroughList } from '../walkthroughList';
import type { WalkthroughEdits } from './edits';
import type { PointsEditor } from './pointsEditor';
import { S } from './strings';

export interface StepActionDeps {
  server: WalkthroughClient;
  list: WalkthroughList;
  edits: WalkthroughEdits;
  tree: WalkthroughTree;
  /** Where talking points are written (a temporary markdown document). */
  pointsEditor: PointsEditor;
  /** The code selection a command uses (the active code editor's, else the last one). */
  codeSelection(): CodeSelection | undefined;
}

export class StepActions {
  constructor(private readonly deps: StepActionDeps) {}

  /** `(walkthroughId, stepId)` or a step node, with the listed walkthrough and step. */
  private found(args: unknown[]): (StepIds & { walkthrough: WalkthroughSummary; step: StepSummary }) | undefined {
    const ids = stepIdsOf(args);
    const walkthrough = ids && this.deps.list.find(ids.walkthroughId);
    const step = walkthrough?.steps.find((s) => s.id === ids!.stepId);
    return ids && walkthrough && step ? { ...ids, walkthrough, step } : undefined;
  }

  private walkthrough(args: unknown[]): WalkthroughSummary | undefined {
    const walkthroughId = walkthroughIdOf(args[0]);
    return walkthroughId === undefined ? undefined : this.deps.list.find(walkthroughId);
  }

  async reanchor(args: unknown[]): Promise<void> {
    const ids = stepIdsOf(args);
    if (!ids) return;
    const location = this.deps.codeSelection();
    if (!location) {
      void vscode.window.showWarningMessage(S.noCodeEditor);
      return;
    }
    const title = this.deps.list.findStep(ids.walkthroughId, ids.stepId)?.title ?? ids.stepId;
    const result = await this.deps.edits.apply({ kind: 'reanchorStep', ...ids, location });
    if (result?.step) {
      await this.deps.tree.revealStep(result.step);
      vscode.window.setStatusBarMessage(S.stepReanchored(title), 5000);
    }
  }

  async rename(args: unknown[]): Promise<void> {
    const found = this.found(args);
    if (!found) return;
    const title = await vscode.window.showInputBox({ prompt: S.renameStepPrompt, value: found.step.title, ignoreFocusOut: true });
    if (title === undefined) return;
    await this.deps.edits.apply({ kind: 'updateStep', walkthroughId: found.walkthroughId, stepId: found.stepId, title: title.trim() ? title : null });
  }

  async editText(args: unknown[], key: 'question' | 'points'): Promise<void> {
    const ids = stepIdsOf(args);
    if (!ids) return;
    const content = await this.deps.server.request(StepContentRequest, ids, null);
    if (!content) return;
    // `points` in the content also holds the memo section's body: prefill only inline points.
    const current = key === 'question' ? content.question : content.section ? undefined : content.points;
    let value: string | undefined;
    if (key === 'points') value = await this.deps.pointsEditor.edit(current ?? '');
    else value = await vscode.window.showInputBox({ prompt: S.questionEditPrompt, value: current ?? '', ignoreFocusOut: true });
    if (value === undefined) return;
    await this.deps.edits.apply({ kind: 'updateStep', ...ids, [key]: value.trim() ? value : null });
  }

  async delete(args: unknown[]): Promise<void> {
    const found = this.found(args);
    if (!found) return;
    const result = await this.deps.edits.apply({ kind: 'deleteStep', walkthroughId: found.walkthroughId, stepId: found.stepId });
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

  async moveBy(args: unknown[], delta: number): Promise<void> {
    const found = this.found(args);
    if (!found) return;
    const toIndex = found.step.index + delta;
    if (toIndex < 0 || toIndex >= found.walkthrough.steps.length) return;
    const result = await this.deps.edits.apply({ kind: 'moveStep', walkthroughId: found.walkthroughId, stepId: found.stepId, toIndex });
    if (result?.step) await this.deps.tree.revealStep(result.step);
  }

  async simple(args: unknown[], op: (walkthroughId: string) => WalkthroughEdit): Promise<void> {
    const walkthroughId = walkthroughIdOf(args[0]);
    if (walkthroughId) await this.deps.edits.apply(op(walkthroughId));
  }

  async renameWalkthrough(args: unknown[]): Promise<void> {
    const walkthrough = this.walkthrough(args);
    if (!walkthrough) return;
    const title = await vscode.window.showInputBox({ prompt: S.renameWalkthroughPrompt, value: walkthrough.title, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : S.newTitleRequired) });
    if (!title) return;
    await this.deps.edits.apply({ kind: 'renameWalkthrough', walkthroughId: walkthrough.id, title });
  }

  async deleteWalkthrough(args: unknown[]): Promise<void> {
    const walkthrough = this.walkthrough(args);
    if (!walkthrough) return;
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(walkthrough.uri), false);
    const choice = await vscode.window.showWarningMessage(S.deleteWalkthroughConfirm(walkthrough.title, file), { modal: true }, S.deleteButton);
    if (choice !== S.deleteButton) return;
    await this.deps.edits.apply({ kind: 'deleteWalkthrough', walkthroughId: walkthrough.id });
  }
}
