// The step card while practising (pure, unit-tested): the question only — no step title, memo
// heading or talking points — until revealed; then the points and the four ratings, each with the
// interval the scheduler would give. At the end, the session summary stays in the card.
// Everything from walkthrough files is untrusted: escaped or rendered by ../views/markdown.ts.
import { escapeHtml, renderMarkdown } from '../views/markdown';
import { breakablePath, webviewPage, type WebviewResources } from '../views/stepCardHtml';
import { RATINGS, type PracticeRating } from './history';
import type { SessionKind } from './session';
import { formatDuration, RATING_HINT, RATING_LABEL, S } from './strings';

export interface PracticeQuestionModel {
  kind: 'practice';
  mode: SessionKind;
  walkthroughTitle: string;
  /** 1-based position in the session and its length. */
  position: number;
  total: number;
  followUp: boolean;
  question?: string;
  /** `file:line` of the code, when the step has a location. */
  location?: string;
  revealed: boolean;
  /** The session has a rating to undo: the Undo button (key U) is shown. */
  canUndo?: boolean;
  /** Only sent once revealed (the title and memo heading give answers away). */
  answer?: { title: string; points?: string; section?: string };
  /** The interval each rating would give, e.g. "10m", "3d" (only once revealed). */
  intervals?: Record<PracticeRating, string>;
  /** Time already spent on this question when the card was drawn, for the running timer. */
  elapsedMs: number;
  targetMs?: number;
  /** Steps without a question are asked by their title ("Explain this code: …"). */
  promptTitle?: string;
}

export interface SummaryRow {
  walkthroughTitle: string;
  title: string;
  rating: PracticeRating;
  durationMs: number;
  followUp: boolean;
}

export interface PracticeSummaryModel {
  kind: 'practiceSummary';
  mode: SessionKind;
  rows: SummaryRow[];
  totalMs: number;
  counts: Record<PracticeRating, number>;
  weakest: { title: string; mean: number }[];
  toReview: { walkthroughTitle: string; title: string }[];
  overTarget: number;
  targetMs?: number;
  /** Questions still due after this session (the one due number) and new ones still allowed today. */
  dueLeft: number;
  newLeft?: number;
  canUndo?: boolean;
}

export type PracticeCardModel = PracticeQuestionModel | PracticeSummaryModel;

/** Messages the practice card posts (through the step card's script). */
export type PracticeMessageType =
  | 'practiceReveal'
  | 'rate1'
  | 'rate2'
  | 'rate3'
  | 'rate4'
  | 'practiceEnd'
  | 'practiceUndo'
  | 'practiceBury'
  | 'practiceSuspend'
  | 'practiceShowCode'
  | 'practiceAgain'
  | 'practiceDue'
  | 'practiceProgress'
  | 'practiceDone';

export const PRACTICE_MESSAGES: readonly PracticeMessageType[] = [
  'practiceReveal', 'rate1', 'rate2', 'rate3', 'rate4', 'practiceEnd', 'practiceUndo', 'practiceBury', 'practiceSuspend', 'practiceShowCode', 'practiceAgain', 'practiceDue', 'practiceProgress', 'practiceDone',
];

export function isPracticeMessage(message: { type: string }): message is { type: PracticeMessageType } {
  return (PRACTICE_MESSAGES as readonly string[]).includes(message.type);
}

function button(action: PracticeMessageType, label: string, options: { primary?: boolean; key?: string; title?: string; extra?: string } = {}): string {
  const classes = options.primary ? 'button primary' : 'button secondary';
  const key = options.key ? ` data-key="${escapeHtml(options.key)}" aria-keyshortcuts="${escapeHtml(options.key === ' ' ? 'Space' : options.key)}"` : '';
  const title = options.title ? ` title="${escapeHtml(options.title)}"` : '';
  const extra = options.extra ?? '';
  return `<button class="${classes}" data-action="${action}"${key}${title}>${escapeHtml(label)}${extra}</button>`;
}

