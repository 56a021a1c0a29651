/**
 * CodeLens, in one of four modes (`walkthroughs.codeLens.mode`):
 * - `all`: one lens per placed step (ok, moved, fuzzy) on the first line of its range,
 *   `$(book) <walkthrough> · 3/6 <step>`, opening the tour there;
 * - `summary`: while a tour runs, only that tour's steps; otherwise one lens per group of
 *   overlapping step ranges, `$(book) 3 walkthroughs: 面试主线 1/15 · 下单链路 3/6 · …`;
 * - `activeTour`: only the running tour's steps, nothing when no tour runs;
 * - `off`: none.
 * On memos: a lens on each heading that steps cite (in `all` mode also one per citing step).
 * Reads only the per-file indexes: never scans the workspace.
 */
import { CodeLensRequest, type CodeLens, type Command } from 'vscode-languageserver';
import type { LoadedWalkthrough } from '../core/engine';
import { plural, t } from '../core/l10n';
import type { ResolvedStep } from '../core/resolveStep';
import { ClientCommands, SetActiveTourNotification, type CodeLensMode } from '../../../common/src/protocol';
import { memoImportLenses } from './importMemo';
import { throwIfCancelled } from '../runtime/jobQueue';
import { sectionReference } from '../core/memo';
import { pathToUri } from '../runtime/uri';
import { isPlaced } from '../core/steps';
import type { Workspace } from '../runtime/workspace';
import { walkthroughRank } from './tourOrder';
import { onNotification, onRequest } from '../runtime/handlers';

/** At most this many walkthroughs are named in a summary lens; the rest are counted. */
const MAX_NAMED = 3;

interface Placed {
  step: ResolvedStep;
  walkthrough: LoadedWalkthrough;
  start: number;
  end: number;
}

/** The mode in effect: `summary` behaves like `activeTour` while a tour runs. */
export function effectiveMode(mode: CodeLensMode, activeTour: string | undefined): 'all' | 'summary' | 'tour' | 'off' {
  if (mode === 'off') return 'off';
  if (mode === 'all') return 'all';
  if (activeTour !== undefined) return 'tour';
  return mode === 'activeTour' ? 'off' : 'summary';
}


export async function codeLenses(workspace: Workspace, file: string): Promise<CodeLens[]> {
  if (!workspace.settings.codeLensEnabled || workspace.engine.isWalkthrough(file)) return [];
  const activeTour = workspace.activeTour !== undefined && workspace.engine.list().some((w) => w.spec.id === workspace.activeTour) ? workspace.activeTour : undefined;
  const mode = effectiveMode(workspace.settings.codeLensMode, activeTour);
  if (mode === 'off') return [];
  const icon = workspace.codicons ? '$(book) ' : '';
  const placed: Placed[] = [];
  const hidden = workspace.hiddenTours();
  for (const step of workspace.engine.stepsInFile(file)) {
    if (!isPlaced(step) || step.file !== file) continue;
    const walkthrough = workspace.walkthroughOf(step);
    // A converted tour's steps show once, as the walkthrough's (unless its own tour runs).
    if (!walkthrough || (hidden.has(walkthrough.file) && walkthrough.spec.id !== activeTour)) continue;
    if (mode === 'tour' && walkthrough.spec.id !== activeTour) continue;
    placed.push({ step, walkthrough, start: step.span.start, end: step.span.end });
  }
  const lenses = mode === 'summary' ? summaryLenses(workspace, placed, icon) : mode === 'tour' ? tourLenses(placed, icon) : placed.map((p) => stepLens(p, icon));
  lenses.push(...memoLenses(workspace, file, icon, mode, activeTour));
  // Authoring lenses stay out of a running tour (it shows only that tour's steps).
  if (mode !== 'tour') lenses.push(...(await addStepLenses(workspace, file)));
  return lenses;
}

/** On every heading of a walkthrough's memo: "Add step for this section" (authoring). */
async function addStepLenses(workspace: Workspace, file: string): Promise<CodeLens[]> {
  if (!workspace.engine.list().some((w) => w.memoFile === file)) return [];
  const memo = await workspace.engine.readMemo(file);
  if (!('sections' in memo)) return [];
  const uri = pathToUri(file);
  return memo.sections.map((section) => ({
    range: lineRange(section.line),
    command: { title: `${workspace.codicons ? '$(add) ' : ''}${t('Add step for this section')}`, command: ClientCommands.addStepForSection, arguments: [uri, sectionReference(memo, section)] },
  }));
}

