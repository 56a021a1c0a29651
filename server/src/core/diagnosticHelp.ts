/**
 * One line per diagnostic code saying when it is reported and what to do: the help text of the
 * SARIF rules (`walkthrough check --format sarif`) and of the docs' table. Keyed by every code,
 * so a new code without help does not compile.
 */
import { t } from './l10n';
import type { DiagnosticCode, Severity } from './types';

export const DIAGNOSTIC_HELP: Readonly<Record<DiagnosticCode, () => string>> = {
  'yaml-syntax': () => t('The walkthrough YAML does not parse; the rest of the file is still read where possible.'),
  'invalid-type': () => t('A value has the wrong type, or a step is not a mapping.'),
  'missing-key': () => t('A required key is missing: `title` or `steps`, or `file` for a step with `lines`, `anchor` or `symbol`.'),
  'empty-steps': () => t('`steps` is empty: a walkthrough needs at least one step.'),
  'unknown-key': () => t('A key the format does not define, usually a typo.'),
  'invalid-lines': () => t('`lines` is not `N` or `N-M`, is reversed, or starts below 1.'),
  'lines-out-of-range': () => t('A step with only `lines` points past the end of its file.'),
  'file-not-found': () => t('The step\'s file does not exist.'),
  'outside-workspace': () => t('`root`, `file` or `memo` leaves the workspace folder; it is never read.'),
  'unreadable-file': () => t('The file is binary, not UTF-8, or too large to read.'),
  'memo-not-found': () => t('The memo is missing, or `section` is used without a memo.'),
  'section-not-found': () => t('No memo heading matches `section`.'),
  'section-ambiguous': () => t('Several memo headings read the same: cite the section by its slug.'),
  'symbol-not-found': () => t('The file does not declare `symbol`.'),
  'symbol-ambiguous': () => t('The file declares `symbol` more than once.'),
  'duplicate-step-id': () => t('Two steps of one walkthrough have the same id.'),
  'duplicate-walkthrough-id': () => t('Two walkthroughs have the same id.'),
  'next-not-found': () => t('`next` names no walkthrough of the workspace.'),
  'multiple-primary': () => t('More than one walkthrough is marked `primary`.'),
  'empty-step': () => t('A step has neither `file`, `section` nor `points`.'),
  'anchor-moved': () => t('The code moved; the step followed it. `--fix` updates the `lines` hint.'),
  'anchor-fuzzy': () => t('The anchor was found only approximately (the code changed): check the step and update its anchor.'),
  'anchor-approximate': () => t('Only similar code was found in the step\'s declaration: check the place, then update the anchor.'),
  'anchor-stale': () => t('The step\'s code is gone: the anchor is found nowhere. Re-anchor the step or delete it.'),
  'file-moved': () => t('The file or the symbol moved to another file; the step followed it. Update `file`.'),
  'symbol-renamed': () => t('`symbol` was found under another name or receiver.'),
  'lines-only': () => t('The step has only `lines`: add an `anchor` so it follows the code.'),
  'invalid-pattern': () => t('A CodeTour `pattern` is not a valid regular expression.'),
  'pattern-not-found': () => t('A CodeTour `pattern` matches no line of its file.'),
  'codetour-unsupported': () => t('A CodeTour feature this extension shows differently or not at all.'),
  'codetour-history': () => t('CodeTour line steps were repaired from git history, or could not be (no git, no repository, an unknown `ref`): line-based steps may have drifted.'),
  'missing-step-id': () => t('The step has no `id`: practice history and progress follow its position.'),
  'claim-not-in-code': () => t('The talking points name code the step\'s code does not contain: check the step; practice waits until it is confirmed.'),
  'scan-limit': () => t('The search for walkthroughs stopped at the file limit: raise it with --max-files=N.'),
};

/** The severity a code is usually reported with (SARIF's default level for the rule). */
export function defaultSeverity(code: DiagnosticCode): Severity {
  if (code === 'anchor-moved' || code === 'codetour-history' || code === 'symbol-renamed' || code === 'lines-only' || code === 'missing-step-id' || code === 'codetour-unsupported') return 'info';
  if (code === 'unknown-key' || code === 'file-moved' || code === 'anchor-fuzzy' || code === 'anchor-approximate' || code === 'symbol-not-found' || code === 'symbol-ambiguous' || code === 'claim-not-in-code') return 'warning';
  return 'error';
}
