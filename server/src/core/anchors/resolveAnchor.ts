/**
 * Where is a step's code now? Given the file's current lines, the step's `lines` hint, its
 * `anchor` text and (when it names one) the current span of its `symbol`, decide the current
 * range and a status. Pure: no I/O.
 *
 * - anchor, no symbol: exact match at the hint → ok; else the nearest exact match → moved; else
 *   the most similar window above FUZZY_THRESHOLD → fuzzy; else stale.
 * - anchor and symbol: the step belongs inside its declaration, so nothing outside it can beat a
 *   match inside it. Exact at the hint (inside the symbol) → ok; else the nearest exact match in
 *   the symbol → moved; else an exact match in a helper the symbol calls (`helpers`: code
 *   extracted from it) → moved; else a similar window in the symbol (≥ FUZZY_THRESHOLD), then a
 *   near-exact one in a helper (≥ HELPER_FUZZY_THRESHOLD) → fuzzy; else the most similar lines of
 *   the symbol → approximate (never stale while the declaration exists). The range keeps the
 *   step's length.
 * - symbol, no anchor: the hint when it lies inside the declaration → ok; else the declaration → moved.
 * - lines only: as written → ok.
 * - none of them (a file-only step): the file's first line → ok.
 */
import { anchorLines, normalizeLine } from '../text';
import type { LineSpan } from '../types';
import { wordSimilarity } from './similarity';
import { bestFuzzy } from './fuzzySearch';
import { t } from '../l10n';

export const FUZZY_THRESHOLD = 0.6;
/**
 * A fuzzy match must also share this much of the anchor's content words (see wordSimilarity):
 * character similarity alone takes one `if err := …; err != nil {` line for another.
 */
export const WORD_THRESHOLD = 0.5;
/**
 * A helper is outside the declaration the step names, so only a near-exact text there (a word or
 * two edited) counts as the step's code: a merely similar line (the stock check
 * `if inventory.Stocks < goodsInfo.Num {` for a `Num <= 0` check this checkout never had) would be
 * shown as found in another function. Below it the step stays approximate inside its symbol.
 */
export const HELPER_FUZZY_THRESHOLD = 0.85;

export interface AnchorQuery {
  /** The file's current lines. */
  lines: readonly string[];
  /** The same lines normalized (see normalizeLine), when the caller has them cached. */
  normalized?: readonly string[];
  hint?: LineSpan;
  anchor?: string;
  /** The current span of the step's symbol, when it names one that was found. */
  symbolSpan?: LineSpan;
  /**
   * Declarations the symbol calls (helpers extracted from it), by name: where the anchored code
   * may have gone. Only consulted when the symbol itself holds no good match.
   */
  helpers?: ReadonlyArray<{ name: string; span: LineSpan }>;
  /** The most characters the fuzzy search may cover (default FUZZY_BUDGET): callers with many anchors share one budget. */
  fuzzyBudget?: number;
}

export type AnchorResult =
  | { status: 'ok'; span: LineSpan }
  /** `helper`: found in a declaration the symbol calls, not in the symbol itself. */
  | { status: 'moved'; span: LineSpan; from?: LineSpan; helper?: string }
  | { status: 'fuzzy'; span: LineSpan; similarity: number; found: string; helper?: string }
  /** The symbol exists but holds nothing like the anchor: its most similar lines. */
  | { status: 'approximate'; span: LineSpan; similarity: number; found: string }
  | { status: 'stale'; reason: string; closest?: LineSpan }
  | { status: 'out-of-range'; lineCount: number };

export function resolveAnchor(query: AnchorQuery): AnchorResult {
  const { lines, hint, symbolSpan } = query;
  const wanted = query.anchor === undefined ? [] : anchorLines(query.anchor);
  if (wanted.length > 0) return resolveText(lines, query.normalized ?? lines.map(normalizeLine), wanted, hint, symbolSpan, query.helpers ?? [], query.fuzzyBudget);
  if (symbolSpan) {
    if (hint && hint.start >= symbolSpan.start && hint.end <= symbolSpan.end) return { status: 'ok', span: hint };
    return hint ? { status: 'moved', span: symbolSpan, from: hint } : { status: 'ok', span: symbolSpan };
  }
  if (hint) {
    if (hint.end >= lines.length) return { status: 'out-of-range', lineCount: lines.length };
    return { status: 'ok', span: hint };
  }
  // Only a file: the step is about the file as a whole and opens at its top.
  return { status: 'ok', span: { start: 0, end: 0 } };
}

