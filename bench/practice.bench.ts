/**
 * Practice scheduling at scale: a year of daily practice on 300 cards (tens of thousands of
 * reviews) replayed through FSRS, the due queue and the progress statistics. Target: everything
 * the tree, status bar and progress view need ≤ 50 ms, so they can be recomputed on each change.
 */
import { performance } from 'node:perf_hooks';
import { addReview, parseHistory, exportHistory, type PracticeHistory, type PracticeRating } from '../client/src/practice/history';
import { CardStateCache, DEFAULT_NEW_PER_DAY, practiceToday, scheduleCards } from '../client/src/practice/schedule';
import { dueForecast, masteryByWalkthrough, retentionByWeek, reviewsPerDay } from '../client/src/practice/stats';
import { mib, summary } from './stats';

export function practiceBench(cardCount = 300, days = 365): string[] {
  const out: string[] = [];
  const keys = Array.from({ length: cardCount }, (_, i) => ({ walkthroughId: `w${i % 10}`, stepId: `s${i}` }));
  const start = Date.UTC(2025, 0, 1, 8);
  const DAY = 86_400_000;
  // A heavy year: 40 reviews a day on pseudo-random cards, mostly Good.
  let t0 = performance.now();
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const reviews = [];
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < 40; i++) {
      const r = next();
      const rating = (r < 0.1 ? 1 : r < 0.25 ? 2 : r < 0.9 ? 3 : 4) as PracticeRating;
      const card = keys[Math.floor(next() * keys.length)]!;
      reviews.push({ ...card, at: start + day * DAY + i * 60_000, rating });
    }
  }
  let history: PracticeHistory = { version: 1, reviews };
  out.push(`practice: simulated ${days} days, ${cardCount} cards → ${history.reviews.length} reviews   ${(performance.now() - t0).toFixed(0)} ms`);
  const now = start + days * DAY;
  out.push(summary(`practice: schedule all ${cardCount} cards from the history (cold)`, sampleSync(10, () => scheduleCards(history, keys, now))));
  const cache = new CardStateCache();
  scheduleCards(history, keys, now, cache);
  out.push(summary('practice: … after one more rating (cached states)', sampleSync(50, (i) => {
    history = addReview(history, { ...keys[i % keys.length]!, at: now + i * 1000, rating: 3 });
    scheduleCards(history, keys, now, cache);
  }), '≤ 50 ms'));
  const cards = scheduleCards(history, keys, now);
  out.push(summary('practice: due queue (due + today\'s new cards)', sampleSync(200, () => practiceToday(cards, history, now, { newPerDay: DEFAULT_NEW_PER_DAY }))));
  out.push(summary('practice: progress statistics (heatmap, retention, forecast, mastery)', sampleSync(50, () => {
    reviewsPerDay(history, now);
    retentionByWeek(history, now);
    dueForecast(cards, now);
    masteryByWalkthrough(cards);
  }), '≤ 50 ms'));
  const json = exportHistory(history, now);
  out.push(`practice: exported history ${mib(Buffer.byteLength(json))} (globalState, synced)`);
  t0 = performance.now();
  parseHistory(JSON.parse(json));
  out.push(`practice: parse + validate the export                          ${(performance.now() - t0).toFixed(1)} ms`);
  return out;
}

function sampleSync(count: number, run: (i: number) => unknown): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    run(i);
    times.push(performance.now() - s);
  }
  return times.sort((a, b) => a - b);
}
