// Spaced-repetition scheduling (client/src/practice/schedule.ts, history.ts): checked over simulated
// weeks of practice against ts-fsrs itself, driven step by step with the same parameters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import { bury, isBuried, isSuspended, NO_FLAGS, parseFlags, restore, suspend } from '../../client/src/practice/cardFlags';
import {
  addReview,
  EMPTY_HISTORY,
  removeReview,
  exportHistory,
  mergeHistory,
  migrateGrades,
  MAX_REVIEWS,
  parseHistory,
  resetHistory,
  type PracticeHistory,
  type PracticeRating,
} from '../../client/src/practice/history';
import { CardStateCache, cardState, clampRetention, formatInterval, masteryOf, newSeenToday, practiceToday, previewIntervals, scheduleCards, type PracticeLimits, type ScheduledCard } from '../../client/src/practice/schedule';
import { rate, reveal, startSession, undoRating, setAside, currentCard } from '../../client/src/practice/session';

const NO_LIMIT: PracticeLimits = { newPerDay: Infinity };
/** The due queue a session practises: due reviews first, then today's new cards. */
function dueQueue(cards: readonly ScheduledCard[], history: PracticeHistory, now: number, limits: PracticeLimits = NO_LIMIT): ScheduledCard[] {
  const today = practiceToday(cards, history, now, limits);
  return [...today.due, ...today.fresh];
}
/** Due and new together, as the old single count had it. */
function dueCount(cards: readonly ScheduledCard[], history: PracticeHistory, now: number): number {
  const today = practiceToday(cards, history, now, NO_LIMIT);
  return today.due.length + today.fresh.length;
}

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
      const queue = dueQueue(cards, history, now);
      // Our due set is exactly the library's: cards whose due time has come.
      const libraryDue = keys.filter((k) => expected.get(k.stepId)!.due.getTime() <= now).map((k) => k.stepId).sort();
      assert.deepEqual(queue.map((c) => c.stepId).sort(), libraryDue, `day ${day}`);
      assert.equal(dueCount(cards, history, now), libraryDue.length);
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
    assert.equal(dueCount(scheduleCards(history, keys, START), history, START), 5, 'new cards are due');
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: START, rating: 3 });
    history = addReview(history, { walkthroughId: 'order', stepId: 'b', at: START, rating: 1 });
    assert.equal(dueCount(scheduleCards(history, keys, START + 1000), history, START + 1000), 3);
    assert.equal(dueCount(scheduleCards(history, keys, START + 2 * MINUTE), history, START + 2 * MINUTE), 4, 'Again is due after a minute');
    const queue = dueQueue(scheduleCards(history, keys, START + 2 * MINUTE), history, START + 2 * MINUTE);
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