function resolveText(
  lines: readonly string[],
  normalized: readonly string[],
  wanted: string[],
  hint: LineSpan | undefined,
  symbolSpan: LineSpan | undefined,
  helpers: ReadonlyArray<{ name: string; span: LineSpan }>,
  fuzzyBudget?: number,
): AnchorResult {
  const length = hint ? hint.end - hint.start + 1 : wanted.length;
  const spanAt = (start: number): LineSpan => ({ start, end: Math.min(start + length - 1, lines.length - 1) });
  const foundAt = (start: number) => normalized.slice(start, start + wanted.length).join('\n');
  const scope = symbolSpan ?? whole(lines);
  const target = hint && contains(scope, hint.start) ? hint.start : scope.start;
  // Without a hint there is nothing to be out of date: an exact match is simply ok.
  const exact = (start: number): AnchorResult => (hint ? { status: 'moved', span: spanAt(start), from: hint } : { status: 'ok', span: spanAt(start) });

  if (hint && contains(scope, hint.start) && matchesAt(normalized, wanted, hint.start)) return { status: 'ok', span: spanAt(hint.start) };

  const inScope = nearest(exactMatches(normalized, wanted, scope), target);
  if (inScope !== undefined) return exact(inScope);
  // The very text in a helper the symbol calls (code extracted from it) beats a look-alike in the symbol.
  if (symbolSpan) {
    for (const helper of helpers) {
      const start = nearest(exactMatches(normalized, wanted, helper.span), helper.span.start);
      if (start !== undefined) return { status: 'moved', span: spanAt(start), ...(hint ? { from: hint } : {}), helper: helper.name };
    }
  }
  const searched = bestFuzzy(normalized, wanted, scope, target, fuzzyBudget);
  if (searched.kind === 'too-costly') {
    const cost = searched.cost.toLocaleString('en-US');
    const budget = searched.budget.toLocaleString('en-US');
    return {
      status: 'stale',
      reason: symbolSpan
        ? t('The anchor text was not found exactly, and a fuzzy search of the symbol is too costly ({0} characters; the limit is {1}). Fix the anchor.', cost, budget)
        : t('The anchor text was not found exactly, and a fuzzy search of the file is too costly ({0} characters; the limit is {1}). Fix the anchor, or name a `symbol` to narrow the search.', cost, budget),
    };
  }
  const fuzzy = searched.kind === 'found' ? searched : undefined;
  const wantedText = wanted.join('\n');
  const similarEnough = (start: number, score: number) => score >= FUZZY_THRESHOLD && wordSimilarity(wantedText, foundAt(start)) >= WORD_THRESHOLD;
  if (fuzzy && similarEnough(fuzzy.start, fuzzy.score)) {
    return { status: 'fuzzy', span: spanAt(fuzzy.start), similarity: fuzzy.score, found: foundAt(fuzzy.start) };
  }

  if (!symbolSpan) {
    const reason = fuzzy
      ? t('The anchor text was not found anywhere in the file (closest: line {0}, {1}% similar).', fuzzy.start + 1, Math.round(fuzzy.score * 100))
      : t('The anchor text was not found anywhere in the file.');
    return { status: 'stale', reason, ...(fuzzy ? { closest: spanAt(fuzzy.start) } : {}) };
  }

  // Nothing like it in the symbol: a near-exact text in a helper it calls (code extracted, then edited).
  let bestHelper: { start: number; score: number; name: string } | undefined;
  for (const helper of helpers) {
    const searchedHelper = bestFuzzy(normalized, wanted, helper.span, helper.span.start);
    const found = searchedHelper.kind === 'found' ? searchedHelper : undefined;
    if (found && found.score >= HELPER_FUZZY_THRESHOLD && similarEnough(found.start, found.score) && (!bestHelper || found.score > bestHelper.score)) bestHelper = { ...found, name: helper.name };
  }
  if (bestHelper) return { status: 'fuzzy', span: spanAt(bestHelper.start), similarity: bestHelper.score, found: foundAt(bestHelper.start), helper: bestHelper.name };

  // Never stale while the declaration exists: its most similar lines, flagged as a guess.
  const start = fuzzy?.start ?? symbolSpan.start;
  const span = { start, end: Math.min(start + length - 1, symbolSpan.end, lines.length - 1) };
  return { status: 'approximate', span, similarity: fuzzy?.score ?? 0, found: foundAt(start) };
}

function contains(span: LineSpan, line: number): boolean {
  return line >= span.start && line <= span.end;
}

/** How many times the anchor occurs exactly in the file (normalized lines). */
export function countExactMatches(normalized: readonly string[], anchor: string): number {
  const wanted = anchorLines(anchor);
  return wanted.length === 0 ? 0 : exactMatches(normalized, wanted, { start: 0, end: normalized.length - 1 }).length;
}

function whole(lines: readonly string[]): LineSpan {
  return { start: 0, end: lines.length - 1 };
}

function matchesAt(normalized: readonly string[], wanted: readonly string[], start: number): boolean {
  if (start < 0 || start + wanted.length > normalized.length) return false;
  for (let i = 0; i < wanted.length; i++) if (normalized[start + i] !== wanted[i]) return false;
  return true;
}

/** Starts of exact matches whose first line lies in `scope`, ascending: an index lookup, not a scan. */
export function exactMatches(normalized: readonly string[], wanted: readonly string[], scope: LineSpan): number[] {
  const starts: number[] = [];
  const last = Math.min(scope.end, normalized.length - wanted.length);
  const first = Math.max(0, scope.start);
  if (last < first) return starts;
  const candidates = lineIndexOf(normalized).get(wanted[0]!);
  if (!candidates) return starts;
  for (let i = lowerBound(candidates, first); i < candidates.length && candidates[i]! <= last; i++) {
    if (matchesAt(normalized, wanted, candidates[i]!)) starts.push(candidates[i]!);
  }
  return starts;
}

/**
 * Normalized line text → the lines that hold it, ascending. Built once per file text (the
 * normalized array is cached per text by the engine) and shared by every step in the file.
 */
const lineIndexes = new WeakMap<readonly string[], Map<string, number[]>>();

export function lineIndexOf(normalized: readonly string[]): ReadonlyMap<string, readonly number[]> {
  let index = lineIndexes.get(normalized);
  if (!index) {
    index = new Map();
    for (let i = 0; i < normalized.length; i++) {
      const line = normalized[i]!;
      const at = index.get(line);
      if (at) at.push(i);
      else index.set(line, [i]);
    }
    lineIndexes.set(normalized, index);
  }
  return index;
}

/** The first position in ascending `sorted` whose value is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function nearest(starts: number[], target: number): number | undefined {
  let best: number | undefined;
  for (const start of starts) {
    if (best === undefined || Math.abs(start - target) < Math.abs(best - target)) best = start;
  }
  return best;
}
