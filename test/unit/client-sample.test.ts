// Pure helpers behind "Open Sample Repository" and "Apply Bundled Walkthroughs to This Folder".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WalkthroughSummary } from '../../common/src/protocol';
import { closestMatch, copiesIn, LANDING_TEXT, landingCounts, landingKind, needsAttention } from '../../client/src/sample/landingReport';
import { chooseFreeFolderName, pendingStartAction } from '../../client/src/sample/sampleFolder';

describe('client sample helpers', () => {
  it('never picks a non-empty folder', async () => {
    const states: Record<string, 'missing' | 'empty' | 'used'> = { s: 'used', 's-2': 'used', 's-3': 'empty' };
    assert.equal(await chooseFreeFolderName('s', async (n) => states[n] ?? 'missing'), 's-3');
    assert.equal(await chooseFreeFolderName('t', async () => 'missing'), 't');
    assert.equal(await chooseFreeFolderName('u', async () => 'used', 3), undefined);
  });

  it('matches the pending tour intent to the opened folder while it is fresh', () => {
    const now = 1_000_000_000;
    const pending = { folder: 'file:///tmp/code-walkthroughs-sample', at: now - 5_000 };
    assert.equal(pendingStartAction(pending, ['file:///tmp/code-walkthroughs-sample/'], now), 'start');
    assert.equal(pendingStartAction(pending, ['file:///tmp/other'], now), 'keep');
    assert.equal(pendingStartAction({ ...pending, at: now - 3_600_000 }, ['file:///tmp/code-walkthroughs-sample'], now), 'drop');
    assert.equal(pendingStartAction('junk', ['file:///tmp/code-walkthroughs-sample'], now), 'drop');
  });

  it('the landing report tells exact landings from guesses and says where the closest match is', () => {
    const walkthroughs: WalkthroughSummary[] = [
      {
        id: 'order',
        title: '下单链路',
        uri: 'file:///repo/code-walkthroughs/order.walkthrough.yaml',
        primary: true,
        steps: [
          { id: 'a', index: 0, title: 'Sell', status: 'moved', uri: 'file:///repo/inventory_srv/handler.go', range: { startLine: 9, endLine: 20 }, contentOnly: false },
          { id: 'b', index: 1, title: 'Gone', status: 'missing', statusMessage: 'file not found: x.go', contentOnly: false },
          { id: 'c', index: 2, title: 'Intro', status: 'ok', contentOnly: true },
          { id: 'd', index: 3, title: 'Guess', status: 'approximate', uri: 'file:///repo/a.go', range: { startLine: 4, endLine: 6 }, contentOnly: false },
          { id: 'e', index: 4, title: 'Stale', status: 'stale', uri: 'file:///repo/a.go', closest: { startLine: 30, endLine: 31 }, contentOnly: false },
          { id: 'f', index: 5, title: 'Close', status: 'fuzzy', uri: 'file:///repo/a.go', range: { startLine: 1, endLine: 1 }, contentOnly: false },
        ],
      },
      { id: 'elsewhere', title: 'x', uri: 'file:///repo/walkthroughs/x.walkthrough.yaml', primary: false, steps: [] },
    ];
    const counts = landingCounts(walkthroughs);
    assert.deepEqual(counts, { code: 5, exact: 1, close: 1, guess: 1, notFound: 2 });
    assert.equal(LANDING_TEXT.summary(counts), '1 of 5 code steps landed exactly · 1 similar · 1 approximate · 2 not found');
    // Points that name code the checkout does not have are counted too.
    const withClaims = [{ ...walkthroughs[0]!, steps: walkthroughs[0]!.steps.map((s) => (s.id === 'a' ? { ...s, unconfirmed: ['`mutex.LockContext(ctx)`'] } : s)) }];
    assert.equal(landingCounts(withClaims).claims, 1);
    assert.equal(LANDING_TEXT.summary(landingCounts(withClaims)), '1 of 5 code steps landed exactly · 1 similar · 1 approximate · 2 not found · 1 step with points not in your code');
    const steps = walkthroughs[0]!.steps;
    assert.deepEqual(steps.filter(needsAttention).map((s) => s.id), ['b', 'd', 'e', 'f']);
    assert.equal(landingKind(steps[2]!), 'talk');
    assert.deepEqual(closestMatch(steps[3]!), { uri: 'file:///repo/a.go', range: { startLine: 4, endLine: 6 } });
    assert.deepEqual(closestMatch(steps[4]!), { uri: 'file:///repo/a.go', range: { startLine: 30, endLine: 31 } }, 'a stale step goes to its closest lines');
    assert.equal(closestMatch(steps[1]!), undefined);
    assert.deepEqual(copiesIn(walkthroughs, 'file:///repo/code-walkthroughs').map((w) => w.id), ['order']);
    assert.deepEqual(copiesIn(walkthroughs, 'file:///repo/code-walkthroughs/').map((w) => w.id), ['order']);
  });
});
