// The practice history (pure, no `vscode` import, unit-tested): every review ever given, as plain
// data. It is the single source of truth — each card's scheduling state is recomputed from it
// (schedule.ts), so exporting, importing, merging and resetting are operations on this list only.
// Stored by practiceStore.ts in `globalState` (synced across machines).
import type { WalkthroughProgress } from '../tour/progress';

/** Again / Hard / Good / Easy, with the numbers FSRS (and the card's keys 1–4) use. */
export type PracticeRating = 1 | 2 | 3 | 4;
export const RATINGS: readonly PracticeRating[] = [1, 2, 3, 4];

/** A card is one step of one walkthrough, keyed by both ids. */
export interface CardKey {
  walkthroughId: string;
  stepId: string;
}

export interface Review extends CardKey {
  /** When the rating was given (ms since the epoch). */
  at: number;
  rating: PracticeRating;
  /** How long the user took from seeing the question to rating it, when measured. */
  durationMs?: number;
  /** Where the review came from: a due-queue session, a mock interview, or the old rehearsal grades. */
  source?: 'practice' | 'mock' | 'migrated';
}

export interface PracticeHistory {
  version: 1;
  /** Oldest first. */
  reviews: Review[];
}

export const EMPTY_HISTORY: PracticeHistory = { version: 1, reviews: [] };

/**
 * The most reviews kept: replaying 500k reviews took 15 s and 550 MB; 20,000 is years of daily
 * practice and replays in well under a second. Beyond it the oldest reviews go first.
 */
export const MAX_REVIEWS = 20_000;
/** A review up to this far ahead of the clock (another machine's skew, via Settings Sync) is taken as now. */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;
/** The largest time a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

export function cardId(key: CardKey): string {
  return `${key.walkthroughId}\u0000${key.stepId}`;
}

function isRating(value: unknown): value is PracticeRating {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * One review from untrusted JSON (storage, an imported file), or undefined when unusable. With
 * `now`, a review slightly ahead of the clock is clamped to `now` (FSRS cannot schedule a card
 * reviewed in the future) and one further ahead is dropped as impossible.
 */
function parseReview(value: unknown, now?: number): Review | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { walkthroughId, stepId, at, rating, durationMs, source } = value as Record<string, unknown>;
  if (typeof walkthroughId !== 'string' || walkthroughId === '' || typeof stepId !== 'string' || stepId === '') return undefined;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > MAX_DATE_MS || !isRating(rating)) return undefined;
  if (now !== undefined && at > now + FUTURE_TOLERANCE_MS) return undefined;
  const review: Review = { walkthroughId, stepId, at: now !== undefined ? Math.min(at, now) : at, rating };
  if (typeof durationMs === 'number' && Number.isFinite(durationMs) && durationMs >= 0) review.durationMs = Math.round(durationMs);
  if (source === 'practice' || source === 'mock' || source === 'migrated') review.source = source;
  return review;
}

function sorted(reviews: Review[]): Review[] {
  return reviews.sort((a, b) => a.at - b.at);
}

/** Oldest first, at most MAX_REVIEWS (the newest); `trimmed` says how many older ones were dropped. */
function capped(reviews: Review[]): { reviews: Review[]; trimmed: number } {
  const list = sorted(reviews);
  const trimmed = Math.max(0, list.length - MAX_REVIEWS);
  return { reviews: trimmed ? list.slice(trimmed) : list, trimmed };
}

/**
 * Reads a stored or imported value defensively; invalid entries are dropped, never thrown on.
 * `now` (the clock) clamps or drops reviews dated in the future; `trimmed` counts the oldest
 * reviews dropped beyond MAX_REVIEWS.
 */
