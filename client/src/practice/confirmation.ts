// Practice rehearses only what is true (pure, no `vscode` import, unit-tested). A step is in doubt
// when its code did not land exactly (similar, approximate, not found) or its talking points make
// claims the code does not bear out (`unconfirmed`, from the server's claims check). A step in
// doubt is not practised until the user confirms it: "Use This Location" re-anchors it (the doubt
// about the place is gone), "Looks Right" records that the user checked it as it is now.
//
// Where a confirmation is kept: in the workspace's state, not in the walkthrough file. It is one
// person's judgment about one checkout (a landed copy or an import of their memo), like practice
// history, not content to share; and it is tied to what was confirmed — the step's status, file
// and unconfirmed claims — so when the code changes again, the step asks again.
import type { StepSummary, WalkthroughSummary } from '../../../common/src/protocol';
import { cardId, type CardKey } from './history';

/** card id → fingerprint of what the user confirmed. */
export type Confirmations = Readonly<Record<string, string>>;

export type Doubt = 'claims' | 'place';

const INEXACT = new Set(['fuzzy', 'approximate', 'stale', 'missing', 'invalid']);

/** Why a step cannot be trusted as it is, if it cannot. */
export function doubtOf(step: StepSummary): Doubt | undefined {
  if (step.unconfirmed && step.unconfirmed.length > 0) return 'claims';
  if (!step.contentOnly && INEXACT.has(step.status)) return 'place';
  return undefined;
}

/** What a "Looks Right" confirms: a change to any of it asks again. */
export function fingerprint(step: StepSummary): string {
  return JSON.stringify([step.status, step.uri ?? '', step.unconfirmed ?? []]);
}

/**
 * The bulk "accept every step that landed in its function": steps in doubt only about their place,
 * found in their declaration (similar or approximate). Claims are never accepted in bulk: each
 * names code the user must look at.
 */
export function landedInFunction(step: StepSummary): boolean {
  return doubtOf(step) === 'place' && (step.status === 'fuzzy' || step.status === 'approximate') && step.range !== undefined;
}

export function waitsForConfirmation(walkthroughId: string, step: StepSummary, confirmed: Confirmations): boolean {
  if (!doubtOf(step)) return false;
  return confirmed[cardId({ walkthroughId, stepId: step.id })] !== fingerprint(step);
}

/** `code-walkthroughs/` (or `-2`, …): where "Apply Bundled Walkthroughs" writes its landed copies. */
export function isLandedCopy(walkthrough: Pick<WalkthroughSummary, 'uri'>): boolean {
  return /\/code-walkthroughs(-\d+)?\//.test(walkthrough.uri.replace(/%2D/gi, '-'));
}

/**
 * The walkthroughs in practice order: the user's own first (their memo, their tours), landed copies
 * of the bundled ones after; each group in list order.
 */
export function practiceOrder<W extends Pick<WalkthroughSummary, 'uri'>>(walkthroughs: readonly W[]): W[] {
  return [...walkthroughs.filter((w) => !isLandedCopy(w)), ...walkthroughs.filter((w) => isLandedCopy(w))];
}

export interface PracticeSplit {
  /** Cards that may be practised. */
  cards: CardKey[];
  /** Steps waiting for the user's confirmation, not practised. */
  waiting: CardKey[];
}

/** The steps that may be practised, and those that wait for confirmation. */
export function splitForPractice(walkthroughs: readonly WalkthroughSummary[], confirmed: Confirmations): PracticeSplit {
  const split: PracticeSplit = { cards: [], waiting: [] };
  for (const walkthrough of practiceOrder(walkthroughs)) {
    for (const step of walkthrough.steps) {
      const key = { walkthroughId: walkthrough.id, stepId: step.id };
      (waitsForConfirmation(walkthrough.id, step, confirmed) ? split.waiting : split.cards).push(key);
    }
  }
  return split;
}

/**
 * Does a card count toward the due queue? A landed copy's card that was never reviewed does not:
 * applying the bundled tours to a checkout adds a hundred new cards, and they must neither multiply
 * the due count nor come before the user's own memo. They are practised on purpose (Rehearse
 * Walkthrough, Mock Interview); once reviewed, they are scheduled like any other card. The same
 * holds for a walkthrough marked `practice: false` (a review walkthrough: read once, not rehearsed).
 */
export function countsAsDue(walkthrough: Pick<WalkthroughSummary, 'uri' | 'practice'>, reviewed: boolean): boolean {
  return reviewed || (!isLandedCopy(walkthrough) && walkthrough.practice !== false);
}
