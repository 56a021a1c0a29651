// How each step status looks in the tree and quick picks.
import * as vscode from 'vscode';
import type { StepStatus, StepSummary } from '../../../server/src/protocol';

const ICONS: Record<StepStatus, [icon: string, color: string]> = {
  ok: ['pass', 'testing.iconPassed'],
  moved: ['arrow-swap', 'charts.blue'],
  fuzzy: ['search-fuzzy', 'list.warningForeground'],
  approximate: ['question', 'list.warningForeground'],
  stale: ['warning', 'list.warningForeground'],
  missing: ['error', 'list.errorForeground'],
  invalid: ['circle-slash', 'list.errorForeground'],
};

const EXPLANATIONS: Record<StepStatus, string> = {
  ok: 'The anchor matches the code at this location.',
  moved: 'The anchored code moved; the step follows it to its new lines.',
  fuzzy: 'The anchored code changed a little; the step points at the closest match.',
  approximate: 'The anchored code was not found, but its function was: the step points at the most similar lines there. Check them, then use this location or the closest match.',
  stale: 'The anchored code changed too much to be found; the step is out of date.',
  missing: 'The file or symbol the step points at does not exist.',
  invalid: 'The step is not valid; see the Problems panel for the walkthrough file.',
};

export function statusIcon(step: StepSummary): vscode.ThemeIcon {
  if (step.contentOnly) return new vscode.ThemeIcon('note');
  const [icon, color] = ICONS[step.status];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

/** One line of plain text: the status, its meaning and the server's message. */
export function statusExplanation(step: StepSummary): string {
  if (step.contentOnly) return 'Talking points only: this step has no code location.';
  const message = step.statusMessage ? ` ${step.statusMessage}` : '';
  return `${step.status}: ${EXPLANATIONS[step.status]}${message}`;
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