function lineRange(line: number): CodeLens['range'] {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

function openStep(title: string, walkthrough: LoadedWalkthrough, step: ResolvedStep): Command {
  return { title, command: ClientCommands.openStep, arguments: [walkthrough.spec.id, step.spec.id] };
}

function stepLens({ step, walkthrough, start }: Placed, icon: string): CodeLens {
  const title = `${icon}${walkthrough.spec.title} · ${step.spec.index + 1}/${walkthrough.spec.steps.length} ${step.title}${step.status === 'approximate' ? t(' (approximate: check)') : ''}`;
  return { range: lineRange(start), command: openStep(title, walkthrough, step) };
}

/**
 * While a tour runs: one lens per line. Several of its steps on the same line (an imported memo
 * cites one line three times) share one short lens, "下单链路 · 3, 5, 7/27", that lets the user
 * choose; three full lenses side by side run off the screen.
 */
function tourLenses(placed: Placed[], icon: string): CodeLens[] {
  const byLine = new Map<number, Placed[]>();
  for (const p of placed) byLine.set(p.start, [...(byLine.get(p.start) ?? []), p]);
  return [...byLine.values()].map((same) => {
    if (same.length === 1) return stepLens(same[0]!, icon);
    const { walkthrough } = same[0]!;
    const positions = same.map((p) => p.step.spec.index + 1).sort((a, b) => a - b).join(', ');
    const title = `${icon}${clipTitle(walkthrough.spec.title)} · ${positions}/${walkthrough.spec.steps.length}`;
    return { range: lineRange(same[0]!.start), command: { title, command: ClientCommands.chooseStep, arguments: [same.map((p) => [walkthrough.spec.id, p.step.spec.id])] } };
  });
}

/** A walkthrough title short enough for a lens that names several. */
function clipTitle(title: string, max = 24): string {
  return title.length > max ? `${title.slice(0, max - 1)}…` : title;
}

/** Groups of steps whose line ranges overlap (or touch the same first line), in line order. */
export function overlapGroups<T extends { start: number; end: number }>(items: readonly T[]): T[][] {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: T[][] = [];
  let end = -1;
  for (const item of sorted) {
    const last = groups[groups.length - 1];
    if (last && item.start <= end) {
      last.push(item);
      end = Math.max(end, item.end);
    } else {
      groups.push([item]);
      end = item.end;
    }
  }
  return groups;
}

function summaryLenses(workspace: Workspace, placed: Placed[], icon: string): CodeLens[] {
  const rank = walkthroughRank(workspace.engine);
  const lenses: CodeLens[] = [];
  for (const group of overlapGroups(placed)) {
    const first = group[0]!;
    if (group.length === 1) {
      lenses.push(stepLens(first, icon));
      continue;
    }
    // Per walkthrough (tour order: as listed, primary first), its step positions in this range.
    const byWalkthrough = new Map<LoadedWalkthrough, ResolvedStep[]>();
    for (const { walkthrough, step } of group) byWalkthrough.set(walkthrough, [...(byWalkthrough.get(walkthrough) ?? []), step]);
    const entries = [...byWalkthrough].sort(([a], [b]) => rank(a.file) - rank(b.file));
    const named = entries.slice(0, MAX_NAMED).map(([w, steps]) => `${clipTitle(w.spec.title)} ${steps.map((s) => s.spec.index + 1).sort((a, b) => a - b).join(',')}/${w.spec.steps.length}`);
    const rest = entries.length - named.length;
    const list = named.join(' · ') + (rest > 0 ? ` · ${t('{0} more', rest)}` : '');
    const title = `${icon}${entries.length === 1 ? `${list}` : plural(entries.length, '{0} walkthrough: {1}', '{0} walkthroughs: {1}', list)}`;
    const steps = entries.flatMap(([w, s]) => s.map((step) => [w.spec.id, step.spec.id]));
    lenses.push({ range: lineRange(Math.min(...group.map((p) => p.start))), command: { title, command: ClientCommands.chooseStep, arguments: [steps] } });
  }
  return lenses;
}

/** "cited by N steps" on each cited heading; in `all` mode, with several citing steps, one more lens per step. */
function memoLenses(workspace: Workspace, file: string, icon: string, mode: 'all' | 'summary' | 'tour', activeTour: string | undefined): CodeLens[] {
  const byHeading = new Map<number, Array<{ step: ResolvedStep; walkthrough: LoadedWalkthrough }>>();
  for (const step of workspace.stepsCitingMemo(file)) {
    const walkthrough = workspace.walkthroughOf(step);
    if (!walkthrough || (mode === 'tour' && walkthrough.spec.id !== activeTour)) continue;
    const line = step.section!.line;
    byHeading.set(line, [...(byHeading.get(line) ?? []), { step, walkthrough }]);
  }
  const lenses: CodeLens[] = [];
  for (const [line, citing] of [...byHeading].sort(([a], [b]) => a - b)) {
    const range = lineRange(line);
    const { step, walkthrough } = citing[0]!;
    const count = plural(citing.length, 'cited by {0} step', 'cited by {0} steps');
    if (citing.length === 1) {
      const title = `${icon}${t('{0}: {1}', count, `${walkthrough.spec.title} · ${step.spec.index + 1}/${walkthrough.spec.steps.length}`)}`;
      lenses.push({ range, command: openStep(title, walkthrough, step) });
      continue;
    }
    if (mode !== 'all') {
      const steps = citing.map((c) => [c.walkthrough.spec.id, c.step.spec.id]);
      lenses.push({ range, command: { title: `${icon}${count}`, command: ClientCommands.chooseStep, arguments: [steps] } });
      continue;
    }
    lenses.push({ range, command: openStep(`${icon}${count}`, walkthrough, step) });
    for (const c of citing) {
      lenses.push({ range, command: openStep(`${c.walkthrough.spec.title} · ${c.step.spec.index + 1}/${c.walkthrough.spec.steps.length}`, c.walkthrough, c.step) });
    }
  }
  return lenses;
}

export const codeLensHandler = onRequest(CodeLensRequest.type, async (params, server, token) => {
  const r = await server.documentReady(params.textDocument.uri, token, 'apply', server.documents.get(params.textDocument.uri)?.getText());
  if (!r) return [];
  const memo = await memoImportLenses(r.ws, r.file);
  throwIfCancelled(token);
  return [...memo, ...(await codeLenses(r.ws, r.file))];
});

/** The running tour (CodeLens modes `summary` and `activeTour` show only its steps). */
export const setActiveTourHandler = onNotification(SetActiveTourNotification, (params, server) => {
  const workspace = server.workspace();
  if (!workspace) return;
  const id = typeof params?.walkthroughId === 'string' ? params.walkthroughId : undefined;
  if (id === workspace.activeTour) return;
  workspace.activeTour = id;
  server.refreshCodeLenses();
});
