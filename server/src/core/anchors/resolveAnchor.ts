/**
 * Where is a step's code now? Given the file's current lines, the step's `lines` hint, its
 * `anchor` text and (when it names one) the current span of its `symbol`, decide the current
 * range and a status. Pure: no I/O.
 *
 * - anchor, no symbol: exact match at the hint → ok; else the nearest exact match → moved; else
 *   the most similar window above FUZZY_THRESHOLD → fuzzy; else stale.
 * - anchor and symbol: the step belongs inside its declaration, so nothing outside it can beat a
 *   match inside it. Exact at the hint (inside the symbol) → ok; else the nearest exact match in
 *   the symbol → moved; else an exact match in a helper the symbol reaches (`helpers`: code
 *   extracted from it) → moved; else a similar window in the symbol (≥ FUZZY_THRESHOLD), then a
 *   near-exact one in a helper (≥ HELPER_FUZZY_THRESHOLD) → fuzzy; else the most similar lines of
 *   the symbol → approximate (never stale while the declaration exists). The range keeps the
 *   step's length.
 * - everywhere, a match wholly inside comments or string literals (`inert`: code kept in a
 *   comment, quoted in a string) ranks below live code: the steps above run on live code first
 *   (exact in the symbol, exact in a helper, similar in the symbol, near-exact in a helper), then
 *   in the same order on comments and strings. A match that begins with its comment is the
 *   comment itself (an anchor that is comment text) and counts as live.
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
  helpers?: ReadonlyArray<Helper>;
  /**
   * Lines in comments or string literals (from the parser): a match there ranks below live code,
   * in the symbol and in its helpers.
   */
  inert?: InertLines;
}

/**
 * `lines`: 0-based lines whose every non-blank character is in a comment or a string literal.
 * `starts`: those of them on which such a comment or string begins (nothing before it): a match
 * beginning there is the comment itself (an anchor that is comment text), not code kept in one.
 */
export interface InertLines {
  lines: ReadonlySet<number>;
  starts: ReadonlySet<number>;
}

/** A declaration the symbol reaches: one it calls, or a method of a type it constructs. */
export interface Helper {
  name: string;
  span: LineSpan;
  via?: 'call' | 'construct';
}

/**
 * `inert`: the match lies in comments or string literals (no live code matched as well).
 * `helper`: found in a declaration the symbol reaches (`via` says how), not in the symbol itself.
 */
export type AnchorResult =
  | { status: 'ok'; span: LineSpan; inert?: true }
  | { status: 'moved'; span: LineSpan; from?: LineSpan; helper?: string; via?: 'call' | 'construct'; inert?: true }
  | { status: 'fuzzy'; span: LineSpan; similarity: number; found: string; helper?: string; via?: 'call' | 'construct'; inert?: true }
  /** The symbol exists but holds nothing like the anchor: its most similar lines. */
  | { status: 'approximate'; span: LineSpan; similarity: number; found: string }
  | { status: 'stale'; reason: string; closest?: LineSpan }
  | { status: 'out-of-range'; lineCount: number };

