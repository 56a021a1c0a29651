/** The quieter editor's pure decisions: tree marks, plain-text descriptions, CodeLens grouping and modes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainText } from '../../client/src/views/plainText';
import { isProblem, stepMark } from '../../client/src/views/stepMarks';
import { effectiveMode, overlapGroups } from '../../server/src/features/codeLens';

describe('tree marks', () => {
  const step = (status: string, contentOnly = false) => ({ status, contentOnly });
  const none = { visited: false, current: false };

  it('✓ means visited; an unvisited ok step gets a neutral circle, never a status icon', () => {
    assert.equal(stepMark(step('ok'), none).icon, 'circle-large-outline');
    assert.equal(stepMark(step('ok'), { visited: true, current: false }).icon, 'check');
    assert.equal(stepMark(step('ok', true), { visited: true, current: false }).icon, 'check');
    assert.equal(stepMark(step('ok'), none).problem, false);
  });

  it('marks the current step unless something is wrong with it', () => {
    assert.equal(stepMark(step('ok'), { visited: true, current: true }).icon, 'debug-stackframe');
    assert.equal(stepMark(step('stale'), { visited: true, current: true }).icon, 'warning');
  });

  it('shows a status icon exactly for moved, fuzzy, approximate, stale, missing and invalid', () => {
    for (const status of ['moved', 'fuzzy', 'approximate', 'stale', 'missing', 'invalid']) {
      const mark = stepMark(step(status), { visited: true, current: false });
      assert.equal(mark.problem, true, status);
      assert.notEqual(mark.icon, 'check', status);
      assert.ok(mark.color, status);
    }
    assert.equal(isProblem('ok', false), false);
    assert.equal(isProblem('some-future-status', false), false);
    // A step without code has no anchor to be wrong about.
    assert.equal(isProblem('missing', true), false);
  });
});

describe('plain-text descriptions for quick picks', () => {
  it('drops line breaks, backticks, emphasis and link syntax', () => {
    assert.equal(
      plainText('The order flow: `Sell` →\n`ExecuteLocalTransaction` → **CheckLocalTransaction**.\n\nSee [the memo](memo.md) and _RocketMQ_.'),
      'The order flow: Sell → ExecuteLocalTransaction → CheckLocalTransaction. See the memo and RocketMQ.',
    );
    assert.equal(plainText('# 面试主线\n- 下单\n- 库存\n1. 归还'), '面试主线 下单 库存 归还');
    assert.equal(plainText('```go\nfunc A() {}\n```'), 'func A() {}');
    assert.doesNotMatch(plainText('a\r\nb\u2028c'), /[\r\n`]/);
    assert.equal(plainText('snake_case_name and 2*3*4'), 'snake_case_name and 2*3*4');
  });
});

describe('CodeLens grouping and modes', () => {
  const r = (start: number, end: number) => ({ start, end });

  it('groups overlapping ranges (also through a chain), keeps disjoint ones apart', () => {
    assert.deepEqual(overlapGroups([r(10, 20), r(12, 14), r(30, 31), r(20, 25), r(26, 26)]), [[r(10, 20), r(12, 14), r(20, 25)], [r(26, 26)], [r(30, 31)]]);
    assert.deepEqual(overlapGroups([]), []);
    assert.deepEqual(overlapGroups([r(5, 5), r(5, 5)]), [[r(5, 5), r(5, 5)]]);
  });

  it('summary becomes the tour view while a tour runs; activeTour shows nothing without one', () => {
    assert.equal(effectiveMode('summary', undefined), 'summary');
    assert.equal(effectiveMode('summary', 'order-flow'), 'tour');
    assert.equal(effectiveMode('activeTour', 'order-flow'), 'tour');
    assert.equal(effectiveMode('activeTour', undefined), 'off');
    assert.equal(effectiveMode('all', 'order-flow'), 'all');
    assert.equal(effectiveMode('off', 'order-flow'), 'off');
  });
});
