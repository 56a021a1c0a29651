/**
 * "Convert CodeTour Tour to Walkthrough": a loaded `.tour` becomes a `*.walkthrough.yaml` whose
 * steps carry their current code as `anchor` (plus `symbol` when the parser finds the declaration
 * around it), so the tour stops drifting. Titles and descriptions are kept (descriptions become
 * `points`). Pure: it reads through the engine and returns text; the caller writes it.
 */
import { t } from '../l10n';
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { LoadedWalkthrough, WalkthroughEngine } from '../engine';
import { formatLines } from '../format/parseWalkthrough';
import { basename, dirname, relativePath } from '../paths';
import type { ResolvedStep } from '../resolveStep';
import type { SymbolDecl } from '../symbols/types';
import type { LineSpan } from '../types';
import { isCodeTourFile, TOUR_FILE } from './parseTour';
import { statusInfo } from '../stepStatuses';

/** An anchor grows to at most this many lines while it is not unique in its file. */
const MAX_ANCHOR_LINES = 3;

export interface ConvertedTour {
  /** The walkthrough YAML. */
  text: string;
  /** Where it goes by default: next to the workspace folder's other files, named after the tour. */
  defaultFile: string;
  /** Steps that could not be anchored (and why), for the report after writing. */
  notes: string[];
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

  const doc = new Document({});
  const top = doc.contents as YAMLMap;
  doc.commentBefore = t(' Converted from the CodeTour tour {0} by Code Walkthroughs.\n Steps carry their code as `anchor`, so they follow it when it moves; the .tour file can go.', relativePath(walkthrough.folder, tourFile));
  top.set('title', spec.title);
  if (spec.description?.trim()) top.set('description', block(spec.description));
  const root = relativePath(dirname(target), walkthrough.root);
  if (root !== '.' && root !== '') top.set('root', root);
  if (spec.next !== undefined) top.set('next', spec.next);
  if (spec.primary) top.set('primary', true);

  const steps = new YAMLSeq();
  for (const step of walkthrough.steps) {
    const item = new YAMLMap();
    if (step.spec.title !== undefined) item.set('title', step.spec.title);
    const where = await anchorFor(engine, step);
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
  return { text: doc.toString({ lineWidth: 0, indent: 2, indentSeq: true }), defaultFile: target, notes };
}

/** The step's current code as an anchor: from its first non-blank line, grown until unique in the file. */
async function anchorFor(engine: WalkthroughEngine, step: ResolvedStep): Promise<{ span: LineSpan; anchor: string; symbol?: string } | undefined> {
  // Code found as written or similar (exact, close); a guess (approximate) does not become an anchor.
  const landing = statusInfo(step.status)?.landing;
  if (!step.file || !step.span || (landing !== 'exact' && landing !== 'close')) return undefined;
  const text = await engine.readText(step.file);
  if (text.kind !== 'text') return undefined;
  const { lines, normalized } = engine.linesOf(text.text);
  // CodeTour steps often sit on a blank line above the code they explain.
  let start = step.span.start;
  while (start < lines.length && normalized[start] === '' && start < step.span.start + MAX_ANCHOR_LINES) start++;
  if (start >= lines.length || normalized[start] === '') return undefined;
  const end = Math.max(step.span.end, start);
  let count = 1;
  while (count < MAX_ANCHOR_LINES && start + count < lines.length && occurrences(normalized, normalized.slice(start, start + count)) > 1) count++;
  const span = { start, end };
  const symbol = await enclosingSymbol(engine, step.file, text.text, span);
  return { span, anchor: dedent(lines.slice(start, start + count)), ...(symbol ? { symbol } : {}) };
}

function occurrences(normalized: string[], block: string[]): number {
  let found = 0;
  for (let i = 0; i + block.length <= normalized.length; i++) {
    if (block.every((line, k) => normalized[i + k] === line)) found++;
  }
  return found;
}

/** The innermost declaration containing the whole span, when it is unambiguous by name. */
async function enclosingSymbol(engine: WalkthroughEngine, file: string, text: string, span: LineSpan): Promise<string | undefined> {
  const found = await engine.symbols.symbols(file, text);
  if (!found) return undefined;
  const around = found.symbols.filter((s: SymbolDecl) => s.span.start <= span.start && span.end <= s.span.end).sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start))[0];
  if (!around) return undefined;
  return found.symbols.filter((s) => s.name === around.name).length === 1 ? around.name : undefined;
}

/** Removes the common indentation of the lines (anchors ignore indentation; the YAML reads better). */
function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n');
}

/** Multi-line text as a literal block scalar; one line stays plain (quoted when needed). */
function block(text: string): Scalar {
  const scalar = new Scalar(text.replace(/\r\n?/g, '\n'));
  if (scalar.value && String(scalar.value).includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}
