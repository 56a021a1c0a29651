// How each step looks in the tree and quick picks: its mark (see stepMarks.ts), its explanation.
import * as vscode from 'vscode';
import type { StepSummary } from '../../../server/src/protocol';
import { statusName as statusWord } from '../../../server/src/core/statusNames';
import { t } from '../l10n';
import { isProblem, stepMark } from './stepMarks';

export function statusIcon(step: StepSummary, state: { visited: boolean; current: boolean }): vscode.ThemeIcon {
  const mark = stepMark(step, state);
  return new vscode.ThemeIcon(mark.icon, mark.color ? new vscode.ThemeColor(mark.color) : undefined);
}

function explanation(status: string): string {
  switch (status) {
    case 'ok':
      return t('The anchor matches the code at this location.');
    case 'moved':
      return t('The anchored code moved; the step follows it to its new lines.');
    case 'fuzzy':
      return t('The anchored code changed a little; the step points at the closest match.');
    case 'approximate':
      return t('The anchored code was not found, but its function was: the step points at the most similar lines there. Check them, then use this location or the closest match.');
    case 'stale':
      return t('The anchored code changed too much to be found; the step is out of date.');
    case 'missing':
      return t('The file or symbol the step points at does not exist.');
    case 'invalid':
      return t('The step is not valid; see the Problems panel for the walkthrough file.');
    default:
      return '';
  }
}

/** One line of plain text: the status, its meaning and the server's message. */
export function statusExplanation(step: StepSummary): string {
  if (step.contentOnly) return t('Talking points only: this step has no code location.');
  const message = step.statusMessage ? ` ${step.statusMessage}` : '';
  return t('{0}: {1}', statusName(step.status), explanation(step.status)) + message;
}

export { isProblem };

export function statusName(status: string): string {
  return statusWord(status, t);
}

/** `path:line` (1-based) relative to the workspace, or undefined for steps without a location. */
export function stepLocation(step: StepSummary): string | undefined {
  if (!step.uri || !step.range) return undefined;
  const path = vscode.workspace.asRelativePath(vscode.Uri.parse(step.uri), false);
  return `${path}:${step.range.startLine + 1}`;
}

/** The tree's short form, `folder/file:line` (the full path is in the tooltip). */
export function shortStepLocation(step: StepSummary): string | undefined {
  const full = stepLocation(step);
  if (!full) return undefined;
  const parts = full.split('/');
  return parts.slice(-2).join('/');
}
