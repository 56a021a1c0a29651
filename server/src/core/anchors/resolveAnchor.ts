/**
 * Where is a step's code now? Given the file's current lines, the step's `lines` hint, its
 * `anchor` text and (when it names one) the current span of its `symbol`, decide the current
 * range and a status. Pure: no I/O.
 *
 * - anchor: exact match at the hint → ok; else the nearest exact match (inside the symbol when
 *   there is one, then anywhere) → moved; else the most similar window above FUZZY_THRESHOLD
 *   (inside the symbol when there is one) → fuzzy; else stale. The range keeps the step's length.
 * - symbol, no anchor: the hint when it lies inside the declaration → ok; else the declaration → moved.
 * - lines only: as written → ok.
 * - none of them (a file-only step): the file's first line → ok.
 */
import { anchorLines, normalizeLine } from '../text';
import type { LineSpan } from '../types';
import { bestFuzzy } from './fuzzySearch';

export const FUZZY_THRESHOLD = 0.6;

export interface AnchorQuery {
  /** The file's current lines. */
  lines: readonly string[];
  /** The same lines normalized (see normalizeLine), when the caller has them cached. */
  normalized?: readonly string[];
  hint?: LineSpan;
  anchor?: string;
  /** The current span of the step's symbol, when it names one that was found. */
  symbolSpan?: LineSpan;
}

export type AnchorResult =
  | { status: 'ok'; span: LineSpan }
  | { status: 'moved'; span: LineSpan; from?: LineSpan }
  | { status: 'fuzzy'; span: LineSpan; similarity: number; found: string }
  | { status: 'stale'; reason: string }
  | { status: 'out-of-range'; lineCount: number };

export function resolveAnchor(query: AnchorQuery): AnchorResult {
  const { lines, hint, symbolSpan } = query;
  const wanted = query.anchor === undefined ? [] : anchorLines(query.anchor);
  if (wanted.length > 0) return resolveText(lines, query.normalized ?? lines.map(normalizeLine), wanted, hint, symbolSpan);
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

function resolveText(lines: readonly string[], normalized: readonly string[], wanted: string[], hint: LineSpan | undefined, symbolSpan: LineSpan | undefined): AnchorResult {
  const length = hint ? hint.end - hint.start + 1 : wanted.length;
  const spanAt = (start: number): LineSpan => ({ start, end: Math.min(start + length - 1, lines.length - 1) });
  const target = hint?.start ?? symbolSpan?.start ?? 0;

  if (hint && matchesAt(normalized, wanted, hint.start)) return { status: 'ok', span: spanAt(hint.start) };

  const scopes: LineSpan[] = symbolSpan ? [symbolSpan, whole(lines)] : [whole(lines)];
  for (const scope of scopes) {
    const found = nearest(exactMatches(normalized, wanted, scope), target);
    if (found !== undefined) {
      // Without a hint there is nothing to be out of date: an exact match is simply ok.
      return hint ? { status: 'moved', span: spanAt(found), from: hint } : { status: 'ok', span: spanAt(found) };
    }
  }

  const searched = bestFuzzy(normalized, wanted, symbolSpan ?? whole(lines), target);
  if (searched.kind === 'too-costly') {
    return {
      status: 'stale',
      reason: `The anchor text was not found exactly, and a fuzzy search of ${symbolSpan ? 'the symbol' : 'the file'} is too costly (${searched.cost.toLocaleString('en-US')} characters; the limit is ${searched.budget.toLocaleString('en-US')}). Fix the anchor, or name a \`symbol\` to narrow the search.`,
    };
  }
  const fuzzy = searched.kind === 'found' ? searched : undefined;
  if (fuzzy && fuzzy.score >= FUZZY_THRESHOLD) {
    return { status: 'fuzzy', span: spanAt(fuzzy.start), similarity: fuzzy.score, found: normalized.slice(fuzzy.start, fuzzy.start + wanted.length).join('\n') };
  }
  const where = symbolSpan ? 'in the symbol or anywhere in the file' : 'anywhere in the file';
  const best = fuzzy ? ` (closest: line ${fuzzy.start + 1}, ${Math.round(fuzzy.score * 100)}% similar)` : '';
  return { status: 'stale', reason: `The anchor text was not found ${where}${best}.` };
}

function whole(lines: readonly string[]): LineSpan {
  return { start: 0, end: lines.length - 1 };
}

function matchesAt(normalized: readonly string[], wanted: readonly string[], start: number): boolean {
  if (start < 0 || start + wanted.length > normalized.length) return false;
  for (let i = 0; i < wanted.length; i++) if (normalized[start + i] !== wanted[i]) return false;
  return true;
}

/** Starts of exact matches whose first line lies in `scope`. */
function exactMatches(normalized: readonly string[], wanted: readonly string[], scope: LineSpan): number[] {
  const starts: number[] = [];
  const last = Math.min(scope.end, normalized.length - wanted.length);
  for (let start = Math.max(0, scope.start); start <= last; start++) {
    if (normalized[start] === wanted[0] && matchesAt(normalized, wanted, start)) starts.push(start);
  }
  return starts;
}

function nearest(starts: number[], target: number): number | undefined {
  let best: number | undefined;
  for (const start of starts) {
    if (best === undefined || Math.abs(start - target) < Math.abs(best - target)) best = start;
  }
  return best;
}
