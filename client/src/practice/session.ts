// A practice session as pure state (no `vscode` import, unit-tested): the queue of cards, which one
// is shown, whether its talking points are revealed, and the ratings given with their timing.
// Used for the due queue, rehearsing one walkthrough, and mock interviews.
import type { CardKey, PracticeRating, Review } from './history';

export type SessionKind = 'due' | 'walkthrough' | 'mock';

export interface SessionCard extends CardKey {
  /** Mock interview: asked as a follow-up ("追问") to the previous question. */
  followUp?: boolean;
}

export interface SessionResult extends CardKey {
  rating: PracticeRating;
  durationMs: number;
  followUp?: boolean;
}

export interface PracticeSession {
  kind: SessionKind;
  queue: readonly SessionCard[];
  /** Index into `queue` of the card shown; `queue.length` once finished. */
  index: number;
  revealed: boolean;
  /** When the current card was shown (its answer time counts from here). */
  shownAt: number;
  startedAt: number;
  results: readonly SessionResult[];
  /** Mock interview: the target answer time per question. */
  targetMs?: number;
  /** The last rating, to undo: the session as it was before it and the review it recorded. */
  undo?: { before: PracticeSession; review: Review };
}

export function startSession(kind: SessionKind, queue: readonly SessionCard[], now: number, targetMs?: number): PracticeSession {
  return { kind, queue, index: 0, revealed: false, shownAt: now, startedAt: now, results: [], ...(targetMs ? { targetMs } : {}) };
}

export function currentCard(session: PracticeSession): SessionCard | undefined {
  return session.queue[session.index];
}

export function isFinished(session: PracticeSession): boolean {
  return session.index >= session.queue.length;
}

export function reveal(session: PracticeSession): PracticeSession {
  return isFinished(session) ? session : { ...session, revealed: true };
}

/**
 * Rates the current card and moves on. In a due-queue session a card rated Again comes back at
 * the end of the queue (FSRS schedules it again within minutes); other sessions ask each card once.
 */
export function rate(session: PracticeSession, rating: PracticeRating, now: number): { session: PracticeSession; review: Review } | undefined {
  const card = currentCard(session);
  if (!card) return undefined;
  const durationMs = Math.max(0, now - session.shownAt);
  const review: Review = { walkthroughId: card.walkthroughId, stepId: card.stepId, at: now, rating, durationMs, source: session.kind === 'mock' ? 'mock' : 'practice' };
  const result: SessionResult = { walkthroughId: card.walkthroughId, stepId: card.stepId, rating, durationMs, ...(card.followUp ? { followUp: true } : {}) };
  const queue = session.kind === 'due' && rating === 1 ? [...session.queue, { walkthroughId: card.walkthroughId, stepId: card.stepId }] : session.queue;
  return { session: { ...session, queue, index: session.index + 1, revealed: false, shownAt: now, results: [...session.results, result], undo: { before: session, review } }, review };
}

/**
 * Undoes the last rating: the session exactly as it was before it (that card shown, its talking
 * points revealed) and the review to take back out of the history. Repeatable back to the first
 * rating of the session; undefined when there is nothing to undo.
 */
export function undoRating(session: PracticeSession): { session: PracticeSession; review: Review } | undefined {
  return session.undo ? { session: session.undo.before, review: session.undo.review } : undefined;
}

export function canUndo(session: PracticeSession | undefined): boolean {
  return !!session?.undo;
}

/**
 * Takes the current card out of the session (it was buried or suspended): later repeats of it
 * (a card rated Again comes back) go too, and the next card is shown.
 */
export function setAside(session: PracticeSession, now: number): PracticeSession {
  const card = currentCard(session);
  if (!card) return session;
  const same = (c: SessionCard) => c.walkthroughId === card.walkthroughId && c.stepId === card.stepId;
  const queue = [...session.queue.slice(0, session.index), ...session.queue.slice(session.index + 1).filter((c) => !same(c))];
  return { ...session, queue, revealed: false, shownAt: now };
}

