/**
 * What a resolved step says, for every feature that shows one: whether it points at lines now and
 * its talking points as shown. Next to the step type (resolveStep.ts), so that features share them
 * without importing each other.
 */
import { statusInfo } from '../../../common/src/stepStatuses';
import { t } from './l10n';
import type { ResolvedStep } from './resolveStep';

/** Statuses whose range is on the code (lenses, hovers, reveal); `approximate` is a guess there, shown as one. */
export function isPlaced(step: ResolvedStep): step is ResolvedStep & { file: string; span: { start: number; end: number } } {
  return step.file !== undefined && step.span !== undefined && statusInfo(step.status)?.placed === true;
}

/**
 * The talking points: inline `points`, then the cited memo section's body. A point whose code the
 * step's code does not bear out carries a mark at the end of its line ("⚠ not in your code: …"),
 * so it is never shown as plain truth.
 */
export function talkingPoints(step: ResolvedStep): string | undefined {
  const marked = (text: string | undefined, source: 'points' | 'section') => (text === undefined ? undefined : markUnconfirmed(text, (step.unconfirmed ?? []).filter((u) => u.source === source)));
  const parts = [marked(step.spec.points, 'points')?.trim(), marked(step.section?.body, 'section')?.trim()].filter((p): p is string => !!p);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** `text` with a mark after each line that holds an unconfirmed claim (offsets are into `text`). */
export function markUnconfirmed(text: string, unconfirmed: NonNullable<ResolvedStep['unconfirmed']>): string {
  if (unconfirmed.length === 0) return text;
  const byLineEnd = new Map<number, string[]>();
  for (const { claim, text: shown } of unconfirmed) {
    const newline = text.indexOf('\n', claim.start);
    const end = newline < 0 ? text.length : newline;
    byLineEnd.set(end, [...(byLineEnd.get(end) ?? []), shown]);
  }
  let out = '';
  let at = 0;
  for (const end of [...byLineEnd.keys()].sort((a, b) => a - b)) {
    out += text.slice(at, end).replace(/\s+$/, '') + ` ⚠ *${t('not in your code: {0}', byLineEnd.get(end)!.join(', '))}*`;
    at = end;
  }
  return out + text.slice(at);
}
