// Markdown report for "Apply Bundled Walkthroughs to This Folder" (pure, unit-tested).
import type { Plural, Translate } from '../../../server/src/core/plural';
import type { StepSummary, WalkthroughSummary } from '../../../server/src/protocol';
import { statusName } from '../../../server/src/core/statusNames';

const FOUND = new Set(['ok', 'moved', 'fuzzy']);

export function isFound(step: StepSummary): boolean {
  return step.contentOnly || FOUND.has(step.status);
}

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}

/**
 * @param relative turns a step's file URI into a path relative to the target folder.
 * @param l10n the client's `t` and `plural` (tests pass translators over the bundles).
 */
export function renderApplyReport(
  walkthroughs: readonly WalkthroughSummary[],
  targetLabel: string,
  relative: (uri: string) => string,
  { t, plural }: { t: Translate; plural: Plural },
): string {
  const steps = walkthroughs.flatMap((w) => w.steps);
  const found = steps.filter(isFound).length;
  const lines: string[] = [];
  lines.push(`# ${t('Bundled walkthroughs applied to {0}', cell(targetLabel))}`, '');
  lines.push(plural(walkthroughs.length, 'Found code for **{1} of {2}** steps in {0} walkthrough. Nothing was written.', 'Found code for **{1} of {2}** steps in {0} walkthroughs. Nothing was written.', found, steps.length), '');
  if (walkthroughs.length === 0) lines.push(t('No walkthroughs were found in the bundled folder.'), '');
  for (const walkthrough of walkthroughs) {
    const ok = walkthrough.steps.filter(isFound).length;
    lines.push(`## ${cell(walkthrough.title)} (${ok}/${walkthrough.steps.length})`, '');
    if (walkthrough.description) lines.push(cell(walkthrough.description), '');
    lines.push(`| # | ${t('Step')} | ${t('Status')} | ${t('Where')} |`, '|---|------|--------|-------|');
    for (const step of walkthrough.steps) {
      const where = step.contentOnly
        ? t('talking points only')
        : step.uri && step.range
          ? `${relative(step.uri)}:${step.range.startLine + 1}-${step.range.endLine + 1}`
          : step.statusMessage ?? t('not found');
      const status = `${isFound(step) ? '✓' : '✗'} ${statusName(step.status, t)}`;
      lines.push(`| ${step.index + 1} | ${cell(step.title)} | ${status} | ${cell(where)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
