/**
 * The fuzzy half of anchor resolution: the window of the file most similar to the anchor, by the
 * Dice coefficient of character bigrams (see similarity.ts), in bounded time.
 *
 * A window's text is its normalized lines joined by '\n' with white-space runs compacted to one
 * space, so it is always a contiguous slice of one string: the file's non-empty lines, each
 * followed by a space. Sliding the window one line down adds the bigrams of the slice's new tail
 * and drops those of its old head, so one search costs O(characters in the scope) whatever the
 * anchor's size (rebuilding each window's bigrams was O(lines × anchor size)). The slice string
 * is built once per file text and shared by every step that searches it.
 *
 * The work is known before it starts (the characters the windows cover); above the budget the
 * search is refused and says so, instead of freezing the server.
 */
import type { LineSpan } from '../types';

/**
 * Characters of windows one search may cover: ~100 ms on a busy 2-core machine (npm run bench).
 * Bigger scopes (files of more than ~50,000 lines without a `symbol`) are refused, not searched.
 */
export const FUZZY_BUDGET = 4_000_000;

export type FuzzyResult =
  | { kind: 'found'; start: number; score: number }
  | { kind: 'too-costly'; cost: number; budget: number }
  | { kind: 'none' };

interface Slices {
  /** Non-empty normalized lines, white space compacted, each followed by one space. */
  text: string;
  /** Offset in `text` where line i starts (for a blank line: where the next non-empty one would). */
  start: Int32Array;
  /** Offset in `text` just after line i's characters (before its space); = start for a blank line. */
  end: Int32Array;
  /** Index of the last non-empty line ≤ i, or -1. */
  lastNonEmpty: Int32Array;
}

const slicesCache = new WeakMap<readonly string[], Slices>();

function slicesOf(normalized: readonly string[]): Slices {
  let slices = slicesCache.get(normalized);
  if (slices) return slices;
  const n = normalized.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const lastNonEmpty = new Int32Array(n);
  const parts: string[] = [];
  let offset = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const line = normalized[i]!;
    start[i] = offset;
    if (line !== '') {
      const compact = line.replace(/\s+/g, ' ');
      parts.push(compact, ' ');
      offset += compact.length;
      last = i;
    }
    end[i] = offset;
    if (line !== '') offset += 1;
    lastNonEmpty[i] = last;
  }
  slices = { text: parts.join(''), start, end, lastNonEmpty };
  slicesCache.set(normalized, slices);
  return slices;
}

/**
 * The start of the window of `wanted.length` lines, beginning in `scope` on a non-blank line, that
 * is most similar to `wanted`; ties go to the window nearest `target`. Same answer as comparing
 * every window's bigrams afresh. Windows whose start `skip` rejects are passed over (still slid through).
 */
export function bestFuzzy(normalized: readonly string[], wanted: readonly string[], scope: LineSpan, target: number, budget = FUZZY_BUDGET, skip?: (start: number) => boolean): FuzzyResult {
  const size = wanted.length;
  const first = Math.max(0, scope.start);
  const last = Math.min(scope.end, normalized.length - size);
  if (size === 0 || last < first) return { kind: 'none' };
  // The cost before any work: the characters the windows cover (white-space runs not yet compacted).
  let cost = 0;
  for (let i = first; i <= last + size - 1; i++) cost += normalized[i]!.length + 1;
  if (cost > budget) return { kind: 'too-costly', cost, budget };
  const slices = slicesOf(normalized);

  // The anchor's bigrams, numbered in an open-addressing table (a Map is too slow per character);
  // per number: how often the anchor has it, how often the window does.
  const compact = wanted.join('\n').replace(/\s+/g, ' ');
  const table = new GramTable(compact.length);
  const wantedCounts: number[] = [];
  for (let i = 0; i < compact.length - 1; i++) {
    const id = table.add((compact.charCodeAt(i) << 16) | compact.charCodeAt(i + 1));
    if (id === wantedCounts.length) wantedCounts.push(0);
    wantedCounts[id]!++;
  }
  const sizeA = Math.max(0, compact.length - 1);
  const windowCounts = new Int32Array(wantedCounts.length);
  const { text } = slices;
  const idAt = (p: number) => table.find((text.charCodeAt(p) << 16) | text.charCodeAt(p + 1));

  let shared = 0;
  // The window's bigrams are those starting at [from, to) in `text`.
  let from = slices.start[first]!;
  let to = from;
  let best: { start: number; score: number } | undefined;
  for (let start = first; start <= last; start++) {
    // Skip windows that begin on a blank line: an anchor never starts with one.
    if (normalized[start] === '') continue;
    const endLine = start + size - 1;
    const lastLine = slices.lastNonEmpty[endLine]!;
    // The window's text ends after its last non-empty line, plus one space when blank lines follow it.
    const textEnd = slices.end[lastLine]! + (lastLine < endLine ? 1 : 0);
    const newFrom = slices.start[start]!;
    const newTo = Math.max(newFrom, textEnd - 1);
    for (; to < newTo; to++) {
      const id = idAt(to);
      if (id >= 0 && windowCounts[id]!++ < wantedCounts[id]!) shared++;
    }
    for (; from < newFrom; from++) {
      const id = idAt(from);
      if (id >= 0 && --windowCounts[id]! < wantedCounts[id]!) shared--;
    }
    if (skip?.(start)) continue;
    const sizeB = to - from;
    const score = sizeA + sizeB === 0 ? 1 : (2 * shared) / (sizeA + sizeB);
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && Math.abs(start - target) < Math.abs(best.start - target))) {
      best = { start, score };
    }
  }
  return best ? { kind: 'found', ...best } : { kind: 'none' };
}

/** Bigram keys (two UTF-16 units in one int) → dense ids 0, 1, 2 …; -1 when absent. */
class GramTable {
  private readonly keys: Int32Array;
  private readonly ids: Int32Array;
  private readonly shift: number;
  private readonly mask: number;
  private count = 0;

  constructor(capacity: number) {
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    this.keys = new Int32Array(1 << bits);
    this.ids = new Int32Array(1 << bits).fill(-1);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  /** The id of `key`, numbering it when new. */
  add(key: number): number {
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & this.mask) {
      if (this.ids[slot] === -1) {
        this.keys[slot] = key;
        this.ids[slot] = this.count;
        return this.count++;
      }
      if (this.keys[slot] === key) return this.ids[slot]!;
    }
  }

  find(key: number): number {
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & this.mask) {
      const id = this.ids[slot]!;
      if (id === -1 || this.keys[slot] === key) return id;
    }
  }
}
