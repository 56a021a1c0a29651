/**
 * Practice rehearses only what is true (client/src/practice/confirmation.ts): steps in doubt wait
 * for the user's confirmation, a confirmation holds only for what was confirmed, landed copies come
 * after the user's own walkthroughs and their new cards do not join the due count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepSummary, WalkthroughSummary } from '../../common/src/protocol';
import { cardId } from '../../client/src/practice/history';
import { countsAsDue, doubtOf, landedInFunction, fingerprint, isLandedCopy, practiceOrder, splitForPractice, waitsForConfirmation } from '../../client/src/practice/confirmation';

function step(id: string, over: Partial<StepSummary> = {}): StepSummary {
  return { id, index: 0, title: id, status: 'ok', contentOnly: false, uri: 'file:///ws/a.go', range: { startLine: 1, endLine: 2 }, ...over };
}

function walkthrough(id: string, uri: string, steps: StepSummary[]): WalkthroughSummary {
  return { id, title: id, uri, primary: false, steps };
}

describe('confirmation before practice', () => {
  it('a step is in doubt when it did not land exactly or its points name code that is not there', () => {
    assert.equal(doubtOf(step('a')), undefined);
    assert.equal(doubtOf(step('a', { status: 'moved' })), undefined);
    for (const status of ['fuzzy', 'approximate', 'stale', 'missing'] as const) assert.equal(doubtOf(step('a', { status })), 'place', status);
    assert.equal(doubtOf(step('a', { unconfirmed: ['`mutex.LockContext(ctx)`'] })), 'claims');
    assert.equal(doubtOf(step('a', { contentOnly: true, status: 'ok', uri: undefined })), undefined);
  });

  it('a confirmation holds for what was confirmed: a new claim or status asks again', () => {
    const doubtful = step('s', { status: 'approximate', unconfirmed: ['`a.b()`'] });
    assert.equal(waitsForConfirmation('w', doubtful, {}), true);
    assert.deepEqual(splitForPractice([walkthrough('w', 'file:///ws/w.walkthrough.yaml', [doubtful])], {}).waiting, [{ walkthroughId: 'w', stepId: 's' }]);
    const byId = (print: string) => ({ [cardIdOf('w', 's')]: print });
    assert.equal(waitsForConfirmation('w', doubtful, byId(fingerprint(doubtful))), false);
    assert.equal(waitsForConfirmation('w', { ...doubtful, unconfirmed: ['`a.b()`', '`c()`'] }, byId(fingerprint(doubtful))), true);
    assert.equal(waitsForConfirmation('w', { ...doubtful, status: 'fuzzy' }, byId(fingerprint(doubtful))), true);
    // Another step's confirmation is not this one's.
    assert.equal(waitsForConfirmation('w', { ...doubtful, id: 't' }, byId(fingerprint(doubtful))), true);
  });

  it('landed copies are the folders Apply Bundled Walkthroughs writes, and come after the user\'s own', () => {
    const own = walkthrough('memo', 'file:///ws/notes/memo.walkthrough.yaml', [step('a')]);
    const copy = walkthrough('interview-core', 'file:///ws/code-walkthroughs/interview-core.walkthrough.yaml', [step('b')]);
    const copy2 = walkthrough('overselling', 'file:///ws/code-walkthroughs-2/overselling.walkthrough.yaml', [step('c')]);
    assert.equal(isLandedCopy(own), false);
    assert.equal(isLandedCopy(copy), true);
    assert.equal(isLandedCopy(copy2), true);
    assert.equal(isLandedCopy(walkthrough('x', 'file:///ws/my-code-walkthroughs/x.walkthrough.yaml', [])), false);
    assert.deepEqual(practiceOrder([copy, own, copy2]).map((w) => w.id), ['memo', 'interview-core', 'overselling']);
    assert.deepEqual(splitForPractice([copy, own], {}).cards.map((c) => c.walkthroughId), ['memo', 'interview-core']);
    assert.equal(countsAsDue(copy, false), false);
    assert.equal(countsAsDue(copy, true), true);
    assert.equal(countsAsDue(own, false), true);
  });

  it('applying many landed copies does not multiply what is due, and every step in doubt waits', () => {
    const own = walkthrough('memo', 'file:///ws/notes/memo.walkthrough.yaml', [step('a'), step('b', { status: 'fuzzy' }), step('c')]);
    const copies = Array.from({ length: 9 }, (_, i) =>
      walkthrough(`t${i}`, `file:///ws/code-walkthroughs/t${i}.walkthrough.yaml`, Array.from({ length: 12 }, (_, j) => step(`s${j}`, j % 4 === 0 ? { unconfirmed: ['`x.y()`'] } : {}))),
    );
    const split = splitForPractice([...copies, own], {});
    assert.equal(split.waiting.length, 1 + 9 * 3);
    const byId = new Map([...copies, own].map((w) => [w.id, w]));
    const dueNew = split.cards.filter((c) => countsAsDue(byId.get(c.walkthroughId)!, false));
    assert.deepEqual(dueNew.map((c) => `${c.walkthroughId}/${c.stepId}`), ['memo/a', 'memo/c']);
  });
});

describe('bulk acceptance', () => {
  it('accepts steps that landed in their function, never steps with claims or not found', () => {
    assert.equal(landedInFunction(step('a', { status: 'approximate' })), true);
    assert.equal(landedInFunction(step('a', { status: 'fuzzy' })), true);
    assert.equal(landedInFunction(step('a', { status: 'approximate', unconfirmed: ['`x()`'] })), false);
    assert.equal(landedInFunction(step('a', { status: 'stale', range: undefined })), false);
    assert.equal(landedInFunction(step('a', { status: 'missing', range: undefined, uri: undefined })), false);
    assert.equal(landedInFunction(step('a')), false);
  });
});

function cardIdOf(walkthroughId: string, stepId: string): string {
  return cardId({ walkthroughId, stepId });
}
