// Spaced-repetition scheduling (pure, no `vscode` import, unit-tested): FSRS via ts-fsrs with the
// library's default parameters (what users with few reviews should get) and no interval fuzz, so
// the same history always gives the same schedule. Time is always passed in (`now`), never read.
import { createEmptyCard, fsrs, type Card, type FSRS, type Grade, State } from 'ts-fsrs';
import { cardId, reviewsByCard, type CardKey, type PracticeHistory, type PracticeRating, type Review } from './history';

export { State };
export type { Card };

let shared: FSRS | undefined;

/** The scheduler every computation uses (one place that decides the FSRS parameters). */
export function scheduler(): FSRS {
  return (shared ??= fsrs({ enable_fuzz: false }));
}

/** A card's FSRS state after replaying its reviews in order; a never-reviewed card is new and due. */
export function cardState(reviews: readonly Review[], createdAt: number): Card {
  const f = scheduler();
  let card = createEmptyCard(new Date(reviews[0]?.at ?? createdAt));
  for (const review of reviews) card = f.next(card, new Date(review.at), review.rating as Grade).card;
  return card;
}

/**
 * Remembers each card's replayed state by its review count and last review time, so that after
 * one new rating only that card is replayed again (ts-fsrs takes ~30 µs per review).
 */
export class CardStateCache {
  private readonly states = new Map<string, { count: number; lastAt: number; card: Card }>();

  get(id: string, reviews: readonly Review[], createdAt: number): Card {
    if (reviews.length === 0) return cardState(reviews, createdAt);
    const lastAt = reviews[reviews.length - 1]!.at;
    const hit = this.states.get(id);
    if (hit && hit.count === reviews.length && hit.lastAt === lastAt) return hit.card;
    const card = cardState(reviews, createdAt);
    this.states.set(id, { count: reviews.length, lastAt, card });
    return card;
  }
}

export interface ScheduledCard extends CardKey {
  card: Card;
  reviews: readonly Review[];
}

/**
 * The scheduling state of each of the given cards (the workspace's current steps), from the
 * history. Reviews of steps that no longer exist are kept in the history but not scheduled.
 */
export function scheduleCards(history: PracticeHistory, keys: readonly CardKey[], now: number, cache?: CardStateCache): ScheduledCard[] {
  const byCard = reviewsByCard(history);
  return keys.map((key) => {
    const id = cardId(key);
    const reviews = byCard.get(id) ?? [];
    return { walkthroughId: key.walkthroughId, stepId: key.stepId, reviews, card: cache ? cache.get(id, reviews, now) : cardState(reviews, now) };
  });
}

export function isDue(card: Card, now: number): boolean {
  return card.due.getTime() <= now;
}

/**
 * The due queue: reviewed cards whose due time has come (most overdue first), then new cards in
 * the order given (walkthrough order).
 */
export function dueQueue(cards: readonly ScheduledCard[], now: number): ScheduledCard[] {
  const due = cards.filter((c) => c.reviews.length > 0 && isDue(c.card, now)).sort((a, b) => a.card.due.getTime() - b.card.due.getTime());
  const fresh = cards.filter((c) => c.reviews.length === 0);
  return [...due, ...fresh];
}

/** How many cards are due now (new cards count: FSRS schedules a new card for immediately). */
export function dueCount(cards: readonly ScheduledCard[], now: number): number {
  return cards.filter((c) => isDue(c.card, now)).length;
}

/** The interval each rating would give the card now (ms), from the scheduler's own preview. */
export function previewIntervals(card: Card, now: number): Record<PracticeRating, number> {
  // A card last reviewed after `now` (a clock that went back) is previewed as of that review:
  // FSRS refuses a negative elapsed time.
  const at = Math.max(now, card.last_review?.getTime() ?? now);
  const preview = scheduler().repeat(card, new Date(at));
  const interval = (rating: PracticeRating) => preview[rating as Grade].card.due.getTime() - at;
  return { 1: interval(1), 2: interval(2), 3: interval(3), 4: interval(4) };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short interval for a button: "1m", "10m", "3h", "2d", "4mo", "1.5y". */
export function formatInterval(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))}m`;
  if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
  const days = ms / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${Math.round(days / 30)}mo`;
  const years = Math.round((days / 365) * 10) / 10;
  return `${years}y`;
}

/** A card counts as mastered once FSRS expects it to stay recallable for three weeks. */
export const MASTERED_STABILITY_DAYS = 21;

export type Mastery = 'new' | 'learning' | 'mastered';

export function masteryOf(card: Card, reviewCount: number): Mastery {
  if (reviewCount === 0) return 'new';
  return card.state === State.Review && card.stability >= MASTERED_STABILITY_DAYS ? 'mastered' : 'learning';
}
