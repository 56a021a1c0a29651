/** Where a position is in a walkthrough YAML file: which step, which key, key or value. */
import type { SourceSpan, StepSpec, WalkthroughSpec } from '../core/format/parseWalkthrough';
import type { Position, Range } from '../core/types';

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function intersects(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The step whose YAML range contains the position. */
export function stepAt(spec: WalkthroughSpec, position: Position): StepSpec | undefined {
  return spec.steps.find((step) => contains(step.range, position));
}

export interface KeyHit<K extends string> {
  key: K;
  part: 'key' | 'value';
  span: SourceSpan;
}

/** The key (or its value) under the position. */
export function keyAt<K extends string>(spans: Partial<Record<K, SourceSpan>>, position: Position): KeyHit<K> | undefined {
  for (const [key, span] of Object.entries(spans) as Array<[K, SourceSpan | undefined]>) {
    if (!span) continue;
    if (contains(span.key, position)) return { key, part: 'key', span };
    if (contains(span.value, position)) return { key, part: 'value', span };
  }
  return undefined;
}
