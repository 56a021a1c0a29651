// What is left of the old rehearsal mode (rehearsal is now a practice session, practice/): the
// grades it stored are read back for the one-time migration, and the step card itself never hides
// the talking points or offers the old self-grades.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepContent } from '../../common/src/protocol';
import { markVisited, parseProgressState, resetProgress } from '../../client/src/tour/progress';
import { renderStepCard } from '../../client/src/views/stepCardHtml';
import { translator } from '../../common/src/plural';

const resources = { cspSource: 'https://webview.example', nonce: 'n0nce', scriptUri: 'https://webview.example/s.js', styleUri: 'https://webview.example/s.css', t: translator({}) };

const content: StepContent = {
  walkthrough: { id: 'core', title: '面试主线', uri: 'file:///w/core.walkthrough.yaml' },
  step: { id: 'tx', index: 1, title: '锁内开启事务', status: 'ok', uri: 'file:///w/inventory.go', range: { startLine: 82, endLine: 83 }, contentOnly: false },
  position: 2,
  total: 4,
  question: '为什么事务要开在锁里面？',
  points: '- SECRET-POINT: 查、扣、记流水在锁的保护下成为一个整体',
  section: { heading: '1.3 锁内开启本地事务', uri: 'file:///w/memo.md', line: 40 },
  previous: { id: 'lock', title: 'lock' },
  next: { id: 'commit', title: 'commit' },
};

describe('old rehearsal grades', () => {
  it('survives a round trip through storage and drops malformed grades; reset clears them', () => {
    const parsed = parseProgressState({ core: { visited: ['lock'], grades: { lock: 'known', tx: 'maybe', commit: 3 } } });
    assert.deepEqual(parsed.core!.grades, { lock: 'known' });
    assert.deepEqual(resetProgress(parsed, 'core'), {});
  });

  it('keeps stored grades when a step is visited, so the migration still finds them', () => {
    const parsed = parseProgressState({ core: { visited: [], grades: { lock: 'review' } } });
    assert.deepEqual(markVisited(parsed, 'core', 'tx').core, { visited: ['tx'], lastStepId: 'tx', grades: { lock: 'review' } });
  });
});

describe('step card', () => {
  it('shows the talking points at once, without the old reveal and grade buttons', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 2 }, resources);
    assert.match(html, /SECRET-POINT/);
    assert.doesNotMatch(html, /data-action="(showAnswer|gradeKnown|gradeReview)"/);
  });
});
