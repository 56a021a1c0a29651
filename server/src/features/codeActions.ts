/**
 * Quick fixes on walkthrough YAML, as edits to the YAML only (comments and layout kept):
 * moved → "Update lines to N-M"; fuzzy → "Accept the new text as anchor";
 * lines-only → "Add anchor from current text"; missing-step-id → "Add stable id"; file moved (found by its symbol) → "Update file to
 * <new path>". With several moved steps, one more action
 * updates them all.
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { LoadedWalkthrough } from '../core/engine';
import { formatLines, type StepSpec } from '../core/format/parseWalkthrough';
import { applyEdits, setAnchorEdit, stillParses, updateLinesEdit } from '../core/format/stepEdits';
import { yamlScalar } from '../core/format/yamlScalar';
import type { ResolvedStep } from '../core/resolveStep';
import { firstKeyRange, suggestAllStepIds } from '../core/stepIds';
import { splitLines } from '../core/text';
import { relativePath, resolvePath } from '../../../common/src/paths';
import { isPlaced } from './walkthroughList';
import { intersects } from './yamlContext';
import type { Workspace } from './workspace';
import { t } from '../core/l10n';

export interface EditTarget {
  uri: string;
  /** The open document's version, for a version-checked edit. */
  version?: number;
  documentChanges: boolean;
}

export async function codeActions(workspace: Workspace, file: string, yamlText: string, range: Range, diagnostics: LspDiagnostic[], target: EditTarget): Promise<CodeAction[]> {
  const walkthrough = workspace.engine.get(file);
  // The fixes edit YAML; a CodeTour tour is fixed by converting it to a walkthrough.
  if (!walkthrough || walkthrough.spec.format === 'codetour') return [];
  const actions: CodeAction[] = [];
  let offeredLinesFix = false;
  const edit = (edits: TextEdit[]): WorkspaceEdit | undefined => {
    if (!stillParses(file, applyEdits(yamlText, edits))) return undefined;
    if (target.documentChanges) return { documentChanges: [{ textDocument: { uri: target.uri, version: target.version ?? null }, edits }] };
    return { changes: { [target.uri]: edits } };
  };
  const related = (step: ResolvedStep, code: string) =>
    diagnostics.filter((d) => d.code === code && (d.data as { stepIndex?: number } | undefined)?.stepIndex === step.spec.index);

  for (const step of walkthrough.steps) {
    if (!intersects(step.spec.range, range) || !isPlaced(step)) continue;
    if (step.status === 'moved' && (hasSameFile(walkthrough, step))) {
      const lines = updateLinesEdit(step.spec, step.span);
      const workspaceEdit = lines && edit([lines]);
      if (workspaceEdit) {
        offeredLinesFix = true;
        actions.push({ title: t('Update lines to {0}', formatLines(step.span)), kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: related(step, 'anchor-moved'), edit: workspaceEdit });
      }
    }
    const fileValue = step.spec.spans.file?.value;
    if (step.status === 'moved' && !hasSameFile(walkthrough, step) && fileValue) {
      const newPath = relativePath(walkthrough.root, step.file);
      const edits: TextEdit[] = [{ range: fileValue, newText: yamlScalar(newPath) }];
      const lines = step.spec.lines && (step.spec.lines.start !== step.span.start || step.spec.lines.end !== step.span.end) ? updateLinesEdit(step.spec, step.span) : undefined;
      if (lines) edits.push(lines);
      const workspaceEdit = edit(edits);
      if (workspaceEdit) {
        actions.push({ title: t('Update file to {0}', newPath), kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: related(step, 'file-moved'), edit: workspaceEdit });
      }
    }
    if (step.status === 'fuzzy' && step.foundText !== undefined) {
      const edits: TextEdit[] = [];
      const lines = step.spec.lines && (step.spec.lines.start !== step.span.start || step.spec.lines.end !== step.span.end) ? updateLinesEdit(step.spec, step.span) : undefined;
      if (lines) edits.push(lines);
      const anchor = setAnchorEdit(yamlText, step.spec, step.foundText);
      if (anchor) edits.push(anchor);
      const workspaceEdit = anchor && edit(edits);
      if (workspaceEdit) {
        actions.push({ title: t('Accept the new text as anchor'), kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: related(step, 'anchor-fuzzy'), edit: workspaceEdit });
      }
    }
    if (step.status === 'ok' && step.spec.anchor === undefined && step.spec.symbol === undefined && step.spec.lines) {
      const text = await workspace.engine.readText(step.file);
      const first = text.kind === 'text' ? splitLines(text.text)[step.span.start]?.trim() : undefined;
      const anchor = first ? setAnchorEdit(yamlText, step.spec, first) : undefined;
      const workspaceEdit = anchor && edit([anchor]);
      if (workspaceEdit) {
        actions.push({ title: t('Add anchor from current text'), kind: CodeActionKind.QuickFix, diagnostics: related(step, 'lines-only'), edit: workspaceEdit });
      }
    }
  }

  // Steps without an `id`: pin one, so practice history survives reordering.
  const ids = suggestAllStepIds(walkthrough.spec);
  const eol = yamlText.includes('\r\n') ? '\r\n' : '\n';
  const idEdit = (step: StepSpec, id: string): TextEdit => {
    const at = firstKeyRange(step)!.start;
    return { range: { start: at, end: at }, newText: `id: ${yamlScalar(id)}${eol}${' '.repeat(at.character)}` };
  };
  for (const [step, id] of ids) {
    if (!intersects(step.range, range)) continue;
    const workspaceEdit = edit([idEdit(step, id)]);
    const related = diagnostics.filter((d) => d.code === 'missing-step-id' && (d.data as { stepIndex?: number } | undefined)?.stepIndex === step.index);
    if (workspaceEdit) actions.push({ title: t('Add stable id `{0}`', id), kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: related, edit: workspaceEdit });
  }
  if (ids.size > 1 && actions.some((a) => a.title.startsWith(t('Add stable id')))) {
    const workspaceEdit = edit([...ids].map(([step, id]) => idEdit(step, id)));
    if (workspaceEdit) actions.push({ title: t('Add stable ids to all {0} steps without one', ids.size), kind: CodeActionKind.QuickFix, edit: workspaceEdit });
  }

  const allMoved: TextEdit[] = [];
  for (const step of walkthrough.steps) {
    if (step.status !== 'moved' || !isPlaced(step) || !(hasSameFile(walkthrough, step))) continue;
    const lines = updateLinesEdit(step.spec, step.span);
    if (lines) allMoved.push(lines);
  }
  if (allMoved.length > 1 && offeredLinesFix) {
    const workspaceEdit = edit(allMoved);
    if (workspaceEdit) actions.push({ title: t('Update all {0} out-of-date lines hints in this file', allMoved.length), kind: CodeActionKind.QuickFix, edit: workspaceEdit });
  }
  return actions;
}

/** A step whose file moved needs its `file` changed, not just `lines`: no lines-only fix then. */
function hasSameFile(walkthrough: LoadedWalkthrough, step: ResolvedStep): boolean {
  if (!step.spec.file || !step.file) return false;
  return resolvePath(walkthrough.root, step.spec.file) === step.file;
}
