// How each step looks in the tree and quick picks: its mark (see stepMarks.ts), its explanation.
import * as vscode from 'vscode';
import type { StepSummary } from '../../../common/src/protocol';
import { statusExplanationText, statusName as statusWord } from '../../../common/src/stepStatuses';
import { t } from '../l10n';
import { isProblem, stepMark } from './stepMarks';

export function statusIcon(step: StepSummary, state: { visited: boolean; current: boolean }): vscode.ThemeIcon {
  const mark = stepMark(step, state);
  return new vscode.ThemeIcon(mark.icon, mark.color ? new vscode.ThemeColor(mark.color) : undefined);
}

/** One line of plain text: the status, its meaning and the server's message. */
export function statusExplanation(step: StepSummary): string {
  if (step.contentOnly) return t('Talking points only: this step has no code location.');
  const message = step.statusMessage ? ` ${step.statusMessage}` : '';
  return t('{0}: {1}', statusName(step.status), statusExplanationText(step.status, t)) + message;
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