/** Skips the current card without rating it (e.g. its step was removed meanwhile). */
export function skip(session: PracticeSession, now: number): PracticeSession {
  return { ...session, index: Math.min(session.queue.length, session.index + 1), revealed: false, shownAt: now };
}

/** A card a mock interview may ask: a step with a question, and the step after it, if any. */
export interface MockCandidate extends CardKey {
  /** The next step of the same walkthrough (with a question): the follow-up. */
  next?: string;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/**
 * Picks the questions of a mock interview: exactly `count` cards asked (fewer only when there are
 * not that many), FOLLOW-UPS INCLUDED — "5 questions" asks 5 in all. Topics (walkthroughs) come in
 * random order, one question from each in turn, each topic's questions shuffled. With `followUps`,
 * a question whose walkthrough has a next step is followed by it, asked as a follow-up, while there
 * is room; a step is never asked twice (as a question and as a follow-up).
 */
export function pickMockQuestions(candidates: readonly MockCandidate[], count: number, random: () => number, followUps: boolean): SessionCard[] {
  const byTopic = new Map<string, MockCandidate[]>();
  for (const candidate of candidates) {
    const list = byTopic.get(candidate.walkthroughId) ?? [];
    list.push(candidate);
    byTopic.set(candidate.walkthroughId, list);
  }
  const topics = shuffled([...byTopic.values()], random).map((list) => shuffled(list, random));
  const key = (walkthroughId: string, stepId: string) => `${walkthroughId}\u0000${stepId}`;
  const asked = new Set<string>();
  const queue: SessionCard[] = [];
  while (queue.length < count && topics.some((t) => t.length > 0)) {
    for (const topic of topics) {
      if (queue.length >= count) break;
      let card = topic.shift();
      while (card && asked.has(key(card.walkthroughId, card.stepId))) card = topic.shift();
      if (!card) continue;
      asked.add(key(card.walkthroughId, card.stepId));
      queue.push({ walkthroughId: card.walkthroughId, stepId: card.stepId });
      if (followUps && card.next && queue.length < count && !asked.has(key(card.walkthroughId, card.next))) {
        asked.add(key(card.walkthroughId, card.next));
        queue.push({ walkthroughId: card.walkthroughId, stepId: card.next, followUp: true });
      }
    }
  }
  return queue;
}

export interface TopicScore {
  walkthroughId: string;
  /** Mean rating, 1 (Again) to 4 (Easy). */
  mean: number;
  count: number;
}

export interface SessionSummary {
  results: readonly SessionResult[];
  totalMs: number;
  /** Ratings given, by rating. */
  counts: Record<PracticeRating, number>;
  /** Cards rated Again or Hard, the latest rating per card: what to review. */
  toReview: CardKey[];
  /** Walkthroughs by mean rating, weakest first (only those below Good). */
  weakest: TopicScore[];
  /** Mock interview: answers that took longer than the target. */
  overTarget: number;
}

export function summarize(session: PracticeSession): SessionSummary {
  const counts: Record<PracticeRating, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  const latest = new Map<string, SessionResult>();
  const topics = new Map<string, { sum: number; count: number }>();
  let totalMs = 0;
  let overTarget = 0;
  for (const result of session.results) {
    counts[result.rating]++;
    totalMs += result.durationMs;
    if (session.targetMs && result.durationMs > session.targetMs) overTarget++;
    latest.set(`${result.walkthroughId}\u0000${result.stepId}`, result);
    const topic = topics.get(result.walkthroughId) ?? { sum: 0, count: 0 };
    topic.sum += result.rating;
    topic.count++;
    topics.set(result.walkthroughId, topic);
  }
  const toReview = [...latest.values()].filter((r) => r.rating <= 2).map((r) => ({ walkthroughId: r.walkthroughId, stepId: r.stepId }));
  const weakest = [...topics.entries()]
    .map(([walkthroughId, t]) => ({ walkthroughId, mean: t.sum / t.count, count: t.count }))
    .filter((t) => t.mean < 3)
    .sort((a, b) => a.mean - b.mean || b.count - a.count);
  return { results: session.results, totalMs, counts, toReview, weakest, overTarget };
}
