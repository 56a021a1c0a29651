// Markdown report for "Apply Bundled Walkthroughs to This Folder" (pure, unit-tested).
import type { StepSummary, WalkthroughSummary } from '../../../server/src/protocol';

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
 */
export function renderApplyReport(
  walkthroughs: readonly WalkthroughSummary[],
  targetLabel: string,
  relative: (uri: string) => string,
): string {
  const steps = walkthroughs.flatMap((w) => w.steps);
  const found = steps.filter(isFound).length;
  const lines: string[] = [];
  lines.push(`# Bundled walkthroughs applied to ${cell(targetLabel)}`, '');
  lines.push(`Found code for **${found} of ${steps.length}** steps in ${walkthroughs.length} walkthrough${walkthroughs.length === 1 ? '' : 's'}. Nothing was written.`, '');
  if (walkthroughs.length === 0) lines.push('No walkthroughs were found in the bundled folder.', '');
  for (const walkthrough of walkthroughs) {
    const ok = walkthrough.steps.filter(isFound).length;
    lines.push(`## ${cell(walkthrough.title)} (${ok}/${walkthrough.steps.length})`, '');
    if (walkthrough.description) lines.push(cell(walkthrough.description), '');
    lines.push('| # | Step | Status | Where |', '|---|------|--------|-------|');
    for (const step of walkthrough.steps) {
      const where = step.contentOnly
        ? 'talking points only'
        : step.uri && step.range
          ? `${relative(step.uri)}:${step.range.startLine + 1}-${step.range.endLine + 1}`
          : step.statusMessage ?? 'not found';
      const status = isFound(step) ? `✓ ${step.status}` : `✗ ${step.status}`;
      lines.push(`| ${step.index + 1} | ${cell(step.title)} | ${status} | ${cell(where)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
