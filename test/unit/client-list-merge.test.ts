import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { merge } from '../../client/src/listMerge';
import type { WalkthroughSummary } from '../../common/src/protocol';

const w = (uri: string, title = uri): WalkthroughSummary => ({ id: uri, title, uri, primary: false, steps: [] });

describe('merging a walkthroughs/didChange delta into the client list', () => {
  it('replaces refetched walkthroughs in place, keeps the others and their order', () => {
    const merged = merge([w('a'), w('b'), w('c')], [w('b', 'B2')], ['b'], new Set());
    assert.deepEqual(merged.map((x) => x.title), ['a', 'B2', 'c']);
  });

  it('drops removed ones and ones asked for that the server no longer has', () => {
    const merged = merge([w('a'), w('b'), w('c')], [], ['c'], new Set(['a']));
    assert.deepEqual(merged.map((x) => x.uri), ['b']);
  });

  it('appends a walkthrough it did not have', () => {
    const merged = merge([w('a')], [w('z')], ['z'], new Set());
    assert.deepEqual(merged.map((x) => x.uri), ['a', 'z']);
  });
});
