/**
 * What a new or re-anchored step writes for a code selection: `lines` (the selected lines, blank
 * lines at either end left out; the cursor's line when nothing is selected), `anchor` (the
 * first lines of that range, at most MAX_ANCHOR_LINES: the anchor is the text at the start of
 * the range) and `symbol` (the innermost declaration around it, when its name is unique in the
 * file). Pure: the caller gives the code's text and declarations.
 */
import { t } from '../l10n';
import type { SymbolDecl } from '../symbols/types';
import type { LineSpan, Range } from '../types';
import { anchorText } from './authoringEdits';
import { formatLines } from './parseWalkthrough';

export const MAX_ANCHOR_LINES = 5;

export interface StepLocation {
  /** 0-based inclusive. */
  span: LineSpan;
  /** The `lines` value, 1-based (`74-78`). */
  lines: string;
  anchor: string;
  symbol?: string;
}

export type LocationResult = { ok: true; location: StepLocation } | { ok: false; error: string };

export const LOCATION_ERRORS = {
  get blank() { return t('The selection holds only blank lines: select the code the step is about.'); },
  get outOfRange() { return t('The selection lies outside the file.'); },
} as const;

export function stepLocation(lines: readonly string[], selection: Range, symbols: readonly SymbolDecl[] = []): LocationResult {
  let start = Math.max(0, selection.start.line);
  let end = Math.max(start, selection.end.line);
  // A selection of whole lines ends at column 0 of the line after them.
  if (end > start && selection.end.character === 0) end--;
  if (start >= lines.length) return { ok: false, error: LOCATION_ERRORS.outOfRange };
  end = Math.min(end, lines.length - 1);
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end]!.trim() === '') end--;
  if (lines[start]!.trim() === '') return { ok: false, error: LOCATION_ERRORS.blank };
  const span = { start, end };
  const anchor = anchorText(lines.slice(start, Math.min(end, start + MAX_ANCHOR_LINES - 1) + 1).join('\n'));
  const location: StepLocation = { span, lines: formatLines(span), anchor };
  const symbol = enclosingSymbol(symbols, span, (decl) => holdsText(lines, decl.span, lines[start]!));
  if (symbol) location.symbol = symbol.name;
  return { ok: true, location };
}

function holdsText(lines: readonly string[], span: LineSpan, line: string): boolean {
  const wanted = line.trim();
  for (let i = span.start; i <= span.end && i < lines.length; i++) if (lines[i]!.trim() === wanted) return true;
  return false;
}

/**
 * The innermost declaration containing the span's first line (or else the first one starting
 * inside it), unique by name — or, for overloads that share a name (Java, C#, C++), the one
 * whose code is the only one of them to hold the anchor's first line (`holdsAnchor`): resolution
 * tells overloads apart by their anchor the same way.
 */
export function enclosingSymbol(symbols: readonly SymbolDecl[], span: LineSpan, holdsAnchor?: (decl: SymbolDecl) => boolean): SymbolDecl | undefined {
  const unique = symbols.filter((s) => {
    const same = symbols.filter((o) => o.name === s.name);
    if (same.length === 1) return true;
    return holdsAnchor !== undefined && s.span.start <= span.start && span.start <= s.span.end && same.every((o) => o === s || !holdsAnchor(o));
  });
  const around = unique.filter((s) => s.span.start <= span.start && span.start <= s.span.end);
  const inside = unique.filter((s) => s.span.start >= span.start && s.span.start <= span.end);
  const size = (s: SymbolDecl) => s.span.end - s.span.start;
  return around.sort((a, b) => size(a) - size(b))[0] ?? inside.sort((a, b) => a.span.start - b.span.start)[0];
}
