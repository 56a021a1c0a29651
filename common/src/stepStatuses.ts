/**
 * Every step status, once: its word, the card's badge, what it means, its mark in text (hover,
 * CLI), its codicon in the tree and step picker, how the landing report counts it and whether
 * the step points at lines now. Hover, CodeLens, outline, completion, the CLI, the tree, the step
 * card and the landing report read this table; a status without an entry does not compile.
 * Takes `t` so the server (core/l10n) and the client (vscode.l10n) share it. Pure: the client
 * bundles it. A status from a newer server that is not listed gets `statusInfo` undefined.
 */
import type { StepStatus } from './protocol';
import type { Translate } from './plural';

/** exact: the anchored code is there; close: a similar text; guess: only its function; notFound. */
export type LandingKind = 'exact' | 'close' | 'guess' | 'notFound';

export interface StatusInfo {
  /** One word: tree, hover, outline, completion, CLI counts. */
  name: (t: Translate) => string;
  /** The step card's badge. */
  badge: (t: Translate) => string;
  /** One sentence for tooltips and the step picker. */
  explanation: (t: Translate) => string;
  /** In plain text (hover header). */
  mark: '✓' | '↪' | '≈' | '?' | '✗';
  /** Codicon and theme color in the tree and the picker; none for `ok` (no problem to show). */
  icon?: { id: string; color: string };
  landing: LandingKind;
  /** The step points at lines now (CodeLens, highlight, open). */
  placed: boolean;
  /** There are lines to look at although the anchor was not found as written ("Go to Closest Match"). */
  closestMatch: boolean;
}

const TABLE: Record<StepStatus, StatusInfo> = {
  ok: {
    name: (t) => t('ok'),
    badge: (t) => t('Anchored'),
    explanation: (t) => t('The anchor matches the code at this location.'),
    mark: '✓',
    landing: 'exact',
    placed: true,
    closestMatch: false,
  },
  moved: {
    name: (t) => t('moved'),
    badge: (t) => t('Moved'),
    explanation: (t) => t('The anchored code moved; the step follows it to its new lines.'),
    mark: '↪',
    icon: { id: 'arrow-swap', color: 'charts.blue' },
    landing: 'exact',
    placed: true,
    closestMatch: false,
  },
  fuzzy: {
    name: (t) => t('fuzzy'),
    badge: (t) => t('Fuzzy match'),
    explanation: (t) => t('The anchored code changed a little; the step points at the closest match.'),
    mark: '≈',
    icon: { id: 'search-fuzzy', color: 'list.warningForeground' },
    landing: 'close',
    placed: true,
    closestMatch: true,
  },
  // The function was found but not the anchor text: a guess, shown apart from fuzzy.
  approximate: {
    name: (t) => t('approximate'),
    badge: (t) => t('Approximate: check the place'),
    explanation: (t) => t('The anchored code was not found, but its function was: the step points at the most similar lines there. Check them, then use this location or the closest match.'),
    mark: '?',
    icon: { id: 'question', color: 'list.warningForeground' },
    landing: 'guess',
    placed: true,
    closestMatch: true,
  },
  stale: {
    name: (t) => t('stale'),
    badge: (t) => t('Stale'),
    explanation: (t) => t('The anchored code changed too much to be found; the step is out of date.'),
    mark: '✗',
    icon: { id: 'warning', color: 'list.warningForeground' },
    landing: 'notFound',
    placed: false,
    closestMatch: true,
  },
  missing: {
    name: (t) => t('missing'),
    badge: (t) => t('Missing'),
    explanation: (t) => t('The file or symbol the step points at does not exist.'),
    mark: '✗',
    icon: { id: 'error', color: 'list.errorForeground' },
    landing: 'notFound',
    placed: false,
    closestMatch: false,
  },
  invalid: {
    name: (t) => t('invalid'),
    badge: (t) => t('Invalid'),
    explanation: (t) => t('The step is not valid; see the Problems panel for the walkthrough file.'),
    mark: '✗',
    icon: { id: 'circle-slash', color: 'list.errorForeground' },
    landing: 'notFound',
    placed: false,
    closestMatch: false,
  },
};

/** The statuses in the table's order. */
export const STEP_STATUSES = Object.keys(TABLE) as StepStatus[];

export function statusInfo(status: string): StatusInfo | undefined {
  return Object.prototype.hasOwnProperty.call(TABLE, status) ? TABLE[status as StepStatus] : undefined;
}

/** The status as users read it; an unknown status (a newer server) as it came. */
export function statusName(status: string, t: Translate): string {
  return statusInfo(status)?.name(t) ?? status;
}

/** The card's badge; an unknown status as it came. */
export function statusBadge(status: string, t: Translate): string {
  return statusInfo(status)?.badge(t) ?? status;
}

/** What the status means; empty for an unknown one. */
export function statusExplanationText(status: string, t: Translate): string {
  return statusInfo(status)?.explanation(t) ?? '';
}

/** The mark in plain text; `•` for an unknown status. */
export function statusMark(status: string): string {
  return statusInfo(status)?.mark ?? '•';
}