export function parseHistory(value: unknown, now?: number): { history: PracticeHistory; dropped: number; trimmed: number } {
  const list = value && typeof value === 'object' && Array.isArray((value as { reviews?: unknown }).reviews) ? ((value as { reviews: unknown[] }).reviews) : [];
  const reviews: Review[] = [];
  for (const entry of list) {
    const review = parseReview(entry, now);
    if (review) reviews.push(review);
  }
  const kept = capped(reviews);
  return { history: { version: 1, reviews: kept.reviews }, dropped: list.length - reviews.length, trimmed: kept.trimmed };
}

/** Whether a JSON value looks like an exported history at all (for a clear import error). */
export function looksLikeHistory(value: unknown): boolean {
  return !!value && typeof value === 'object' && Array.isArray((value as { reviews?: unknown }).reviews);
}

export function addReview(history: PracticeHistory, review: Review): PracticeHistory {
  return { version: 1, reviews: capped([...history.reviews, review]).reviews };
}

/**
 * Takes back one review (undo of a rating): the newest entry with the same card, time and rating.
 * Undoing the review just added gives back exactly the history before it.
 */
export function removeReview(history: PracticeHistory, review: Review): PracticeHistory {
  const key = reviewKey(review);
  for (let i = history.reviews.length - 1; i >= 0; i--) {
    if (reviewKey(history.reviews[i]!) === key) return { version: 1, reviews: [...history.reviews.slice(0, i), ...history.reviews.slice(i + 1)] };
  }
  return history;
}

function reviewKey(review: Review): string {
  return `${cardId(review)}\u0000${review.at}\u0000${review.rating}`;
}

/** Merges an imported history: reviews already present (same card, time and rating) count once. */
export function mergeHistory(history: PracticeHistory, imported: PracticeHistory): { history: PracticeHistory; added: number; trimmed: number } {
  const seen = new Set(history.reviews.map(reviewKey));
  const added = imported.reviews.filter((review) => {
    const key = reviewKey(review);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const kept = capped([...history.reviews, ...added]);
  return { history: { version: 1, reviews: kept.reviews }, added: added.length, trimmed: kept.trimmed };
}

/** Forgets one walkthrough's reviews, or all of them when `walkthroughId` is undefined. */
export function resetHistory(history: PracticeHistory, walkthroughId?: string): PracticeHistory {
  if (walkthroughId === undefined) return EMPTY_HISTORY;
  return { version: 1, reviews: history.reviews.filter((review) => review.walkthroughId !== walkthroughId) };
}

/** Reviews grouped by card, oldest first. */
export function reviewsByCard(history: PracticeHistory): Map<string, Review[]> {
  const byCard = new Map<string, Review[]>();
  for (const review of history.reviews) {
    const id = cardId(review);
    let list = byCard.get(id);
    if (!list) byCard.set(id, (list = []));
    list.push(review);
  }
  return byCard;
}

/**
 * Migrates the rehearsal grades of the old progress format ("Got it" / "Review again", without
 * dates) into reviews at `now`: "Got it" becomes Good, "Review again" becomes Again. Cards that
 * already have reviews keep theirs. Returns the reviews to add (empty when nothing to migrate).
 */
export function migrateGrades(history: PracticeHistory, progress: Readonly<Record<string, WalkthroughProgress>>, now: number): Review[] {
  const known = new Set(history.reviews.map(cardId));
  const migrated: Review[] = [];
  for (const [walkthroughId, entry] of Object.entries(progress)) {
    for (const [stepId, grade] of Object.entries(entry.grades ?? {})) {
      const key = { walkthroughId, stepId };
      if (known.has(cardId(key))) continue;
      migrated.push({ ...key, at: now, rating: grade === 'known' ? 3 : 1, source: 'migrated' });
    }
  }
  return migrated;
}

/** The export file's content: versioned, readable, importable again. */
export function exportHistory(history: PracticeHistory, now: number, walkthroughId?: string): string {
  const reviews = walkthroughId === undefined ? history.reviews : history.reviews.filter((r) => r.walkthroughId === walkthroughId);
  return `${JSON.stringify({ format: 'code-walkthroughs-practice', version: 1, exportedAt: new Date(now).toISOString(), reviews }, null, 2)}\n`;
}
