// Spaced-repetition scheduling (pure, no `vscode` import, unit-tested): FSRS via ts-fsrs with the
// library's default weights (what users with few reviews should get), the user's desired retention
// (`request_retention`) and no interval fuzz, so the same history always gives the same schedule.
// Time is always passed in (`now`), never read.
import { createEmptyCard, fsrs, type Card, type FSRS, type Grade, State } from 'ts-fsrs';
import { cardId, reviewsByCard, type CardKey, type PracticeHistory, type PracticeRating, type Review } from './history';
import { isSetAside, type CardFlags } from './cardFlags';

export { State };
export type { Card };

/** ts-fsrs's default and Anki's: 90% of cards recalled when they come due. */
export const DEFAULT_RETENTION = 0.9;
/** The range the setting allows: below 0.7 intervals grow huge, above 0.99 reviews never stop. */
export const MIN_RETENTION = 0.7;
export const MAX_RETENTION = 0.99;

/** A retention from a setting: out-of-range or non-numbers fall back to or are clamped into the range. */
export function clampRetention(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_RETENTION;
  return Math.min(MAX_RETENTION, Math.max(MIN_RETENTION, value));
}

const schedulers = new Map<number, FSRS>();

/** The scheduler every computation uses (one place that decides the FSRS parameters). */
export function scheduler(retention = DEFAULT_RETENTION): FSRS {
  const r = clampRetention(retention);
  let f = schedulers.get(r);
  if (!f) schedulers.set(r, (f = fsrs({ enable_fuzz: false, request_retention: r })));
  return f;
}

/**
 * A card's FSRS state after replaying its reviews in order; a never-reviewed card is new and due.
 * The whole history is replayed with the current `retention`, so changing the setting reschedules
 * every card (as FSRS's "reschedule on change" does).
 */
export function cardState(reviews: readonly Review[], createdAt: number, retention = DEFAULT_RETENTION): Card {
  const f = scheduler(retention);
  let card = createEmptyCard(new Date(reviews[0]?.at ?? createdAt));
  for (const review of reviews) card = f.next(card, new Date(review.at), review.rating as Grade).card;
  return card;
}

/**
 * Remembers each card's replayed state by its review count and last review time, so that after
 * one new rating only that card is replayed again (ts-fsrs takes ~30 µs per review).
 */
export class CardStateCache {
  private readonly states = new Map<string, { count: number; lastAt: number; retention: number; card: Card }>();

  get(id: string, reviews: readonly Review[], createdAt: number, retention = DEFAULT_RETENTION): Card {
    if (reviews.length === 0) return cardState(reviews, createdAt, retention);
    const lastAt = reviews[reviews.length - 1]!.at;
    const hit = this.states.get(id);
    if (hit && hit.count === reviews.length && hit.lastAt === lastAt && hit.retention === retention) return hit.card;
    const card = cardState(reviews, createdAt, retention);
    this.states.set(id, { count: reviews.length, lastAt, retention, card });
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
export function scheduleCards(history: PracticeHistory, keys: readonly CardKey[], now: number, cache?: CardStateCache, retention = DEFAULT_RETENTION): ScheduledCard[] {
  const byCard = reviewsByCard(history);
  return keys.map((key) => {
    const id = cardId(key);
    const reviews = byCard.get(id) ?? [];
    return { walkthroughId: key.walkthroughId, stepId: key.stepId, reviews, card: cache ? cache.get(id, reviews, now, retention) : cardState(reviews, now, retention) };
  });
}

export function isDue(card: Card, now: number): boolean {
  return card.due.getTime() <= now;
}

/** Anki's default: at most 20 never-seen cards are introduced a day. */
export const DEFAULT_NEW_PER_DAY = 20;

/** Midnight (local time) of the day containing `ms`: the day a "new cards a day" limit counts. */
export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * How many cards were seen for the first time today (their first review is today): what the
 * daily new-card limit has already used. Migrated grades carry no real date and do not count.
 */
export function newSeenToday(history: PracticeHistory, now: number): number {
  const today = startOfLocalDay(now);
  const first = new Map<string, Review>();
  for (const review of history.reviews) {
    const id = cardId(review);
    if (!first.has(id)) first.set(id, review);
  }
  let count = 0;
  for (const review of first.values()) if (review.at >= today && review.source !== 'migrated') count++;
  return count;
}

export interface PracticeLimits {
  /** New cards a day (0: none); the cards' order decides which ones come first. */
  newPerDay: number;
  /** Cards the user suspended or buried, left out of every count and queue. */
  flags?: CardFlags;
}

/** What there is to practise now: THE due number and the new cards every view shows. */
export interface PracticeToday {
  /** Reviewed cards whose due time has come, most overdue first. */
  due: ScheduledCard[];
  /** Never-reviewed cards still allowed today, in the order given. */
  fresh: ScheduledCard[];
  /** Never-reviewed cards beyond today's limit (they wait for later days). */
  newLeft: number;
}

/**
 * The one place that decides what is due: status bar, tree, practice card, progress page and the
 * due queue all count with it. Due = reviewed cards due by `now`; new cards are counted apart and
 * limited to `newPerDay` minus the new cards already seen today; suspended and buried cards are
 * left out of both.
 */
export function practiceToday(cards: readonly ScheduledCard[], history: PracticeHistory, now: number, limits: PracticeLimits): PracticeToday {
  const active = cards.filter((c) => !isSetAside(limits.flags, c, now));
  const due = active.filter((c) => c.reviews.length > 0 && isDue(c.card, now)).sort((a, b) => a.card.due.getTime() - b.card.due.getTime());
  const neverSeen = active.filter((c) => c.reviews.length === 0);
  const allowed = Math.max(0, Math.floor(limits.newPerDay) - newSeenToday(history, now));
  const fresh = neverSeen.slice(0, allowed);
  return { due, fresh, newLeft: neverSeen.length - fresh.length };
}

/** The interval each rating would give the card now (ms), from the scheduler's own preview. */
export function previewIntervals(card: Card, now: number, retention = DEFAULT_RETENTION): Record<PracticeRating, number> {
  // A card last reviewed after `now` (a clock that went back) is previewed as of that review:
  // FSRS refuses a negative elapsed time.
  const at = Math.max(now, card.last_review?.getTime() ?? now);
  const preview = scheduler(retention).repeat(card, new Date(at));
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
