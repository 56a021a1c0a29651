// Practice statistics for the progress view (pure, unit-tested): reviews per day, retention per
// week, the due forecast and mastery per walkthrough. Days are local calendar days.
import type { PracticeHistory } from './history';
import { masteryOf, type Mastery, type ScheduledCard } from './schedule';

/** Midnight (local time) of the day containing `ms`. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Midnight of the day `days` after the one containing `ms` (DST-safe: by calendar, not by 24h). */
export function addDays(ms: number, days: number): number {
  const d = new Date(startOfDay(ms));
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}

/** Midnight of the Monday starting the week that contains `ms`. */
export function startOfWeek(ms: number): number {
  const day = new Date(ms).getDay(); // 0 = Sunday
  return addDays(ms, -((day + 6) % 7));
}

export function dayLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface DayCount {
  day: number;
  count: number;
}

/** Reviews per day for the `weeks` full weeks up to and including today's week (Monday first). */
export function reviewsPerDay(history: PracticeHistory, now: number, weeks = 26): DayCount[] {
  const first = addDays(startOfWeek(now), -7 * (weeks - 1));
  const counts = new Map<number, number>();
  for (const review of history.reviews) {
    if (review.source === 'migrated') continue; // no real date
    const day = startOfDay(review.at);
    if (day >= first) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days: DayCount[] = [];
  for (let i = 0; i < weeks * 7; i++) {
    const day = addDays(first, i);
    days.push({ day, count: counts.get(day) ?? 0 });
  }
  return days;
}

export interface WeekRetention {
  week: number;
  reviews: number;
  /** Share of Good/Easy among the week's reviews of cards seen before (0–1); undefined without any. */
  retention?: number;
}

/**
 * Retention by week: among reviews of cards that had been reviewed before (a first look is not a
 * recall), the share rated Good or Easy.
 */
export function retentionByWeek(history: PracticeHistory, now: number, weeks = 8): WeekRetention[] {
  const first = addDays(startOfWeek(now), -7 * (weeks - 1));
  const seen = new Set<string>();
  const tally = new Map<number, { recalls: number; good: number; reviews: number }>();
  for (const review of history.reviews) {
    const id = `${review.walkthroughId}\u0000${review.stepId}`;
    const repeat = seen.has(id);
    seen.add(id);
    if (review.source === 'migrated') continue;
    const week = startOfWeek(review.at);
    if (week < first) continue;
    const entry = tally.get(week) ?? { recalls: 0, good: 0, reviews: 0 };
    entry.reviews++;
    if (repeat) {
      entry.recalls++;
      if (review.rating >= 3) entry.good++;
    }
    tally.set(week, entry);
  }
  const result: WeekRetention[] = [];
  for (let i = 0; i < weeks; i++) {
    const week = addDays(first, 7 * i);
    const entry = tally.get(week);
    result.push(entry && entry.recalls > 0 ? { week, reviews: entry.reviews, retention: entry.good / entry.recalls } : { week, reviews: entry?.reviews ?? 0 });
  }
  return result;
}

/**
 * Reviewed cards coming due later: on each of the next `days` days, today first, counting only
 * those due after `now`. Cards due by `now` are the due number (schedule.ts's `practiceToday`),
 * shown as its own bar, and never-reviewed cards are counted apart as new; pass only the cards
 * that are practised (not suspended or buried).
 */
export function dueForecast(cards: readonly ScheduledCard[], now: number, days = 14): DayCount[] {
  const today = startOfDay(now);
  const forecast: DayCount[] = [];
  for (let i = 0; i < days; i++) forecast.push({ day: addDays(today, i), count: 0 });
  const end = addDays(today, days);
  for (const { card, reviews } of cards) {
    const due = card.due.getTime();
    if (reviews.length === 0 || due <= now || due >= end) continue;
    const index = forecast.findIndex((entry, i) => due >= entry.day && due < (forecast[i + 1]?.day ?? end));
    if (index >= 0) forecast[index]!.count++;
  }
  return forecast;
}

export interface WalkthroughMastery {
  walkthroughId: string;
  counts: Record<Mastery, number>;
  total: number;
}

/** New / learning / mastered cards per walkthrough, in the order the walkthroughs first appear. */
export function masteryByWalkthrough(cards: readonly ScheduledCard[]): WalkthroughMastery[] {
  const byWalkthrough = new Map<string, WalkthroughMastery>();
  for (const card of cards) {
    let entry = byWalkthrough.get(card.walkthroughId);
    if (!entry) byWalkthrough.set(card.walkthroughId, (entry = { walkthroughId: card.walkthroughId, counts: { new: 0, learning: 0, mastered: 0 }, total: 0 }));
    entry.counts[masteryOf(card.card, card.reviews.length)]++;
    entry.total++;
  }
  return [...byWalkthrough.values()];
}