/** Undo (when there is a rating to undo), Bury, Suspend and (once rated buttons show) End: the card's secondary actions. */
function cardActions(model: PracticeQuestionModel, withEnd = false): string {
  const undo = model.canUndo ? button('practiceUndo', S.undo, { key: 'u', title: S.undoTitle }) : '';
  return `<nav class="actions card-actions">
  ${undo}
  ${button('practiceBury', S.bury, { key: '-', title: `${S.buryTitle} (-)` })}
  ${button('practiceSuspend', S.suspend, { key: '@', title: `${S.suspendTitle} (@)` })}
  ${withEnd ? button('practiceEnd', S.end) : ''}
</nav>`;
}

function questionBody(model: PracticeQuestionModel): string {
  const parts: string[] = [];
  const mode = model.mode === 'mock' ? S.mockTitle : model.mode === 'walkthrough' ? S.rehearseTitle : S.practiceTitle;
  parts.push(`<header>
  <div class="walkthrough" title="${escapeHtml(model.walkthroughTitle)}">${escapeHtml(mode)} · ${escapeHtml(model.walkthroughTitle)}</div>
  <div class="position">${escapeHtml(S.questionOf(model.position, model.total))}</div>
</header>`);
  if (model.followUp) parts.push(`<div class="follow-up">${escapeHtml(S.followUp)}</div>`);
  if (model.question) {
    parts.push(`<section class="question"><h3>${escapeHtml(S.question)}</h3>${renderMarkdown(model.question)}</section>`);
  } else {
    parts.push(`<section class="question"><h3>${escapeHtml(S.explainPrompt)}</h3><p>${escapeHtml(model.promptTitle ?? '')}</p></section>`);
  }
  const meta: string[] = [];
  // The path wraps after a "/" in a narrow sidebar, never inside a name (the line number stays visible).
  if (model.location) meta.push(`<a href="#" class="location" data-action="practiceShowCode">${breakablePath(model.location)}</a>`);
  const target = model.targetMs ? ` <span class="target">· ${escapeHtml(S.target(Math.round(model.targetMs / 1000)))}</span>` : '';
  meta.push(`<span class="timer" data-elapsed-ms="${Math.max(0, Math.round(model.elapsedMs))}"${model.targetMs ? ` data-target-ms="${Math.round(model.targetMs)}"` : ''}>${escapeHtml(formatDuration(model.elapsedMs))}</span>${target}`);
  parts.push(`<div class="meta">${meta.join(' ')}</div>`);
  if (!model.revealed) {
    parts.push(`<p class="hint rehearsal-prompt">${escapeHtml(S.answerAloud)}</p>`);
    parts.push(`<nav class="actions">
  ${button('practiceReveal', S.showPoints, { primary: true, key: ' ', title: S.showPointsKey })}
  ${button('practiceEnd', S.end)}
</nav>`);
    parts.push(cardActions(model));
    return parts.join('\n');
  }
  const answer = model.answer;
  if (answer) {
    parts.push(`<h2 class="title">${escapeHtml(answer.title)}</h2>`);
    if (answer.points) parts.push(`<section class="points"><h3>${escapeHtml(S.talkingPoints)}</h3>${renderMarkdown(answer.points)}</section>`);
    if (answer.section) parts.push(`<div class="section">${escapeHtml(S.fromMemo)} ${escapeHtml(answer.section)}</div>`);
  }
  parts.push(`<p class="hint">${escapeHtml(S.rateHint)}</p>`);
  const ratings = RATINGS.map((rating) => {
    const interval = model.intervals?.[rating];
    const extra = interval ? `<span class="interval">${escapeHtml(interval)}</span>` : '';
    const title = `${rating} · ${RATING_HINT[rating]}${interval ? ` · ${S.nextIn(interval)}` : ''}`;
    return button(`rate${rating}` as PracticeMessageType, RATING_LABEL[rating], { primary: rating === 3, key: String(rating), title, extra });
  });
  // Kept in view (sticky) while the talking points scroll in a short sidebar: the four ratings
  // alone, one row of equal columns that fits a 300 px sidebar (End is with the other actions).
  parts.push(`<nav class="actions ratings" aria-label="${escapeHtml(S.rateHint)}">
  ${ratings.join('\n  ')}
</nav>`);
  parts.push(cardActions(model, true));
  return parts.join('\n');
}

