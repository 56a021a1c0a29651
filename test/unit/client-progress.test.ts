// Tour progress bookkeeping (client/src/tour/progress.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  markVisited,
  parseProgressState,
  progressLabel,
  resetProgress,
  resumeIndex,
  visitedCount,
} from '../../client/src/tour/progress';

const steps = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id }));

describe('client progress', () => {
  it('counts visited steps once and remembers the last one', () => {
    let state = markVisited({}, 'w', 'a');
    state = markVisited(state, 'w', 'b');
    state = markVisited(state, 'w', 'a');
    state = markVisited(state, 'w', 'c');
    assert.deepEqual(state.w, { visited: ['a', 'b', 'c'], lastStepId: 'c' });
    assert.equal(progressLabel(state.w, steps), '3/6');
    assert.equal(resumeIndex(state.w, steps), 2);
  });

  it('does not mutate the previous state', () => {
    const before = markVisited({}, 'w', 'a');
    const after = markVisited(before, 'w', 'b');
    assert.deepEqual(before.w!.visited, ['a']);
    assert.deepEqual(after.w!.visited, ['a', 'b']);
  });

  it('ignores visited steps that no longer exist and resumes at the start when the last one is gone', () => {
    const progress = { visited: ['a', 'gone', 'b'], lastStepId: 'gone' };
    assert.equal(visitedCount(progress, steps), 2);
    assert.equal(resumeIndex(progress, steps), 0);
    assert.equal(progressLabel(undefined, steps), '0/6');
    assert.equal(resumeIndex(undefined, steps), 0);
  });

  it('resets one walkthrough or all', () => {
    const state = markVisited(markVisited({}, 'w', 'a'), 'v', 'b');
    assert.deepEqual(Object.keys(resetProgress(state, 'w')), ['v']);
    assert.deepEqual(resetProgress(state), {});
  });

  it('parses stored values defensively', () => {
    assert.deepEqual(parseProgressState(undefined), {});
    assert.deepEqual(parseProgressState('junk'), {});
    assert.deepEqual(parseProgressState({ w: { visited: ['a', 3, null], lastStepId: 7 }, x: 5 }), { w: { visited: ['a'] } });
    assert.deepEqual(parseProgressState({ w: { visited: ['a'], lastStepId: 'a' } }), { w: { visited: ['a'], lastStepId: 'a' } });
  });
});
