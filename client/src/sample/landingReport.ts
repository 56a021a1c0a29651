// What the landing report says about walkthroughs applied to another checkout (pure, unit-tested;
// no `vscode` import). The view (landingView.ts) renders it.
import type { LineRange, StepStatus, StepSummary, WalkthroughSummary } from '../../../server/src/protocol';

/**
 * exact: the anchored code is there (ok, moved); close: a similar text (fuzzy); guess: only its
 * function was found (approximate); notFound: stale, missing, invalid; talk: no code location.
 */
export type LandingKind = 'exact' | 'close' | 'guess' | 'notFound' | 'talk';

const KIND: Record<StepStatus, LandingKind> = {
  ok: 'exact',
  moved: 'exact',
  fuzzy: 'close',
  approximate: 'guess',
  stale: 'notFound',
  missing: 'notFound',
  invalid: 'notFound',
};

export function landingKind(step: StepSummary): LandingKind {
  return step.contentOnly ? 'talk' : KIND[step.status];
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
}

export function landingCounts(walkthroughs: readonly WalkthroughSummary[]): LandingCounts {
  const counts: LandingCounts = { code: 0, exact: 0, close: 0, guess: 0, notFound: 0 };
  for (const step of walkthroughs.flatMap((w) => w.steps)) {
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
    `${c.exact} of ${c.code} code steps landed exactly` +
    [c.close ? `${c.close} similar` : '', c.guess ? `${c.guess} approximate` : '', c.notFound ? `${c.notFound} not found` : ''].filter(Boolean).map((s) => ` · ${s}`).join(''),
  walkthroughDescription: (w: WalkthroughSummary) => {
    const c = landingCounts([w]);
    return `${c.exact}/${c.code} exact`;
  },
  attention: (n: number) => `Did not land exactly (${n}): check these`,
  goToClosestMatch: 'Go to Closest Match',
  useThisLocation: 'Use This Location',
  useThisLocationTooltip: 'Select the right lines in the editor first: the step is re-anchored to the selection (one undoable edit).',
  writeAction: (folder: string) => `Write Walkthroughs into ${folder}/`,
  notWrittenYet: 'Preview only: nothing is written until you choose "Write Walkthroughs".',
  written: (folder: string) => `Written to ${folder}/: start them from the Walkthroughs view.`,
  progress: 'Resolving the bundled walkthroughs against this folder…',
  serverFailed: 'The language server could not apply the bundled walkthroughs; see the "Code Walkthroughs" output.',
  confirm: (c: LandingCounts, n: number, folder: string) =>
    `${LANDING_TEXT.summary(c)}. Write ${n} walkthrough${n === 1 ? '' : 's'} (with their memo) into "${folder}/" of this folder, so they can be started here?`,
  confirmWrite: 'Write Walkthroughs',
  writeFailed: (reason: string) => `Could not write the walkthroughs: ${reason}`,
  nothingToWrite: 'There is nothing to write: no bundled walkthrough could be copied.',
  startOffer: (n: number, folder: string, title: string) => `${n} walkthrough${n === 1 ? '' : 's'} written to ${folder}/. Start "${title}"?`,
  start: 'Start Walkthrough',
  noClosest: (step: StepSummary) => `"${step.title}" has no closest match in this folder${step.statusMessage ? `: ${step.statusMessage}` : '.'}`,
  writeFirst: '"Use This Location" edits the walkthrough copy in this folder: write the walkthroughs first.',
  reanchorMissing: '"Use This Location" is not available in this version of Code Walkthroughs (the command walkthroughs.reanchorStep is missing). Edit the step\'s `anchor` in the walkthrough file instead.',
  noFolder: 'Open your checkout as a folder first, then apply the bundled walkthroughs to it.',
  openFolder: 'Open Folder…',
  pickFolder: 'Folder to apply the bundled walkthroughs to',
  tooManyFolders: 'Too many "code-walkthroughs" folders here; remove an old one first.',
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
