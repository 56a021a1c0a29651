/**
 * "Convert CodeTour Tour to Walkthrough": a loaded `.tour` becomes a `*.walkthrough.yaml` whose
 * steps carry their current code as `anchor` (plus `symbol` when the parser finds the declaration
 * around it), so the tour stops drifting. Titles and descriptions are kept (descriptions become
 * `points`; a step without a title is named by its description's first heading), every step gets
 * a stable `id`, and `convertedFrom` names the tour, which is then listed only once. Pure: it reads through the engine and returns text; the caller writes it.
 */
import { t } from '../l10n';
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { LoadedWalkthrough, WalkthroughEngine } from '../engine';
import { formatLines } from '../format/parseWalkthrough';
import { basename, dirname, relativePath } from '../../../../common/src/paths';
import type { ResolvedStep } from '../resolveStep';
import type { LineSpan } from '../types';
import { isCodeTourFile, TOUR_FILE } from './parseTour';
import { statusInfo } from '../../../../common/src/stepStatuses';
import { suggestStepId } from '../stepIds';
import { anchorAt, enclosingSymbol, shortCommit } from './tourHistory';

export interface ConvertedTour {
  /** The walkthrough YAML. */
  text: string;
  /** Where it goes by default: next to the workspace folder's other files, named after the tour. */
  defaultFile: string;
  /** Steps that could not be anchored (and why), for the report after writing. */
  notes: string[];
  /** Line steps whose code was read in git history (core/codetour/tourHistory.ts), one line each. */
  repaired: string[];
  /** Why history could not help (no git, not a repository, never committed): line steps may have drifted. */
  historyWarning?: string;
}

/** Where a converted tour goes when no place is given: `<workspace folder>/<tour name>.walkthrough.yaml`. */
export function defaultConvertedFile(walkthrough: LoadedWalkthrough): string {
  const name = basename(walkthrough.file).replace(TOUR_FILE, '') || 'tour';
  return `${walkthrough.root.replace(/\/$/, '')}/${name}.walkthrough.yaml`;
}

/**
 * Converts the tour loaded from `tourFile`. `outFile` (absolute) decides `root:`: step paths stay
 * relative to the tour's workspace folder. Undefined when the file is not a loaded tour.
 */
export async function convertTour(engine: WalkthroughEngine, tourFile: string, outFile?: string): Promise<ConvertedTour | undefined> {
  const walkthrough = engine.get(tourFile);
  if (!walkthrough || !isCodeTourFile(tourFile)) return undefined;
  const target = outFile ?? defaultConvertedFile(walkthrough);
  const { spec } = walkthrough;
  const notes: string[] = [];
  const repaired: string[] = [];

  const doc = new Document({});
  const top = doc.contents as YAMLMap;
  doc.commentBefore = t(' Converted from the CodeTour tour {0} by Code Walkthroughs.\n Steps carry their code as `anchor`, so they follow it when it moves; the .tour file can go.', relativePath(walkthrough.folder, tourFile));
  top.set('title', spec.title);
  if (spec.description?.trim()) top.set('description', block(spec.description));
  const root = relativePath(dirname(target), walkthrough.root);
  if (root !== '.' && root !== '') top.set('root', root);
  if (spec.next !== undefined) top.set('next', spec.next);
  if (spec.primary) top.set('primary', true);
  // The tour stays for colleagues still on CodeTour; this names it, so it is listed once.
  top.set('convertedFrom', relativePath(dirname(target), tourFile));

  const steps = new YAMLSeq();
  const ids = new Set<string>();
  for (const step of walkthrough.steps) {
    const item = new YAMLMap();
    const where = await anchorFor(engine, step);
    // A stable id (core/stepIds.ts), from the title, else the declaration, else the file.
    const id = suggestStepId({ index: step.spec.index, title: step.spec.title, symbol: where?.symbol, file: step.spec.file }, ids);
    ids.add(id);
    item.set('id', id);
    if (step.spec.title !== undefined) item.set('title', step.spec.title);
    if (step.spec.history && !step.contentOnly) {
      const commit = shortCommit(step.spec.history.commit);
      repaired.push(t('Step {0} ({1}): repaired from history: its code was read at commit {2} and found at {3}.', step.spec.index + 1, step.title, commit, where ? formatLines(where.span) : t('no place today')));
      item.commentBefore = t(' Repaired from history: line {0} of the tour was read at commit {1}.', (step.spec.lines?.start ?? 0) + 1, commit);
    }
    if (step.spec.file !== undefined && !step.contentOnly) {
      item.set('file', step.file ? relativePath(walkthrough.root, step.file) : step.spec.file);
      if (where) {
        item.set('lines', formatLines(where.span));
        item.set('anchor', where.anchor.includes('\n') ? block(where.anchor) : where.anchor);
        if (where.symbol) item.set('symbol', where.symbol);
      } else {
        if (step.spec.lines) item.set('lines', formatLines(step.spec.lines));
        notes.push(t('Step {0} ({1}): {2}', step.spec.index + 1, step.title, step.statusMessage ?? t('not anchored ({0})', step.status)));
      }
    }
    if (step.spec.points?.trim()) item.set('points', block(step.spec.points));
    else if (step.contentOnly || !where) item.set('points', block(step.title));
    steps.items.push(item);
  }
  top.set('steps', steps);
  const historyWarning = walkthrough.ownDiagnostics.find((d) => d.code === 'codetour-history' && d.severity === 'warning')?.message;
  return { text: doc.toString({ lineWidth: 0, indent: 2, indentSeq: true }), defaultFile: target, notes, repaired, ...(historyWarning ? { historyWarning } : {}) };
}

/** The step's current code as an anchor: from its first non-blank line, grown until unique in the file. */
async function anchorFor(engine: WalkthroughEngine, step: ResolvedStep): Promise<{ span: LineSpan; anchor: string; symbol?: string } | undefined> {
  // Code found as written or similar (exact, close); a guess (approximate) does not become an anchor.
  const landing = statusInfo(step.status)?.landing;
  if (!step.file || !step.span || (landing !== 'exact' && landing !== 'close')) return undefined;
  const text = await engine.readText(step.file);
  if (text.kind !== 'text') return undefined;
  const { lines, normalized } = engine.linesOf(text.text);
  const found = anchorAt(lines, normalized, step.span);
  if (!found) return undefined;
  const symbol = enclosingSymbol(await engine.symbols.symbols(step.file, text.text), found.span);
  return { ...found, ...(symbol ? { symbol } : {}) };
}

/** Multi-line text as a literal block scalar; one line stays plain (quoted when needed). */
function block(text: string): Scalar {
  const scalar = new Scalar(text.replace(/\r\n?/g, '\n'));
  if (scalar.value && String(scalar.value).includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}
