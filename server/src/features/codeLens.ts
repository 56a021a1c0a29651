/**
 * CodeLens. On code: one lens per placed step (ok, moved, fuzzy) on the first line of its range,
 * `$(book) <walkthrough> · 3/6 <step>`, opening the tour there. On memos: a lens on each heading
 * that steps cite. Reads only the per-file indexes: never scans the workspace.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { ResolvedStep } from '../core/resolveStep';
import { ClientCommands } from '../protocol';
import { sectionReference } from './authoring';
import { pathToUri } from './uri';
import { isPlaced } from './walkthroughList';
import type { Workspace } from './workspace';

export const ADD_STEP_LENS = 'Add step for this section';

export async function codeLenses(workspace: Workspace, file: string): Promise<CodeLens[]> {
  if (!workspace.settings.codeLensEnabled || workspace.engine.isWalkthrough(file)) return [];
  const icon = workspace.codicons ? '$(book) ' : '';
  const lenses: CodeLens[] = [];
  for (const step of workspace.engine.stepsInFile(file)) {
    if (!isPlaced(step) || step.file !== file) continue;
    const walkthrough = workspace.walkthroughOf(step);
    if (!walkthrough) continue;
    const line = step.span.start;
    lenses.push({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      command: {
        title: `${icon}${walkthrough.spec.title} · ${step.spec.index + 1}/${walkthrough.steps.length} ${step.title}${step.status === 'approximate' ? ' (approximate: check)' : ''}`,
        command: ClientCommands.openStep,
        arguments: [walkthrough.spec.id, step.spec.id],
      },
    });
  }
  lenses.push(...memoLenses(workspace, file, icon));
  lenses.push(...(await addStepLenses(workspace, file)));
  return lenses;
}

/** On every heading of a walkthrough's memo: "Add step for this section" (authoring). */
async function addStepLenses(workspace: Workspace, file: string): Promise<CodeLens[]> {
  if (!workspace.engine.list().some((w) => w.memoFile === file)) return [];
  const memo = await workspace.engine.readMemo(file);
  if (!('sections' in memo)) return [];
  const uri = pathToUri(file);
  return memo.sections.map((section) => ({
    range: { start: { line: section.line, character: 0 }, end: { line: section.line, character: 0 } },
    command: { title: `${workspace.codicons ? '$(add) ' : ''}${ADD_STEP_LENS}`, command: ClientCommands.addStepForSection, arguments: [uri, sectionReference(memo, section)] },
  }));
}

/** "cited by N steps" on each cited heading; with several citing steps, one more lens per step. */
function memoLenses(workspace: Workspace, file: string, icon: string): CodeLens[] {
  const byHeading = new Map<number, ResolvedStep[]>();
  for (const step of workspace.stepsCitingMemo(file)) {
    const line = step.section!.line;
    byHeading.set(line, [...(byHeading.get(line) ?? []), step]);
  }
  const lenses: CodeLens[] = [];
  for (const [line, steps] of [...byHeading].sort(([a], [b]) => a - b)) {
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const where = (step: ResolvedStep) => {
      const walkthrough = workspace.walkthroughOf(step);
      return walkthrough ? { title: walkthrough.spec.title, id: walkthrough.spec.id, total: walkthrough.steps.length } : undefined;
    };
    const first = where(steps[0]!);
    if (!first) continue;
    const count = `cited by ${steps.length} step${steps.length === 1 ? '' : 's'}`;
    lenses.push({
      range,
      command: {
        title: steps.length === 1 ? `${icon}${count}: ${first.title} · ${steps[0]!.spec.index + 1}/${first.total}` : `${icon}${count}`,
        command: ClientCommands.openStep,
        arguments: [first.id, steps[0]!.spec.id],
      },
    });
    if (steps.length === 1) continue;
    for (const step of steps) {
      const w = where(step);
      if (!w) continue;
      lenses.push({
        range,
        command: { title: `${w.title} · ${step.spec.index + 1}/${w.total}`, command: ClientCommands.openStep, arguments: [w.id, step.spec.id] },
      });
    }
  }
  return lenses;
}
