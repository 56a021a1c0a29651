// What the landing report says about walkthroughs applied to another checkout (pure, unit-tested;
// no `vscode` import). The view (landingView.ts) renders it.
import { pluralFor, translator, type Plural, type Translate } from '../../../common/src/plural';
import { statusInfo, type LandingKind as StatusLanding } from '../../../common/src/stepStatuses';
import type { LineRange, StepSummary, WalkthroughSummary } from '../../../common/src/protocol';

let t: Translate = translator({});
let plural: Plural = pluralFor('en', t);

/** Routes the landing text through the client's bundle (`vscode.l10n.t`, `plural`); English until then. */
export function localizeLanding(translate: Translate, pluralize: Plural): void {
  t = translate;
  plural = pluralize;
}

/**
 * exact: the anchored code is there (ok, moved); close: a similar text (fuzzy); guess: only its
 * function was found (approximate); notFound: stale, missing, invalid; talk: no code location.
 */
export type LandingKind = StatusLanding | 'talk';

/** By the status table (core/stepStatuses.ts); a status it does not know did not land. */
export function landingKind(step: StepSummary): LandingKind {
  return step.contentOnly ? 'talk' : (statusInfo(step.status)?.landing ?? 'notFound');
}

/** Steps that did not land exactly get "Go to Closest Match" and "Use This Location". */
export function needsAttention(step: StepSummary): boolean {
  const kind = landingKind(step);
  return kind === 'close' || kind === 'guess' || kind === 'notFound';
}

export interface LandingCounts {
  code: number;
  exact: number;
  close: number;
  guess: number;
  notFound: number;
  /** Steps whose talking points name code that is not in this checkout (the claims check). */
  claims?: number;
}

export function landingCounts(walkthroughs: readonly WalkthroughSummary[]): LandingCounts {
  const counts: LandingCounts = { code: 0, exact: 0, close: 0, guess: 0, notFound: 0 };
  for (const step of walkthroughs.flatMap((w) => w.steps)) {
    if (step.unconfirmed?.length) counts.claims = (counts.claims ?? 0) + 1;
    const kind = landingKind(step);
    if (kind === 'talk') continue;
    counts.code++;
    counts[kind]++;
  }
  return counts;
}

/** All user-facing text of the landing report and the apply flow, in one place. */
export const LANDING_TEXT = {
  summary: (c: LandingCounts) =>
    plural(c.code, '{1} of {0} code step landed exactly', '{1} of {0} code steps landed exactly', c.exact) +
    [c.close ? t('{0} similar', c.close) : '', c.guess ? t('{0} approximate', c.guess) : '', c.notFound ? t('{0} not found', c.notFound) : '', c.claims ? plural(c.claims, '{0} step with points not in your code', '{0} steps with points not in your code') : ''].filter(Boolean).map((s) => ` · ${s}`).join(''),
  walkthroughDescription: (w: WalkthroughSummary) => {
    const c = landingCounts([w]);
    return t('{0}/{1} exact', c.exact, c.code);
  },
  notInCode: (claims: readonly string[]) => t('not in your code: {0}', claims.join(', ')),
  get goToClosestMatch() { return t('Go to Closest Match'); },
  get openReport() { return t('Open the Landing Report'); },
  get notWrittenYet() { return t('Preview only: nothing is written until you choose Write in the Landing Report.'); },
  written: (folder: string) => t('Written to {0}/: start them from the Walkthroughs view.', folder),
  get progress() { return t('Resolving the bundled walkthroughs against this folder…'); },
  get serverFailed() { return t('The language server could not apply the bundled walkthroughs; see the "Code Walkthroughs" output.'); },
  get confirmWrite() { return t('Write Walkthroughs'); },
  writeFailed: (reason: string) => t('Could not write the walkthroughs: {0}', reason),
  get nothingToWrite() { return t('There is nothing to write: no bundled walkthrough could be copied.'); },
  noClosest: (step: StepSummary) => (step.statusMessage ? t('"{0}" has no closest match in this folder: {1}', step.title, step.statusMessage) : t('"{0}" has no closest match in this folder.', step.title)),
  get notApplied() { return t('the edit was not applied'); },
  get talkingPoints() { return t('talking points'); },
  get writeFirst() { return t('"Use This Location" edits the walkthrough copy in this folder: write the walkthroughs first.'); },
  get reanchorMissing() { return t('"Use This Location" is not available in this version of Code Walkthroughs (the command walkthroughs.reanchorStep is missing). Edit the step\'s `anchor` in the walkthrough file instead.'); },
  get noFolder() { return t('Open your checkout as a folder first, then apply the bundled walkthroughs to it.'); },
  get openFolder() { return t('Open Folder…'); },
  get pickFolder() { return t('Folder to apply the bundled walkthroughs to'); },
  get tooManyFolders() { return t('Too many "code-walkthroughs" folders here; remove an old one first.'); },
} as const;

/** Where "Go to Closest Match" goes: the step's range, else (stale) its closest lines. */
export function closestMatch(step: StepSummary): { uri: string; range: LineRange } | undefined {
  const range = step.range ?? step.closest;
  return step.uri && range ? { uri: step.uri, range } : undefined;
}

/** The written copies among the workspace's walkthroughs: those whose file lies under `copyTo`. */
export function copiesIn(walkthroughs: readonly WalkthroughSummary[], copyTo: string): WalkthroughSummary[] {
  const base = copyTo.replace(/\/?$/, '/');
  return walkthroughs.filter((w) => w.uri.startsWith(base));
}
