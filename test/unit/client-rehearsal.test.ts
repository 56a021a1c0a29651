// Rehearsal mode's pure parts: grades in the progress state, which step comes next, and a card
// that keeps the talking points hidden until the user asks for them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepContent } from '../../server/src/protocol';
import { gradeCounts, gradeLabel, markGrade, markVisited, nextRehearsalIndex, parseProgressState, resetProgress } from '../../client/src/tour/progress';
import { renderStepCard } from '../../client/src/views/stepCardHtml';
import { translator } from '../../server/src/core/plural';

const steps = [{ id: 'lock' }, { id: 'tx' }, { id: 'commit' }, { id: 'unlock' }];
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

describe('rehearsal grades', () => {
  it('records the latest grade per step and keeps visits and position', () => {
    let state = markVisited({}, 'core', 'lock');
    state = markGrade(state, 'core', 'lock', 'review');
    state = markGrade(state, 'core', 'tx', 'known');
    state = markGrade(state, 'core', 'lock', 'known');
    state = markVisited(state, 'core', 'tx');
    assert.deepEqual(state.core, { visited: ['lock', 'tx'], lastStepId: 'tx', grades: { lock: 'known', tx: 'known' } });
    assert.deepEqual(gradeCounts(state.core, steps), { known: 2, review: 0 });
  });

  it('counts only current steps, and labels nothing before the first rehearsal', () => {
    const state = markGrade(markGrade({}, 'core', 'gone', 'review'), 'core', 'commit', 'review');
    assert.deepEqual(gradeCounts(state.core, steps), { known: 0, review: 1 });
    assert.equal(gradeLabel(state.core, steps), '✓ 0 · ↻ 1');
    assert.equal(gradeLabel(undefined, steps), '');
  });

  it('moves to the next step, or to the next one marked for review', () => {
    const state = markGrade(markGrade({}, 'core', 'tx', 'review'), 'core', 'unlock', 'review');
    assert.equal(nextRehearsalIndex(state.core, steps, 0, false), 1);
    assert.equal(nextRehearsalIndex(state.core, steps, -1, true), 1);
    assert.equal(nextRehearsalIndex(state.core, steps, 1, true), 3);
    assert.equal(nextRehearsalIndex(state.core, steps, 3, true), undefined);
    assert.equal(nextRehearsalIndex(state.core, steps, 3, false), undefined);
  });

  it('survives a round trip through storage and drops malformed grades; reset clears them', () => {
    const parsed = parseProgressState({ core: { visited: ['lock'], grades: { lock: 'known', tx: 'maybe', commit: 3 } } });
    assert.deepEqual(parsed.core!.grades, { lock: 'known' });
    assert.deepEqual(resetProgress(parsed, 'core'), {});
  });
});

describe('rehearsal step card', () => {
  it('before revealing: the question and a prompt, no talking points, no memo link', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 2, rehearsal: { revealed: false } }, resources);
    assert.match(html, /为什么事务要开在锁里面/);
    assert.match(html, /data-action="showAnswer"/);
    assert.doesNotMatch(html, /SECRET-POINT/);
    assert.doesNotMatch(html, /data-action="openSection"/);
    assert.doesNotMatch(html, /data-action="gradeKnown"/);
  });

  it('after revealing: the talking points and the two grades, with last time\'s grade', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 2, rehearsal: { revealed: true, grade: 'review' } }, resources);
    assert.match(html, /SECRET-POINT/);
    assert.match(html, /data-action="gradeKnown"/);
    assert.match(html, /data-action="gradeReview"/);
    assert.match(html, /last time: review again/);
    assert.doesNotMatch(html, /data-action="showAnswer"/);
  });

  it('a step without a question asks the user to explain the code', () => {
    const { question: _q, ...withoutQuestion } = content;
    const html = renderStepCard({ kind: 'step', content: withoutQuestion, visited: 0, rehearsal: { revealed: false } }, resources);
    assert.match(html, /Explain this code aloud/);
  });

  it('outside rehearsal the card shows the talking points at once', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 2 }, resources);
    assert.match(html, /SECRET-POINT/);
    assert.doesNotMatch(html, /data-action="showAnswer"/);
  });
});
