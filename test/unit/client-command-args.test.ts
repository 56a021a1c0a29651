/** How commands read their arguments: ids from links and other views, or the tree node of a menu. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stepIdsOf, walkthroughIdOf } from '../../client/src/commandArgs';

const walkthrough = { id: 'order-flow', title: 'Order' };
const step = { id: 'sell', title: 'Sell' };

describe('command arguments', () => {
  it('a walkthrough id: given, or the walkthrough of any tree row', () => {
    assert.equal(walkthroughIdOf('order-flow'), 'order-flow');
    assert.equal(walkthroughIdOf({ kind: 'walkthrough', walkthrough }), 'order-flow');
    assert.equal(walkthroughIdOf({ kind: 'step', walkthrough, step }), 'order-flow');
    for (const bad of [undefined, null, 3, {}, { walkthrough: {} }, { walkthrough: { id: 7 } }, { walkthrough: null }]) assert.equal(walkthroughIdOf(bad), undefined, JSON.stringify(bad));
  });

  it('step ids: a pair of strings, or a row that has a walkthrough and a step', () => {
    assert.deepEqual(stepIdsOf(['order-flow', 'sell']), { walkthroughId: 'order-flow', stepId: 'sell' });
    assert.deepEqual(stepIdsOf([{ kind: 'step', walkthrough, step }]), { walkthroughId: 'order-flow', stepId: 'sell' });
    // The landing report's action rows carry the step too.
    assert.deepEqual(stepIdsOf([{ kind: 'action', action: 'closest', walkthrough, step }]), { walkthroughId: 'order-flow', stepId: 'sell' });
    for (const bad of [[], ['order-flow'], ['order-flow', 2], [{ kind: 'walkthrough', walkthrough }], [{ walkthrough, step: { id: 1 } }], [{ step }]]) assert.equal(stepIdsOf(bad), undefined, JSON.stringify(bad));
  });
});
