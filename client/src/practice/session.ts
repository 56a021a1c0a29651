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
  return { session: { ...session, queue, index: session.index + 1, revealed: false, shownAt: now, results: [...session.results, result] }, review };
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
 * Picks `count` random questions spread over the topics (walkthroughs): topics in random order,
 * one question from each in turn, each topic's questions shuffled. With `followUps`, each question
 * whose walkthrough has a next step is followed by it, asked as a follow-up (not counted in `count`,
 * and never a question that is also asked on its own).
 */
export function pickMockQuestions(candidates: readonly MockCandidate[], count: number, random: () => number, followUps: boolean): SessionCard[] {
  const byTopic = new Map<string, MockCandidate[]>();
  for (const candidate of candidates) {
    const list = byTopic.get(candidate.walkthroughId) ?? [];
    list.push(candidate);
    byTopic.set(candidate.walkthroughId, list);
  }
  const topics = shuffled([...byTopic.values()], random).map((list) => shuffled(list, random));
  const picked: MockCandidate[] = [];
  while (picked.length < count && topics.some((t) => t.length > 0)) {
    for (const topic of topics) {
      const next = topic.shift();
      if (next && picked.length < count) picked.push(next);
    }
  }
  const asked = new Set(picked.map((c) => `${c.walkthroughId}\u0000${c.stepId}`));
  const queue: SessionCard[] = [];
  for (const card of picked) {
    queue.push({ walkthroughId: card.walkthroughId, stepId: card.stepId });
    const followUpKey = card.next && `${card.walkthroughId}\u0000${card.next}`;
    if (followUps && card.next && followUpKey && !asked.has(followUpKey)) {
      asked.add(followUpKey);
      queue.push({ walkthroughId: card.walkthroughId, stepId: card.next, followUp: true });
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
