// Every user-facing string of the practice feature, in one place. Pure: no `vscode` import, so the
// HTML builders can use it too. The client hands in `vscode.l10n.t` and its `plural` once at
// activation (`localizePractice`); until then (and in unit tests) the English messages are used.
import { pluralFor, translator, type Plural, type Translate } from '../../../common/src/plural';
import type { PracticeRating } from './history';

let t: Translate = translator({});
let plural: Plural = pluralFor('en', t);

/** Routes every practice string through the client's bundle (`vscode.l10n.t`, `plural`). */
export function localizePractice(translate: Translate, pluralize: Plural): void {
  t = translate;
  plural = pluralize;
}

export const RATING_LABEL: Readonly<Record<PracticeRating, string>> = {
  get 1() { return t('Again'); },
  get 2() { return t('Hard'); },
  get 3() { return t('Good'); },
  get 4() { return t('Easy'); },
};
export const RATING_HINT: Readonly<Record<PracticeRating, string>> = {
  get 1() { return t('I could not answer it'); },
  get 2() { return t('I answered with effort or gaps'); },
  get 3() { return t('I answered it'); },
  get 4() { return t('I answered it at once'); },
};

export const S = {
  get practiceTitle() { return t('Practice'); },
  get mockTitle() { return t('Mock interview'); },
  get rehearseTitle() { return t('Rehearsal'); },
  questionOf: (n: number, total: number) => t('Question {0} of {1}', n, total),
  get followUp() { return t('追问 · Follow-up'); },
  get question() { return t('Question'); },
  get explainPrompt() { return t('Explain this code:'); },
  get answerAloud() { return t('Answer aloud, then show the talking points.'); },
  get showPoints() { return t('Show talking points'); },
  get showPointsKey() { return t('Space'); },
  get talkingPoints() { return t('Talking points'); },
  get stepTitle() { return t('Step'); },
  get fromMemo() { return t('From memo:'); },
  get rateHint() { return t('How well did you answer? Keys 1–4.'); },
  nextIn: (interval: string) => t('next in {0}', interval),
  get end() { return t('End'); },
  target: (seconds: number) => t('target {0}', formatDuration(seconds * 1000)),
  summaryTitle: (kind: 'due' | 'walkthrough' | 'mock') => (kind === 'mock' ? t('Mock interview finished') : kind === 'walkthrough' ? t('Rehearsal finished') : t('Practice session finished')),
  summaryTotals: (answered: number, totalMs: number) => t('{0} answered in {1}', answered, formatDuration(totalMs)),
  overTarget: (n: number, targetMs: number) => t('{0} over the target of {1}', n, formatDuration(targetMs)),
  get weakestTopics() { return t('Weakest topics'); },
  get toReview() { return t('To review'); },
  get nothingToReview() { return t('Nothing to review: every answer was Good or Easy.'); },
  get time() { return t('Time'); },
  get rating() { return t('Rating'); },
  practiseAgain: (n: number) => t('Practise These Again ({0})', n),
  practiseDue: (due: number, fresh = 0) => (fresh ? t('Practice ({0} due · {1} new)', due, fresh) : t('Practice Due Questions ({0})', due)),
  get undo() { return t('Undo'); },
  get undoTitle() { return t('Undo the last rating (U)'); },
  get bury() { return t('Bury'); },
  get buryTitle() { return t('Hide this question until tomorrow'); },
  get suspend() { return t('Suspend'); },
  get suspendTitle() { return t('Hide this question until you unsuspend it (command "Unsuspend Practice Questions…")'); },
  get buried() { return t('Buried until tomorrow.'); },
  get suspended() { return t('Suspended: it is not practised until you unsuspend it.'); },
  get unsuspended() { return t('Unsuspended: practised again from now on.'); },
  get noneSuspended() { return t('No practice question is suspended.'); },
  get unsuspendTitle() { return t('Unsuspend which questions?'); },
  get suspendedNote() { return t('suspended'); },
  get buriedNote() { return t('buried until tomorrow'); },
  get nothingToUndo() { return t('There is no rating to undo in this session.'); },
  sessionRunning: (kind: 'due' | 'walkthrough' | 'mock', n: number, total: number) =>
    kind === 'mock' ? t('A mock interview is running (question {0} of {1}). Resume it, or replace it with the new session?', n, total) : t('A practice session is running (question {0} of {1}). Resume it, or replace it with the new session?', n, total),
  get resume() { return t('Resume'); },
  get replace() { return t('Replace'); },
  newStatus: (n: number) => t('{0} new', n),
  newLimitReached: (n: number) => plural(n, 'Today\'s new questions are done; {0} more new question waits for the next days (setting walkthroughs.practice.newPerDay).', 'Today\'s new questions are done; {0} more new questions wait for the next days (setting walkthroughs.practice.newPerDay).'),
  newTooltip: (n: number) => plural(n, '{0} new question today (the daily limit is the setting walkthroughs.practice.newPerDay).', '{0} new questions today (the daily limit is the setting walkthroughs.practice.newPerDay).'),
  get showProgress() { return t('Show Practice Progress'); },
  get done() { return t('Done'); },
  meanRating: (mean: number) => t('mean {0}', mean.toFixed(1)),
  // Status bar, tree, notifications, pickers
  dueStatus: (n: number) => t('{0} due', n),
  get dueNow() { return t('due'); },
  dueIn: (interval: string) => t('in {0}', interval),
  dueTooltip: (n: number) => plural(n, "{0} practice question due across the workspace's walkthroughs. Click to practise.", "{0} practice questions due across the workspace's walkthroughs. Click to practise."),
  sessionStatus: (kind: 'due' | 'walkthrough' | 'mock', n: number, total: number) => (kind === 'mock' ? t('Mock {0} of {1}', n, total) : t('Practice {0} of {1}', n, total)),
  get sessionTooltip() { return t('Practising: click to show the card.'); },
  hiddenStep: (n: number) => t('Step {0}', n),
  get hiddenTooltip() { return t('Hidden while practising, so it does not give the answer away.'); },
  nothingDue: (next: string | undefined) => (next ? t('Nothing is due. The next question is due {0}.', next) : t('Nothing is due.')),
  get noQuestions() { return t('There are no walkthrough steps to practise in this workspace.'); },
  allWaiting: (n: number) => plural(n, '{0} step waits for your confirmation before it is practised: its code did not land exactly or its points name code that is not in your code. Check it, then choose "Use This Location" or "Looks Right" (the step\'s context menu in the Walkthroughs view).', '{0} steps wait for your confirmation before they are practised: their code did not land exactly or their points name code that is not in your code. Check each, then choose "Use This Location" or "Looks Right" (the step\'s context menu in the Walkthroughs view).'),
  waitingStatus: (n: number) => t('{0} to confirm', n),
  waitingTooltip: (n: number) => plural(n, '{0} step waits for your confirmation before it is practised.', '{0} steps wait for your confirmation before they are practised.'),
  confirmed: (title: string) => t('“{0}” confirmed: it is practised from now on.', title),
  confirmedLanded: (n: number) => plural(n, '{0} step that landed in its function accepted: it is practised from now on.', '{0} steps that landed in their function accepted: they are practised from now on.'),
  get nothingToConfirm() { return t('This step has nothing to confirm: it landed exactly and its points match the code.'); },
  get mockScope() { return t('Mock interview: which questions?'); },
  get mockAllTopics() { return t('All topics'); },
  get mockAllTopicsDetail() { return t('Random questions across every walkthrough'); },
  mockCount: (followUps: boolean) => (followUps ? t('How many questions in all? Follow-ups count: 5 asks 5, follow-ups included.') : t('How many questions?')),
  get mockCountInvalid() { return t('Enter a whole number from 1 to 50.'); },
  get rehearsePick() { return t('Rehearse a walkthrough'); },
  onlyDue: (n: number) => t('Only the {0} due', n),
  allSteps: (n: number) => plural(n, 'All {0} step', 'All {0} steps'),
  get walkthroughPlaceholder() { return t('Walkthrough'); },
  get primary() { return t('primary'); },
  get statusBarName() { return t('Walkthrough Practice'); },
  exportDone: (n: number, file: string) => plural(n, 'Exported {0} review to {1}.', 'Exported {0} reviews to {1}.', file),
  importDone: (added: number, dropped: number) =>
    dropped
      ? plural(added, 'Imported {0} new review ({1} unusable entries skipped).', 'Imported {0} new reviews ({1} unusable entries skipped).', dropped)
      : plural(added, 'Imported {0} new review.', 'Imported {0} new reviews.'),
  importTrimmed: (trimmed: number, max: number) =>
    plural(trimmed, 'The history keeps the newest {1} reviews: {0} older review was dropped.', 'The history keeps the newest {1} reviews: {0} older reviews were dropped.', max),
  get importNotHistory() { return t('This file is not a practice history export (no "reviews" list).'); },
  importUnreadable: (message: string) => t('Cannot import the practice history: {0}', message),
  resetConfirm: (target: string) => t('Forget every practice review of {0}? This cannot be undone (export first to keep a copy).', target),
  get resetAll() { return t('all walkthroughs'); },
  get reset() { return t('Reset'); },
  // Progress view
  get progressTitle() { return t('Practice Progress'); },
  get heatmapTitle() { return t('Reviews per day'); },
  heatmapCaption: (total: number, days: number) => plural(total, '{0} review on {1} in the last 26 weeks', '{0} reviews on {1} in the last 26 weeks', plural(days, '{0} day', '{0} days')),
  get retentionTitle() { return t('Retention by week'); },
  get retentionCaption() { return t('Share of Good or Easy when recalling a question seen before'); },
  get forecastTitle() { return t('Due in the next 14 days'); },
  get masteryTitle() { return t('Mastery per walkthrough'); },
  masteryLegend: {
    get new() { return t('new'); },
    get learning() { return t('learning'); },
    get mastered() { return t('mastered (stable ≥ 21 days)'); },
  },
  dayReviews: (day: string, n: number) => plural(n, '{1}: {0} review', '{1}: {0} reviews', day),
  weekRetention: (week: string, share: number | undefined, reviews: number) =>
    share === undefined ? t('week of {0}: no recalls', week) : plural(reviews, 'week of {1}: {2}% of {0} review', 'week of {1}: {2}% of {0} reviews', week, Math.round(share * 100)),
  dueOn: (day: string, n: number) => t('{0}: {1} due', day, n),
  get today() { return t('today'); },
  get now() { return t('now'); },
  dueNowAndNew: (due: number, fresh: number) => t('{0} due now · {1} new today', due, fresh),
  get forecastCaption() { return t('"now" is the due number the status bar shows; new questions are counted apart.'); },
  get noReviewsYet() { return t('No reviews yet. Practise a few questions and come back.'); },
  get export() { return t('Export History…'); },
  get import() { return t('Import History…'); },
};

/** "45s", "2m 05s", "1h 03m". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
