// Practice sessions and statistics (client/src/practice/session.ts, stats.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addReview, EMPTY_HISTORY, type PracticeHistory } from '../../client/src/practice/history';
import { scheduleCards } from '../../client/src/practice/schedule';
import { currentCard, isFinished, pickMockQuestions, rate, reveal, startSession, summarize, type MockCandidate } from '../../client/src/practice/session';
import { addDays, dueForecast, masteryByWalkthrough, retentionByWeek, reviewsPerDay, startOfDay, startOfWeek } from '../../client/src/practice/stats';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = new Date(2026, 0, 5, 9, 0, 0).getTime(); // a Monday, 09:00 local

/** A seeded pseudo-random source (mulberry32), so shuffles are reproducible. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('practice session', () => {
  it('times each answer from showing the card to rating it, and re-queues Again in a due session', () => {
    let session = startSession('due', [{ walkthroughId: 'w', stepId: 'a' }, { walkthroughId: 'w', stepId: 'b' }], START);
    assert.equal(session.revealed, false);
    session = reveal(session);
    assert.equal(session.revealed, true);
    const first = rate(session, 1, START + 90_000)!;
    assert.deepEqual(first.review, { walkthroughId: 'w', stepId: 'a', at: START + 90_000, rating: 1, durationMs: 90_000, source: 'practice' });
    session = first.session;
    assert.equal(session.revealed, false, 'the next card starts hidden');
    assert.equal(currentCard(session)!.stepId, 'b');
    session = rate(session, 3, START + 120_000)!.session;
    assert.equal(currentCard(session)!.stepId, 'a', 'the card rated Again comes back');
    session = rate(session, 3, START + 150_000)!.session;
    assert.ok(isFinished(session));
    assert.equal(rate(session, 3, START + 200_000), undefined);
    const summary = summarize(session);
    assert.deepEqual(summary.counts, { 1: 1, 2: 0, 3: 2, 4: 0 });
    assert.deepEqual(summary.toReview, [], 'the latest rating of "a" was Good');
    assert.equal(summary.totalMs, 150_000);
  });

  it('asks each card once in a mock interview and summarizes time, weak topics and what to review', () => {
    let session = startSession('mock', [{ walkthroughId: 'order', stepId: 'a' }, { walkthroughId: 'order', stepId: 'b', followUp: true }, { walkthroughId: 'stock', stepId: 'c' }], START, 120_000);
    session = rate(session, 1, START + 150_000)!.session;
    session = rate(session, 2, START + 200_000)!.session;
    const last = rate(session, 4, START + 260_000)!;
    assert.equal(last.review.source, 'mock');
    session = last.session;
    assert.ok(isFinished(session), 'Again does not re-queue in a mock interview');
    const summary = summarize(session);
    assert.equal(summary.overTarget, 1);
    assert.deepEqual(summary.toReview, [{ walkthroughId: 'order', stepId: 'a' }, { walkthroughId: 'order', stepId: 'b' }]);
    assert.deepEqual(summary.weakest.map((t) => [t.walkthroughId, t.mean]), [['order', 1.5]]);
    assert.equal(summary.results[1]!.followUp, true);
  });

  it('picks mock questions spread over topics, shuffled, with follow-ups that are not asked twice', () => {
    const candidates: MockCandidate[] = [
      { walkthroughId: 'order', stepId: '1', next: '2' },
      { walkthroughId: 'order', stepId: '2', next: '3' },
      { walkthroughId: 'order', stepId: '3' },
      { walkthroughId: 'order', stepId: '4' },
      { walkthroughId: 'stock', stepId: '1', next: '2' },
      { walkthroughId: 'stock', stepId: '2' },
      { walkthroughId: 'pay', stepId: '1' },
    ];
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 9 }), fc.boolean(), (seed, count, followUps) => {
        const queue = pickMockQuestions(candidates, count, seeded(seed), followUps);
        const main = queue.filter((q) => !q.followUp);
        assert.equal(queue.length, Math.min(count, candidates.length), 'the number asked for is the number asked, follow-ups included');
        const keys = queue.map((q) => `${q.walkthroughId}/${q.stepId}`);
        assert.equal(new Set(keys).size, keys.length, `no question twice: ${keys.join(' ')}`);
        // Spread: with 3 or more questions every topic is asked (a follow-up never takes a topic's turn).
        if (count >= 3 && !followUps) assert.equal(new Set(main.map((q) => q.walkthroughId)).size, 3);
        if (count >= 5) assert.equal(new Set(queue.map((q) => q.walkthroughId)).size, 3);
        if (!followUps) assert.equal(queue.length, main.length);
        for (const [i, q] of queue.entries()) {
          if (!q.followUp) continue;
          const before = queue[i - 1]!;
          assert.equal(before.walkthroughId, q.walkthroughId);
          assert.equal(candidates.find((c) => c.walkthroughId === before.walkthroughId && c.stepId === before.stepId)!.next, q.stepId);
        }
      }),
      { numRuns: 300 },
    );
    const orders = new Set(Array.from({ length: 20 }, (_, seed) => pickMockQuestions(candidates, 7, seeded(seed), false).map((q) => `${q.walkthroughId}/${q.stepId}`).join(' ')));
    assert.ok(orders.size > 5, 'different seeds shuffle differently');
  });
});

describe('practice statistics', () => {
  const keys = ['a', 'b', 'c'].map((stepId) => ({ walkthroughId: 'order', stepId }));

  it('counts reviews per local day over whole weeks, ending with this week', () => {
    let history: PracticeHistory = EMPTY_HISTORY;
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START, rating: 3 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'b', at: START + 60_000, rating: 3 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START + 2 * DAY, rating: 4 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'c', at: START - 400 * DAY, rating: 4 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'c', at: START, rating: 1, source: 'migrated' });
    const days = reviewsPerDay(history, START + 3 * DAY, 4);
    assert.equal(days.length, 28);
    assert.equal(days[0]!.day, addDays(startOfWeek(START + 3 * DAY), -21));
    assert.equal(new Date(days[0]!.day).getDay(), 1, 'weeks start on Monday');
    assert.equal(days.reduce((n, d) => n + d.count, 0), 3, 'old and migrated reviews are not on the calendar');
    assert.equal(days.find((d) => d.day === startOfDay(START))!.count, 2);
    assert.equal(days.find((d) => d.day === addDays(START, 2))!.count, 1);
  });

  it('computes retention per week from repeat reviews only', () => {
    let history: PracticeHistory = EMPTY_HISTORY;
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START, rating: 1 }); // first look
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START + DAY, rating: 3 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START + 2 * DAY, rating: 1 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START + 8 * DAY, rating: 4 });
    const weeks = retentionByWeek(history, START + 8 * DAY, 3);
    assert.deepEqual(weeks.map((w) => w.retention), [undefined, 0.5, 1]);
    assert.deepEqual(weeks.map((w) => w.reviews), [0, 3, 1]);
  });

  it('forecasts reviewed cards coming due in the next 14 days (not those due now, not new ones) and mastery per walkthrough', () => {
    let history: PracticeHistory = EMPTY_HISTORY;
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START, rating: 4 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'b', at: START, rating: 4 });
    const cards = scheduleCards(history, [...keys, { walkthroughId: 'stock', stepId: 'x' }], START + 1000);
    const forecast = dueForecast(cards, START + 1000);
    assert.equal(forecast.length, 14);
    assert.equal(forecast[0]!.count, 0, 'new cards are counted apart, not as due today');
    assert.equal(forecast.reduce((n, d) => n + d.count, 0), 2, 'every reviewed card due within two weeks is counted once');
    assert.deepEqual(dueForecast(cards, START + 30 * DAY).map((d) => d.count), new Array(14).fill(0), 'cards due by now are the due number, not a forecast');
    for (const card of cards.filter((c) => c.reviews.length)) {
      const index = forecast.findIndex((d) => d.day === startOfDay(card.card.due.getTime()));
      assert.ok(index > 0 && forecast[index]!.count >= 1, `card ${card.stepId} in its day`);
    }
    const mastery = masteryByWalkthrough(cards);
    assert.deepEqual(mastery.map((m) => [m.walkthroughId, m.counts, m.total]), [
      ['order', { new: 1, learning: 2, mastered: 0 }, 3],
      ['stock', { new: 1, learning: 0, mastered: 0 }, 1],
    ]);
  });
});
