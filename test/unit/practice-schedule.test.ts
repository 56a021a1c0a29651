// Spaced-repetition scheduling (client/src/practice/schedule.ts, history.ts): checked over simulated
// weeks of practice against ts-fsrs itself, driven step by step with the same parameters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import {
  addReview,
  EMPTY_HISTORY,
  exportHistory,
  mergeHistory,
  migrateGrades,
  MAX_REVIEWS,
  parseHistory,
  resetHistory,
  type PracticeHistory,
  type PracticeRating,
} from '../../client/src/practice/history';
import { CardStateCache, cardState, dueCount, dueQueue, formatInterval, masteryOf, previewIntervals, scheduleCards } from '../../client/src/practice/schedule';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.UTC(2026, 0, 5, 9, 0, 0); // a Monday, 09:00 UTC
const reference = fsrs({ enable_fuzz: false });

const keys = ['a', 'b', 'c', 'd', 'e'].map((stepId) => ({ walkthroughId: 'order', stepId }));

describe('practice scheduling', () => {
  it('over eight simulated weeks, due dates and the due queue match ts-fsrs driven review by review', () => {
    // A user who practises every morning and rates each card by a fixed, card-specific pattern.
    const patterns: Record<string, PracticeRating[]> = { a: [3], b: [1, 3], c: [2, 3, 3], d: [4], e: [3, 1, 3, 3] };
    const expected = new Map<string, Card>(keys.map((k) => [k.stepId, createEmptyCard(new Date(START))]));
    const counts = new Map<string, number>();
    let history: PracticeHistory = EMPTY_HISTORY;
    let reviewsGiven = 0;
    const cache = new CardStateCache();
    for (let day = 0; day < 56; day++) {
      const now = START + day * DAY;
      const cards = scheduleCards(history, keys, now);
      const queue = dueQueue(cards, now);
      // Our due set is exactly the library's: cards whose due time has come.
      const libraryDue = keys.filter((k) => expected.get(k.stepId)!.due.getTime() <= now).map((k) => k.stepId).sort();
      assert.deepEqual(queue.map((c) => c.stepId).sort(), libraryDue, `day ${day}`);
      assert.equal(dueCount(cards, now), libraryDue.length);
      for (const [i, item] of queue.entries()) {
        const at = now + i * 2 * MINUTE;
        const n = counts.get(item.stepId) ?? 0;
        const pattern = patterns[item.stepId]!;
        const rating = pattern[n % pattern.length]!;
        counts.set(item.stepId, n + 1);
        history = addReview(history, { walkthroughId: 'order', stepId: item.stepId, at, rating });
        expected.set(item.stepId, reference.next(expected.get(item.stepId)!, new Date(at), rating as Grade).card);
        reviewsGiven++;
      }
      const cached = scheduleCards(history, keys, now + DAY - 1, cache);
      for (const card of scheduleCards(history, keys, now + DAY - 1)) {
        const libraryCard = expected.get(card.stepId)!;
        assert.equal(cached.find((c) => c.stepId === card.stepId)!.card.due.getTime(), libraryCard.due.getTime(), 'the state cache agrees');
        assert.equal(card.card.due.getTime(), libraryCard.due.getTime(), `day ${day} card ${card.stepId} due`);
        assert.equal(card.card.stability, libraryCard.stability);
        assert.equal(card.card.state, libraryCard.state);
      }
    }
    assert.ok(reviewsGiven > 20, `the simulation reviewed (${reviewsGiven})`);
    // After eight weeks the easy card is spaced out far more than the one that keeps lapsing.
    const final = scheduleCards(history, keys, START + 56 * DAY);
    const due = (id: string) => final.find((c) => c.stepId === id)!.card.due.getTime();
    assert.ok(due('d') > due('e'), 'Easy every time is due later than a card that lapses');
  });

  it('replays any history exactly as ts-fsrs would (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMinutes: fc.integer({ min: 1, max: 60 * 24 * 40 }), rating: fc.constantFrom<PracticeRating>(1, 2, 3, 4) }), { minLength: 1, maxLength: 25 }),
        (steps) => {
          let at = START;
          let card = createEmptyCard(new Date(START));
          const reviews = [];
          for (const step of steps) {
            at += step.gapMinutes * MINUTE;
            reviews.push({ walkthroughId: 'w', stepId: 's', at, rating: step.rating });
            if (reviews.length === 1) card = createEmptyCard(new Date(at));
            card = reference.next(card, new Date(at), step.rating as Grade).card;
          }
          const ours = cardState(reviews, START);
          assert.equal(ours.due.getTime(), card.due.getTime());
          assert.equal(ours.reps, card.reps);
          assert.equal(ours.lapses, card.lapses);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('previews the interval of each rating from the library, growing from Again to Easy', () => {
    const now = START;
    const fresh = createEmptyCard(new Date(now));
    const preview = previewIntervals(fresh, now);
    const library = reference.repeat(fresh, new Date(now));
    for (const rating of [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const) {
      assert.equal(preview[rating as PracticeRating], library[rating].card.due.getTime() - now);
    }
    assert.ok(preview[1] < preview[2] && preview[2] < preview[3] && preview[3] < preview[4], JSON.stringify(preview));
    assert.deepEqual([1, 2, 3, 4].map((r) => formatInterval(preview[r as PracticeRating])), [1, 2, 3, 4].map((r) => formatInterval(library[r as Grade].card.due.getTime() - now)));
    // A new card: Again in a minute, Easy in days.
    assert.equal(formatInterval(preview[1]), '1m');
    assert.match(formatInterval(preview[4]), /^\d+d$/);
  });

  it('formats intervals for the buttons', () => {
    assert.equal(formatInterval(30_000), '1m');
    assert.equal(formatInterval(10 * MINUTE), '10m');
    assert.equal(formatInterval(3 * 60 * MINUTE), '3h');
    assert.equal(formatInterval(2 * DAY), '2d');
    assert.equal(formatInterval(95 * DAY), '3mo');
    assert.equal(formatInterval(548 * DAY), '1.5y');
  });

  it('counts a rated card as no longer due, and a lapsed one as due again minutes later', () => {
    let history = EMPTY_HISTORY;
    assert.equal(dueCount(scheduleCards(history, keys, START), START), 5, 'new cards are due');
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START, rating: 3 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'b', at: START, rating: 1 });
    assert.equal(dueCount(scheduleCards(history, keys, START + 1000), START + 1000), 3);
    assert.equal(dueCount(scheduleCards(history, keys, START + 2 * MINUTE), START + 2 * MINUTE), 4, 'Again is due after a minute');
    const queue = dueQueue(scheduleCards(history, keys, START + 2 * MINUTE), START + 2 * MINUTE);
    assert.equal(queue[0]!.stepId, 'b', 'reviewed cards that are due come before new ones');
    assert.equal(masteryOf(scheduleCards(history, keys, START)[2]!.card, 0), 'new');
  });

  it('ignores reviews of steps that no longer exist, without dropping them', () => {
    const history = addReview(EMPTY_HISTORY, { walkthroughId: 'order', stepId: 'gone', at: START, rating: 3 });
    assert.equal(scheduleCards(history, keys, START).length, 5);
    assert.equal(history.reviews.length, 1);
  });
});

describe('practice history', () => {
  it('parses stored and imported values defensively, dropping what is unusable', () => {
    const { history, dropped } = parseHistory({
      reviews: [
        { walkthroughId: 'w', stepId: 's', at: START + 5, rating: 3, durationMs: 1200.4, source: 'mock' },
        { walkthroughId: 'w', stepId: 's', at: START, rating: 1 },
        { walkthroughId: 'w', stepId: 's', at: START, rating: 7 },
        { walkthroughId: '', stepId: 's', at: START, rating: 2 },
        { walkthroughId: 'w', stepId: 's', at: 'yesterday', rating: 2 },
        null,
        '<script>',
      ],
    });
    assert.equal(dropped, 5);
    assert.deepEqual(history.reviews, [
      { walkthroughId: 'w', stepId: 's', at: START, rating: 1 },
      { walkthroughId: 'w', stepId: 's', at: START + 5, rating: 3, durationMs: 1200, source: 'mock' },
    ]);
    assert.deepEqual(parseHistory(undefined).history.reviews, []);
    assert.deepEqual(parseHistory({ reviews: 'nope' }).history.reviews, []);
  });

  it('round-trips through export and import; importing twice adds nothing', () => {
    let history = addReview(EMPTY_HISTORY, { walkthroughId: 'w', stepId: 's', at: START, rating: 3, durationMs: 4000 });
    history = addReview(history, { walkthroughId: 'x', stepId: 't', at: START + DAY, rating: 2 });
    const file = exportHistory(history, START + 2 * DAY);
    const imported = parseHistory(JSON.parse(file)).history;
    assert.deepEqual(imported, history);
    const other = addReview(EMPTY_HISTORY, { walkthroughId: 'w', stepId: 's', at: START + 3 * DAY, rating: 4 });
    const merged = mergeHistory(other, imported);
    assert.equal(merged.added, 2);
    assert.equal(mergeHistory(merged.history, imported).added, 0);
    assert.deepEqual(merged.history.reviews.map((r) => r.at), [START, START + DAY, START + 3 * DAY]);
    const onlyW = parseHistory(JSON.parse(exportHistory(history, START, 'w'))).history;
    assert.deepEqual(onlyW.reviews.map((r) => r.walkthroughId), ['w']);
  });

  it('resets one walkthrough or everything', () => {
    let history = addReview(EMPTY_HISTORY, { walkthroughId: 'w', stepId: 's', at: START, rating: 3 });
    history = addReview(history, { walkthroughId: 'x', stepId: 't', at: START, rating: 3 });
    assert.deepEqual(resetHistory(history, 'w').reviews.map((r) => r.walkthroughId), ['x']);
    assert.deepEqual(resetHistory(history).reviews, []);
  });

  it('migrates the old rehearsal grades once, without overriding real reviews', () => {
    const old = { order: { visited: ['a', 'b', 'c'], grades: { a: 'known' as const, b: 'review' as const, c: 'known' as const } } };
    const history = addReview(EMPTY_HISTORY, { walkthroughId: 'order', stepId: 'c', at: START - DAY, rating: 1 });
    const migrated = migrateGrades(history, old, START);
    assert.deepEqual(migrated, [
      { walkthroughId: 'order', stepId: 'a', at: START, rating: 3, source: 'migrated' },
      { walkthroughId: 'order', stepId: 'b', at: START, rating: 1, source: 'migrated' },
    ]);
    const after = migrated.reduce(addReview, history);
    assert.deepEqual(migrateGrades(after, old, START + DAY), [], 'a second migration finds nothing to do');
    // A migrated "Review again" is due soon, a migrated "Got it" later.
    const cards = scheduleCards(after, keys.slice(0, 2), START);
    assert.ok(cards[1]!.card.due.getTime() < cards[0]!.card.due.getTime());
  });
});

describe('practice history: impossible dates and size (issue 19, item 10)', () => {
  it('a review dated in the future (a synced machine with a wrong clock) never breaks the preview', () => {
    const now = START;
    const raw = { reviews: [
      { walkthroughId: 'order', stepId: 'a', at: now - DAY, rating: 3 },
      { walkthroughId: 'order', stepId: 'a', at: now + 5 * MINUTE, rating: 3 },
    ] };
    const { history } = parseHistory(raw, now);
    assert.ok(history.reviews.every((r) => r.at <= now), 'a review ahead of the clock is clamped to now');
    const [card] = scheduleCards(history, keys.slice(0, 1), now);
    const intervals = previewIntervals(card!.card, now);
    for (const rating of [1, 2, 3, 4] as const) assert.ok(Number.isFinite(intervals[rating]) && intervals[rating] > 0, `interval ${rating}`);
  });

  it('drops reviews far in the future or past the Date range, and they never show NaN', () => {
    const now = START;
    const { history, dropped } = parseHistory({ reviews: [
      { walkthroughId: 'order', stepId: 'a', at: now + 400 * DAY, rating: 3 },
      { walkthroughId: 'order', stepId: 'a', at: 8.64e15 + 1, rating: 3 },
      { walkthroughId: 'order', stepId: 'a', at: Number.MAX_VALUE, rating: 3 },
      { walkthroughId: 'order', stepId: 'b', at: now - DAY, rating: 3 },
    ] }, now);
    assert.equal(dropped, 3);
    assert.deepEqual(history.reviews.map((r) => r.stepId), ['b']);
    assert.doesNotMatch(formatInterval(Number.NaN), /NaN/);
  });

  it('even a history built without parsing (future review in memory) previews without throwing', () => {
    const history = addReview(EMPTY_HISTORY, { walkthroughId: 'order', stepId: 'a', at: START + DAY, rating: 3 });
    const [card] = scheduleCards(history, keys.slice(0, 1), START);
    assert.doesNotThrow(() => previewIntervals(card!.card, START));
  });

  it('caps the history at MAX_REVIEWS, keeping the newest, and says how many were trimmed', () => {
    const count = MAX_REVIEWS + 10;
    const reviews = Array.from({ length: count }, (_, i) => ({ walkthroughId: 'w', stepId: `s${i % 50}`, at: START - (count - i) * MINUTE, rating: 3 }));
    const { history, trimmed } = parseHistory({ reviews }, START);
    assert.equal(history.reviews.length, MAX_REVIEWS);
    assert.equal(trimmed, 10);
    assert.equal(history.reviews[0]!.at, reviews[10]!.at, 'the oldest reviews go first');
    const grown = addReview(history, { walkthroughId: 'w', stepId: 's0', at: START, rating: 4 });
    assert.equal(grown.reviews.length, MAX_REVIEWS, 'adding to a full history drops the oldest');
    const merged = mergeHistory(history, parseHistory({ reviews: [{ walkthroughId: 'x', stepId: 'y', at: START - 1, rating: 2 }] }, START).history);
    assert.equal(merged.history.reviews.length, MAX_REVIEWS);
    assert.equal(merged.trimmed, 1);
  });
});
