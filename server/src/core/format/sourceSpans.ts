/**
 * Where each key and value of a walkthrough stands in its YAML source, stored compactly.
 *
 * A step has about ten keys, and each key's `SourceSpan` is two ranges of two positions: seven
 * objects per key, about 4 KB per step, most of a loaded walkthrough's memory (issue 15). Few are
 * ever read (a diagnostic's range, a hover, a completion), so a walkthrough's spans keep only
 * offsets (four 32-bit integers per key, in one typed array per file that every mapping of the
 * file shares) and the text's line starts (one typed array per file), and each `spans.anchor`
 * builds its `SourceSpan` when it is read. (An array of numbers per mapping cost twice the bytes
 * per offset plus its own header: about 300 bytes per step, 3 MB at 10k steps, issue 25.)
 *
 * The object still looks like the plain record it replaces: one enumerable property per key, in
 * source order (`Object.keys`, `Object.entries`, `JSON.stringify` and deep equality see the
 * same), read-only.
 */
import type { Position, Range } from '../types';
import type { SourceSpan } from './parseWalkthrough';

/** A text and where its lines start: turns offsets into positions. */
export class SourceText {
  private readonly lineStarts: Int32Array;
  /** The offsets of every mapping's keys (see `keep`), `used` of them filled. */
  private offsets = new Int32Array(64);
  private used = 0;

  constructor(readonly text: string) {
    // Lines end at LF, CRLF or a lone CR (as splitLines and editors).
    const starts = [0];
    for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
    this.lineStarts = Int32Array.from(starts);
  }

  /** Keeps `values` (offsets into the text) and returns where they start, for `offsetAt`. */
  keep(values: readonly number[]): number {
    const at = this.used;
    if (at + values.length > this.offsets.length) {
      const grown = new Int32Array(Math.max(this.offsets.length * 2, at + values.length));
      grown.set(this.offsets.subarray(0, at));
      this.offsets = grown;
    }
    this.offsets.set(values, at);
    this.used += values.length;
    return at;
  }

  /** Gives back the room kept for more offsets (call once every mapping of the text is read). */
  trim(): void {
    if (this.used < this.offsets.length) this.offsets = this.offsets.slice(0, this.used);
  }

  offsetAt(index: number): number {
    return this.offsets[index]!;
  }

  /** 0-based line and character of an offset, clamped into the text (never inside a CRLF). */
  position(offset: number): Position {
    const { text, lineStarts } = this;
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    const next = lineStarts[low + 1];
    const lineEnd = next !== undefined ? next - (text[next - 2] === '\r' && text[next - 1] === '\n' ? 2 : 1) : text.length;
    return { line: low, character: Math.min(at, lineEnd) - lineStarts[low]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** One key's place: the key's start and end offsets, then its value's. */
export type SpanOffsets = readonly [keyStart: number, keyEnd: number, valueStart: number, valueEnd: number];

const SOURCE = Symbol('source');
const BASE = Symbol('base');

interface Compact {
  [SOURCE]: SourceText;
  /** Where this mapping's offsets start in its source's (four per key, in the order of the keys' properties). */
  [BASE]: number;
}

/** One shared getter per (key, slot): instances with the same keys in the same order share their shape. */
const getters = new Map<string, () => SourceSpan>();

function getterFor(key: string, slot: number): () => SourceSpan {
  const id = `${slot}\0${key}`;
  let getter = getters.get(id);
  if (!getter) {
    getter = function (this: Compact): SourceSpan {
      const source = this[SOURCE];
      const at = this[BASE] + slot * 4;
      return { key: source.range(source.offsetAt(at), source.offsetAt(at + 1)), value: source.range(source.offsetAt(at + 2), source.offsetAt(at + 3)) };
    };
    getters.set(id, getter);
  }
  return getter;
}

/** The spans of one mapping's keys, in source order, decoded when read. */
export function compactSpans<K extends string>(source: SourceText, entries: ReadonlyArray<readonly [K, SpanOffsets]>): Partial<Record<K, SourceSpan>> {
  const spans = {} as Compact;
  Object.defineProperty(spans, SOURCE, { value: source });
  Object.defineProperty(spans, BASE, { value: source.keep(entries.flatMap(([, offsets]) => offsets)) });
  entries.forEach(([key], slot) => Object.defineProperty(spans, key, { get: getterFor(key, slot), enumerable: true }));
  return spans as unknown as Partial<Record<K, SourceSpan>>;
}
