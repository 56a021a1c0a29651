// Every user-facing string of the practice feature, in one place (for the localization bundles that
// are being introduced in parallel). Pure: no `vscode` import, so the HTML builders can use it too.
import type { PracticeRating } from './history';

export const RATING_LABEL: Record<PracticeRating, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };
export const RATING_HINT: Record<PracticeRating, string> = {
  1: 'I could not answer it',
  2: 'I answered with effort or gaps',
  3: 'I answered it',
  4: 'I answered it at once',
};

export const S = {
  practiceTitle: 'Practice',
  mockTitle: 'Mock interview',
  rehearseTitle: 'Rehearsal',
  questionOf: (n: number, total: number) => `Question ${n} of ${total}`,
  followUp: '追问 · Follow-up',
  question: 'Question',
  explainPrompt: 'Explain this code:',
  answerAloud: 'Answer aloud, then show the talking points.',
  showPoints: 'Show talking points',
  showPointsKey: 'Space',
  talkingPoints: 'Talking points',
  stepTitle: 'Step',
  fromMemo: 'From memo:',
  rateHint: 'How well did you answer? Keys 1–4.',
  nextIn: (interval: string) => `next in ${interval}`,
  end: 'End',
  target: (seconds: number) => `target ${formatDuration(seconds * 1000)}`,
  summaryTitle: (kind: 'due' | 'walkthrough' | 'mock') => (kind === 'mock' ? 'Mock interview finished' : kind === 'walkthrough' ? 'Rehearsal finished' : 'Practice session finished'),
  summaryTotals: (answered: number, totalMs: number) => `${answered} answered in ${formatDuration(totalMs)}`,
  overTarget: (n: number, targetMs: number) => `${n} over the target of ${formatDuration(targetMs)}`,
  weakestTopics: 'Weakest topics',
  toReview: 'To review',
  nothingToReview: 'Nothing to review: every answer was Good or Easy.',
  time: 'Time',
  rating: 'Rating',
  practiseAgain: (n: number) => `Practise These Again (${n})`,
  practiseDue: (n: number) => `Practice Due Questions (${n})`,
  showProgress: 'Show Practice Progress',
  done: 'Done',
  meanRating: (mean: number) => `mean ${mean.toFixed(1)}`,
  // Status bar, tree, notifications, pickers
  dueStatus: (n: number) => `${n} due`,
  dueNow: 'due',
  dueIn: (interval: string) => `in ${interval}`,
  dueTooltip: (n: number) => `${n} practice question${n === 1 ? '' : 's'} due across the workspace's walkthroughs. Click to practise.`,
  sessionStatus: (kind: 'due' | 'walkthrough' | 'mock', n: number, total: number) => `${kind === 'mock' ? 'Mock' : 'Practice'} ${n} of ${total}`,
  sessionTooltip: 'Practising: click to show the card.',
  hiddenStep: (n: number) => `Step ${n}`,
  hiddenTooltip: 'Hidden while practising, so it does not give the answer away.',
  nothingDue: (next: string | undefined) => (next ? `Nothing is due. The next question is due ${next}.` : 'Nothing is due.'),
  noQuestions: 'There are no walkthrough steps to practise in this workspace.',
  mockScope: 'Mock interview: which questions?',
  mockAllTopics: 'All topics',
  mockAllTopicsDetail: 'Random questions across every walkthrough',
  mockCount: 'How many questions?',
  mockCountInvalid: 'Enter a whole number from 1 to 50.',
  rehearsePick: 'Rehearse a walkthrough',
  exportDone: (n: number, file: string) => `Exported ${n} reviews to ${file}.`,
  importDone: (added: number, dropped: number) => `Imported ${added} new reviews${dropped ? ` (${dropped} unusable entries skipped)` : ''}.`,
  importNotHistory: 'This file is not a practice history export (no "reviews" list).',
  importUnreadable: (message: string) => `Cannot import the practice history: ${message}`,
  resetConfirm: (target: string) => `Forget every practice review of ${target}? This cannot be undone (export first to keep a copy).`,
  resetAll: 'all walkthroughs',
  reset: 'Reset',
  // Progress view
  progressTitle: 'Practice Progress',
  heatmapTitle: 'Reviews per day',
  heatmapCaption: (total: number, days: number) => `${total} review${total === 1 ? '' : 's'} on ${days} day${days === 1 ? '' : 's'} in the last 26 weeks`,
  retentionTitle: 'Retention by week',
  retentionCaption: 'Share of Good or Easy when recalling a question seen before',
  forecastTitle: 'Due in the next 14 days',
  masteryTitle: 'Mastery per walkthrough',
  masteryLegend: { new: 'new', learning: 'learning', mastered: 'mastered (stable ≥ 21 days)' },
  dayReviews: (day: string, n: number) => `${day}: ${n} review${n === 1 ? '' : 's'}`,
  weekRetention: (week: string, share: number | undefined, reviews: number) => (share === undefined ? `week of ${week}: no recalls` : `week of ${week}: ${Math.round(share * 100)}% of ${reviews} reviews`),
  dueOn: (day: string, n: number) => `${day}: ${n} due`,
  today: 'today',
  noReviewsYet: 'No reviews yet. Practise a few questions and come back.',
  export: 'Export History…',
  import: 'Import History…',
};

/** "45s", "2m 05s", "1h 03m". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
