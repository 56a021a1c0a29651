// `practice: false` (a review walkthrough): read once, not rehearsed. The key is parsed and typed,
// written by the review generator, carried in the summary, and its never-reviewed cards do not
// count toward the due and new numbers (they can still be rehearsed on purpose).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepSummary, WalkthroughSummary } from '../../common/src/protocol';
import { countsAsDue } from '../../client/src/practice/confirmation';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { renderReview } from '../../server/src/core/review/reviewWalkthrough';
import { summarizeWalkthrough } from '../../server/src/features/walkthroughList';
import { loadWorkspace, WS } from './helpers';

const step = (id: string): StepSummary => ({ id, index: 0, title: id, status: 'ok', contentOnly: false, uri: 'file:///ws/a.go', range: { startLine: 1, endLine: 2 } });
const summary = (over: Partial<WalkthroughSummary>): WalkthroughSummary => ({ id: 'w', title: 'w', uri: 'file:///ws/w.walkthrough.yaml', primary: false, steps: [step('a')], ...over });

describe('practice: false', () => {
  it('is read as a boolean, true by default, and a wrong type is an invalid-type error at the value', () => {
    assert.equal(parseWalkthrough('/w/a.walkthrough.yaml', 'title: A\nsteps: []\n').practice, true);
    assert.equal(parseWalkthrough('/w/a.walkthrough.yaml', 'title: A\npractice: false\nsteps: []\n').practice, false);
    const wrong = parseWalkthrough('/w/a.walkthrough.yaml', 'title: A\npractice: "no"\nsteps: []\n');
    const d = wrong.diagnostics.find((x) => x.code === 'invalid-type');
    assert.ok(d && d.message.includes('`practice`'), JSON.stringify(wrong.diagnostics));
    assert.equal(d.range.start.line, 1);
    assert.equal(wrong.diagnostics.some((x) => x.code === 'unknown-key'), false);
  });

  it('review walkthroughs are written with it, and it reaches the summary the client counts with', async () => {
    const text = renderReview('Review: feature (since main)', [{ id: 'review-a-go-sell', title: 'Sell', file: 'a.go', lines: '3', anchor: 'func Sell() {}' }]);
    assert.match(text, /^practice: false$/m);
    const { engine } = await loadWorkspace({ 'review.walkthrough.yaml': text, 'a.go': 'package a\n\nfunc Sell() {}\n', 'own.walkthrough.yaml': 'title: Own\nsteps:\n  - file: a.go\n    lines: 3\n    anchor: func Sell() {}\n' });
    const review = engine.get(`${WS}/review.walkthrough.yaml`)!;
    assert.deepEqual(review.spec.diagnostics, []);
    assert.equal(summarizeWalkthrough(review).practice, false);
    assert.equal('practice' in summarizeWalkthrough(engine.get(`${WS}/own.walkthrough.yaml`)!), false);
  });

  it('its never-reviewed cards do not count as due or new; once rehearsed they are scheduled', () => {
    assert.equal(countsAsDue(summary({ practice: false }), false), false);
    assert.equal(countsAsDue(summary({ practice: false }), true), true);
    assert.equal(countsAsDue(summary({}), false), true);
  });
});