function summaryBody(model: PracticeSummaryModel): string {
  const parts: string[] = [];
  parts.push(`<h2 class="title summary-title">${escapeHtml(S.summaryTitle(model.mode))}</h2>`);
  const counts = RATINGS.filter((r) => model.counts[r] > 0).map((r) => `${RATING_LABEL[r]} ${model.counts[r]}`).join(' · ');
  parts.push(`<p class="totals">${escapeHtml(S.summaryTotals(model.rows.length, model.totalMs))}${counts ? ` — ${escapeHtml(counts)}` : ''}</p>`);
  if (model.targetMs && model.overTarget > 0) parts.push(`<p class="hint over-target">${escapeHtml(S.overTarget(model.overTarget, model.targetMs))}</p>`);
  if (model.rows.length) {
    const rows = model.rows
      .map((row, i) => {
        const over = model.targetMs && row.durationMs > model.targetMs ? ' class="over"' : '';
        const followUp = row.followUp ? `<span class="follow-up-mark">${escapeHtml(S.followUp)}</span> ` : '';
        return `<tr><td>${i + 1}</td><td>${followUp}${escapeHtml(row.title)}<div class="hint">${escapeHtml(row.walkthroughTitle)}</div></td><td class="rating rating-${row.rating}">${escapeHtml(RATING_LABEL[row.rating])}</td><td${over}>${escapeHtml(formatDuration(row.durationMs))}</td></tr>`;
      })
      .join('\n');
    parts.push(`<table class="summary"><thead><tr><th>#</th><th>${escapeHtml(S.question)}</th><th>${escapeHtml(S.rating)}</th><th>${escapeHtml(S.time)}</th></tr></thead><tbody>
${rows}
</tbody></table>`);
  }
  if (model.weakest.length) {
    parts.push(`<section class="weakest"><h3>${escapeHtml(S.weakestTopics)}</h3><ul>${model.weakest.map((t) => `<li>${escapeHtml(t.title)} <span class="hint">${escapeHtml(S.meanRating(t.mean))}</span></li>`).join('')}</ul></section>`);
  }
  if (model.toReview.length) {
    parts.push(`<section class="to-review"><h3>${escapeHtml(S.toReview)}</h3><ul>${model.toReview.map((t) => `<li>${escapeHtml(t.title)} <span class="hint">${escapeHtml(t.walkthroughTitle)}</span></li>`).join('')}</ul></section>`);
  } else if (model.rows.length) {
    parts.push(`<p class="hint">${escapeHtml(S.nothingToReview)}</p>`);
  }
  const actions: string[] = [];
  if (model.toReview.length) actions.push(button('practiceAgain', S.practiseAgain(model.toReview.length), { primary: true }));
  const newLeft = model.newLeft ?? 0;
  if (model.dueLeft + newLeft > 0) actions.push(button('practiceDue', S.practiseDue(model.dueLeft, newLeft), { primary: model.toReview.length === 0 }));
  if (model.canUndo) actions.push(button('practiceUndo', S.undo, { key: 'u', title: S.undoTitle }));
  actions.push(button('practiceProgress', S.showProgress));
  actions.push(button('practiceDone', S.done));
  parts.push(`<nav class="actions">${actions.join('\n')}</nav>`);
  return parts.join('\n');
}

export function renderPracticeCard(model: PracticeCardModel, resources: WebviewResources): string {
  const body = model.kind === 'practice' ? questionBody(model) : summaryBody(model);
  return webviewPage(resources, { title: S.practiceTitle, bodyClass: 'practice', body });
}