export function resolveAnchor(query: AnchorQuery): AnchorResult {
  const { lines, hint, symbolSpan } = query;
  const wanted = query.anchor === undefined ? [] : anchorLines(query.anchor);
  if (wanted.length > 0) return resolveText(lines, query.normalized ?? lines.map(normalizeLine), wanted, hint, symbolSpan, query.helpers ?? [], query.inert);
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
  helpers: ReadonlyArray<Helper>,
  inertLines: InertLines | undefined,
): AnchorResult {
  const length = hint ? hint.end - hint.start + 1 : wanted.length;
  const spanAt = (start: number): LineSpan => ({ start, end: Math.min(start + length - 1, lines.length - 1) });
  const foundAt = (start: number) => normalized.slice(start, start + wanted.length).join('\n');
  const scope = symbolSpan ?? whole(lines);
  const target = hint && contains(scope, hint.start) ? hint.start : scope.start;
  const hasInert = inertLines !== undefined && inertLines.lines.size > 0;
  // A window is inert when every non-blank line of it is in a comment or a string literal that
  // began before it: a copy of code kept there. One that begins with the comment is the comment.
  const inert = (start: number): boolean => {
    if (!hasInert || inertLines.starts.has(start)) return false;
    for (let i = start; i < start + wanted.length && i < normalized.length; i++) if (normalized[i] !== '' && !inertLines.lines.has(i)) return false;
    return true;
  };
  const live = (start: number) => !inert(start);
  const anywhere = () => true;
  const inertFlag = (start: number) => (inert(start) ? { inert: true as const } : {});
  const via = (helper: Helper) => ({ helper: helper.name, ...(helper.via ? { via: helper.via } : {}) });
  // Without a hint there is nothing to be out of date: an exact match is simply ok.
  const exact = (start: number): AnchorResult => (hint ? { status: 'moved', span: spanAt(start), from: hint, ...inertFlag(start) } : { status: 'ok', span: spanAt(start), ...inertFlag(start) });
  const wantedText = wanted.join('\n');
  const similarEnough = (start: number, score: number) => score >= FUZZY_THRESHOLD && wordSimilarity(wantedText, foundAt(start)) >= WORD_THRESHOLD;

  // Exact in the symbol (or file), at the hint first, then nearest to it; `accept` says live or not.
  const hintMatches = hint !== undefined && contains(scope, hint.start) && matchesAt(normalized, wanted, hint.start);
  const inScope = exactMatches(normalized, wanted, scope);
  const exactInScope = (accept: (start: number) => boolean): AnchorResult | undefined => {
    if (hintMatches && accept(hint.start)) return { status: 'ok', span: spanAt(hint.start), ...inertFlag(hint.start) };
    const start = nearest(inScope.filter(accept), target);
    return start === undefined ? undefined : exact(start);
  };
  // The very text in a helper the symbol reaches (code extracted from it).
  const exactInHelpers = (accept: (start: number) => boolean): AnchorResult | undefined => {
    if (!symbolSpan) return undefined;
    for (const helper of helpers) {
      const start = nearest(exactMatches(normalized, wanted, helper.span).filter(accept), helper.span.start);
      if (start !== undefined) return { status: 'moved', span: spanAt(start), ...(hint ? { from: hint } : {}), ...via(helper), ...inertFlag(start) };
    }
    return undefined;
  };
  // A near-exact text in a helper (code extracted, then edited): a helper is another function, so
  // a merely similar line there is not taken for the step's code.
  const nearExactInHelpers = (accept: (start: number) => boolean): AnchorResult | undefined => {
    if (!symbolSpan) return undefined;
    let best: { start: number; score: number; helper: Helper } | undefined;
    for (const helper of helpers) {
      const searched = bestFuzzy(normalized, wanted, helper.span, helper.span.start, undefined, accept === anywhere ? undefined : (start) => !accept(start));
      const found = searched.kind === 'found' ? searched : undefined;
      if (found && found.score >= HELPER_FUZZY_THRESHOLD && similarEnough(found.start, found.score) && (!best || found.score > best.score)) best = { ...found, helper };
    }
    if (!best) return undefined;
    return { status: 'fuzzy', span: spanAt(best.start), similarity: best.score, found: foundAt(best.start), ...via(best.helper), ...inertFlag(best.start) };
  };

  // Live code first — in the symbol, then in its helpers, exact then similar: a commented-out copy
  // (or the text quoted in a string) is not the code.
  const liveExact = exactInScope(live) ?? exactInHelpers(live);
  if (liveExact) return liveExact;

  const searched = bestFuzzy(normalized, wanted, scope, target);
  if (searched.kind === 'too-costly') {
    // Still an exact match in comments or strings beats giving up.
    const inertExact = exactInScope(anywhere) ?? exactInHelpers(anywhere);
    if (inertExact) return inertExact;
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
  // The most similar live window, when the most similar of all is in a comment or a string.
  const liveSearched = fuzzy && inert(fuzzy.start) ? bestFuzzy(normalized, wanted, scope, target, undefined, inert) : searched;
  const liveFuzzy = liveSearched.kind === 'found' ? liveSearched : undefined;
  if (liveFuzzy && similarEnough(liveFuzzy.start, liveFuzzy.score)) {
    return { status: 'fuzzy', span: spanAt(liveFuzzy.start), similarity: liveFuzzy.score, found: foundAt(liveFuzzy.start) };
  }
  const liveEdited = nearExactInHelpers(live);
  if (liveEdited) return liveEdited;

  // No live code like it: the text in comments or strings, in the same order.
  const inertMatch = hasInert ? (exactInScope(anywhere) ?? exactInHelpers(anywhere)) : undefined;
  if (inertMatch) return inertMatch;
  if (fuzzy && fuzzy !== liveFuzzy && similarEnough(fuzzy.start, fuzzy.score)) {
    return { status: 'fuzzy', span: spanAt(fuzzy.start), similarity: fuzzy.score, found: foundAt(fuzzy.start), inert: true };
  }

  if (!symbolSpan) {
    const reason = fuzzy
      ? t('The anchor text was not found anywhere in the file (closest: line {0}, {1}% similar).', fuzzy.start + 1, Math.round(fuzzy.score * 100))
      : t('The anchor text was not found anywhere in the file.');
    return { status: 'stale', reason, ...(fuzzy ? { closest: spanAt(fuzzy.start) } : {}) };
  }
  const inertEdited = hasInert ? nearExactInHelpers(anywhere) : undefined;
  if (inertEdited) return inertEdited;

  // Never stale while the declaration exists: its most similar lines (live ones first), flagged as a guess.
  const closest = liveFuzzy ?? fuzzy;
  const start = closest?.start ?? symbolSpan.start;
  const span = { start, end: Math.min(start + length - 1, symbolSpan.end, lines.length - 1) };
  return { status: 'approximate', span, similarity: closest?.score ?? 0, found: foundAt(start) };
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