describe('practice like Anki users expect: daily new limit, undo, bury and suspend, desired retention', () => {
  const LOCAL_START = new Date(2026, 0, 5, 9, 0, 0).getTime(); // a Monday, 09:00 local time
  const many = Array.from({ length: 111 }, (_, i) => ({ walkthroughId: 'sample', stepId: `s${i}` }));

  it('a brand-new user gets 20 new cards a day, not 111 due; due and new are counted apart, against ts-fsrs', () => {
    let history: PracticeHistory = EMPTY_HISTORY;
    const limits: PracticeLimits = { newPerDay: 20 };
    let today = practiceToday(scheduleCards(history, many, LOCAL_START), history, LOCAL_START, limits);
    assert.deepEqual([today.due.length, today.fresh.length, today.newLeft], [0, 20, 91]);
    assert.deepEqual(today.fresh.map((c) => c.stepId), many.slice(0, 20).map((k) => k.stepId), 'new cards come in the order given');
    // Rate the 20 new ones Good, a minute apart; the library tells when each comes due.
    const expected = new Map<string, Card>();
    today.fresh.forEach((card, i) => {
      const at = LOCAL_START + i * MINUTE;
      history = addReview(history, { ...card, at, rating: 3 });
      expected.set(card.stepId, reference.next(createEmptyCard(new Date(at)), new Date(at), Rating.Good).card);
    });
    assert.equal(newSeenToday(history, LOCAL_START + 30 * MINUTE), 20);
    for (const later of [LOCAL_START + 30 * MINUTE, LOCAL_START + 5 * 60 * MINUTE]) {
      today = practiceToday(scheduleCards(history, many, later), history, later, limits);
      assert.equal(today.fresh.length, 0, 'the day\'s new cards are used up');
      const libraryDue = [...expected.entries()].filter(([, card]) => card.due.getTime() <= later).map(([id]) => id).sort();
      assert.deepEqual(today.due.map((c) => c.stepId).sort(), libraryDue, 'due = the reviewed cards ts-fsrs says are due');
    }
    const tomorrow = new Date(2026, 0, 6, 0, 0, 1).getTime();
    today = practiceToday(scheduleCards(history, many, tomorrow), history, tomorrow, limits);
    assert.deepEqual([today.fresh.length, today.newLeft], [20, 71], 'the next local day brings 20 more');
    assert.equal(practiceToday(scheduleCards(history, many, tomorrow), history, tomorrow, { newPerDay: 0 }).fresh.length, 0, 'a limit of 0 introduces none');
    const migrated = addReview(EMPTY_HISTORY, { walkthroughId: 'sample', stepId: 's0', at: LOCAL_START, rating: 3, source: 'migrated' });
    assert.equal(newSeenToday(migrated, LOCAL_START), 0, 'migrated grades have no real date and do not use the limit');
  });

  it('undo of a rating restores the exact previous session, history and schedule, back to the first rating', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<PracticeRating>(1, 2, 3, 4), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (ratings, undos) => {
        let session = startSession('due', keys, LOCAL_START);
        let history: PracticeHistory = EMPTY_HISTORY;
        const states: { session: typeof session; history: PracticeHistory }[] = [];
        ratings.forEach((rating, i) => {
          session = reveal(session);
          const result = rate(session, rating, LOCAL_START + (i + 1) * MINUTE);
          if (!result) return; // the session is over
          states.push({ session, history });
          session = result.session;
          history = addReview(history, result.review);
        });
        for (let n = 0; n < Math.min(undos, states.length); n++) {
          const undone = undoRating(session)!;
          session = undone.session;
          history = removeReview(history, undone.review);
          const want = states[states.length - 1 - n]!;
          assert.deepEqual(session, want.session, 'the card is shown again, revealed, at the same place');
          assert.deepEqual(history, want.history);
          const at = LOCAL_START + DAY;
          assert.deepEqual(scheduleCards(history, keys, at), scheduleCards(want.history, keys, at), 'ts-fsrs state as before');
        }
        if (undos >= states.length) assert.equal(undoRating(session), undefined, 'nothing left to undo');
      }),
      { numRuns: 100 },
    );
  });

  it('buries a card until the next local day and suspends one until unsuspended; neither counts as due or new', () => {
    let history: PracticeHistory = EMPTY_HISTORY;
    history = addReview(history, { walkthroughId: 'order', stepId: 'a', at: LOCAL_START - 10 * DAY, rating: 3 });
    const now = LOCAL_START;
    const limits = (flags = NO_FLAGS): PracticeLimits => ({ newPerDay: 2, flags });
    const count = (flags = NO_FLAGS, at = now) => {
      const t = practiceToday(scheduleCards(history, keys, at), history, at, limits(flags));
      return { due: t.due.map((c) => c.stepId), fresh: t.fresh.map((c) => c.stepId) };
    };
    assert.deepEqual(count(), { due: ['a'], fresh: ['b', 'c'] });
    let flags = bury(NO_FLAGS, { walkthroughId: 'order', stepId: 'a' }, now);
    flags = bury(flags, { walkthroughId: 'order', stepId: 'b' }, now);
    assert.deepEqual(count(flags), { due: [], fresh: ['c', 'd'] }, 'a buried new card does not use the limit');
    const midnight = new Date(2026, 0, 6).getTime();
    assert.ok(isBuried(flags, { walkthroughId: 'order', stepId: 'a' }, midnight - 1));
    assert.ok(!isBuried(flags, { walkthroughId: 'order', stepId: 'a' }, midnight), 'back at the next local midnight');
    assert.deepEqual(count(flags, midnight).due, ['a']);
    flags = suspend(flags, { walkthroughId: 'order', stepId: 'a' }, now);
    assert.deepEqual(count(flags, now + 100 * DAY).due, [], 'suspended stays out');
    assert.ok(isSuspended(flags, { walkthroughId: 'order', stepId: 'a' }));
    flags = restore(flags, { walkthroughId: 'order', stepId: 'a' });
    assert.deepEqual(count(flags, now + 100 * DAY).due, ['a'], 'unsuspended, it is due again with its schedule kept');
    assert.deepEqual(parseFlags(JSON.parse(JSON.stringify(flags))), flags, 'stored and read back');
    assert.deepEqual(parseFlags({ suspended: [1], buried: { x: 'soon', y: 5 } }), { suspended: {}, buried: { y: 5 } }, 'malformed entries dropped');
    assert.deepEqual(parseFlags('nonsense'), NO_FLAGS);
    // In a session, the buried card leaves (with its Again repeats) and the next one is shown.
    let session = startSession('due', [keys[0]!, keys[1]!, keys[0]!], now);
    session = setAside(session, now);
    assert.equal(currentCard(session)!.stepId, 'b');
    assert.equal(session.queue.length, 1);
  });

  it('passes the desired retention to ts-fsrs as request_retention: higher retention, shorter intervals', () => {
    const history = [3, 3, 2, 3].reduce<PracticeHistory>((h, rating, i) => addReview(h, { walkthroughId: 'order', stepId: 'a', at: START + i * 5 * DAY, rating: rating as PracticeRating }), EMPTY_HISTORY);
    const now = START + 40 * DAY;
    for (const retention of [0.8, 0.9, 0.95]) {
      const library = fsrs({ enable_fuzz: false, request_retention: retention });
      let card = createEmptyCard(new Date(START));
      for (const review of history.reviews) card = library.next(card, new Date(review.at), review.rating as Grade).card;
      const ours = scheduleCards(history, keys, now, undefined, retention)[0]!.card;
      assert.equal(ours.due.getTime(), card.due.getTime(), `due at retention ${retention}`);
      assert.equal(previewIntervals(ours, now, retention)[3], library.repeat(card, new Date(now))[Rating.Good].card.due.getTime() - now);
    }
    const good = (r: number) => previewIntervals(scheduleCards(history, keys, now, undefined, r)[0]!.card, now, r)[3];
    assert.ok(good(0.95) < good(0.9) && good(0.9) < good(0.8), 'asking to remember more means seeing cards sooner');
    const cache = new CardStateCache();
    const first = scheduleCards(history, keys, now, cache, 0.8)[0]!.card.due.getTime();
    assert.notEqual(scheduleCards(history, keys, now, cache, 0.95)[0]!.card.due.getTime(), first, 'the cache follows a changed setting');
    assert.deepEqual([clampRetention(0.5), clampRetention(1), clampRetention('x'), clampRetention(0.85)], [0.7, 0.99, 0.9, 0.85]);
  });
});
