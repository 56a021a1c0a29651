// The practice card and the progress page as HTML (client/src/practice/practiceCardHtml.ts,
// progressHtml.ts): nothing that gives the answer away before reveal, untrusted text escaped,
// strict CSP, the charts drawn from the numbers given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPracticeCard, type PracticeQuestionModel } from '../../client/src/practice/practiceCardHtml';
import { heatLevel, renderProgress } from '../../client/src/practice/progressHtml';
import { addDays, startOfDay } from '../../client/src/practice/stats';

const resources = { cspSource: 'https://webview.example', nonce: 'n0nce', scriptUri: 'https://webview.example/s.js', styleUri: 'https://webview.example/s.css' };
const EVIL = '<img src=x onerror=alert(1)>';

const question: PracticeQuestionModel = {
  kind: 'practice',
  mode: 'due',
  walkthroughTitle: `面试主线 ${EVIL}`,
  position: 1,
  total: 3,
  followUp: false,
  question: '为什么下单成功反而返回 Rollback？',
  location: 'order_srv/handler/order.go:163',
  revealed: false,
  elapsedMs: 5_000,
};
const answer = { title: `决断：成功返回 Rollback ${EVIL}`, points: `- SECRET-POINT 半消息 ${EVIL}`, section: '2.3 事务消息的决断' };

describe('practice card', () => {
  it('the page carries the display language (CJK line breaking) and the strict CSP, like the step card', () => {
    const html = renderPracticeCard(question, { ...resources, lang: 'zh-cn' });
    assert.match(html, /<html lang="zh-cn">/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(renderPracticeCard(question, resources), /<html lang="en">/);
  });

  it('before reveal: the question, a timer and the reveal button; no title, points, memo heading or ratings', () => {
    const html = renderPracticeCard(question, resources);
    assert.match(html, /为什么下单成功反而返回 Rollback？/);
    assert.match(html, /Question 1 of 3/);
    assert.match(html, /data-action="practiceReveal" data-key=" "/);
    assert.match(html, /class="timer" data-elapsed-ms="5000"/);
    assert.ok(!html.includes('决断') && !html.includes('SECRET-POINT') && !html.includes('2.3 事务消息'), 'nothing of the answer');
    assert.ok(!/data-action="rate\d"/.test(html), 'no ratings before reveal');
    assert.ok(!html.includes('<img'), 'untrusted titles are escaped');
    assert.match(html, /default-src 'none'/);
    assert.match(html, /<script nonce="n0nce" src=/);
  });

  it('after reveal: title, points and memo heading, and the four ratings with their intervals and keys', () => {
    const html = renderPracticeCard({ ...question, revealed: true, answer, intervals: { 1: '1m', 2: '6m', 3: '10m', 4: '8d' } }, resources);
    assert.match(html, /SECRET-POINT/);
    assert.match(html, /2\.3 事务消息的决断/);
    const buttons = [...html.matchAll(/data-action="rate(\d)" data-key="(\d)"[^>]*>(\w+)<span class="interval">([^<]+)<\/span>/g)].map((m) => m.slice(1).join(' '));
    assert.deepEqual(buttons, ['1 1 Again 1m', '2 2 Hard 6m', '3 3 Good 10m', '4 4 Easy 8d']);
    assert.ok(!html.includes('<img'), 'title and points are escaped');
  });

  it('the ratings row holds the four ratings only (a 4-column row that fits 300 px); End is with the other actions', () => {
    const html = renderPracticeCard({ ...question, revealed: true, answer, intervals: { 1: '1m', 2: '6m', 3: '10m', 4: '8d' } }, resources);
    const row = /<nav class="actions ratings"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    assert.deepEqual([...row.matchAll(/data-action="(\w+)"/g)].map((m) => m[1]), ['rate1', 'rate2', 'rate3', 'rate4']);
    const secondary = /<nav class="actions card-actions">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    assert.match(secondary, /data-action="practiceEnd"/);
    assert.equal(html.match(/data-action="practiceEnd"/g)?.length, 1, 'one End button');
  });

  it('offers Undo (key U) only when there is a rating to undo, and Bury (-) and Suspend (@) on every question', () => {
    const without = renderPracticeCard(question, resources);
    assert.ok(!without.includes('data-action="practiceUndo"'), 'nothing to undo on the first question');
    assert.match(without, /data-action="practiceBury" data-key="-"/);
    assert.match(without, /data-action="practiceSuspend" data-key="@"/);
    for (const revealed of [false, true]) {
      const html = renderPracticeCard({ ...question, revealed, ...(revealed ? { answer } : {}), canUndo: true }, resources);
      assert.match(html, /data-action="practiceUndo" data-key="u"[^>]*>Undo</);
    }
    const summary = renderPracticeCard({ kind: 'practiceSummary', mode: 'due', rows: [], totalMs: 0, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, weakest: [], toReview: [], overTarget: 0, dueLeft: 2, newLeft: 20, canUndo: true }, resources);
    assert.match(summary, /data-action="practiceUndo"/, 'the last rating can be undone from the summary');
    assert.match(summary, /Practice \(2 due · 20 new\)/, 'due and new counted apart');
  });

  it('asks a step without a question by its title, and marks follow-ups and the target time', () => {
    const rest = { ...question, followUp: true, targetMs: 120_000 };
    delete (rest as Partial<PracticeQuestionModel>).question;
    const html = renderPracticeCard({ ...rest, mode: 'mock', promptTitle: 'Sell 的加锁顺序' }, resources);
    assert.match(html, /Explain this code:/);
    assert.match(html, /Sell 的加锁顺序/);
    assert.match(html, /追问/);
    assert.match(html, /data-target-ms="120000"/);
    assert.match(html, /target 2m 00s/);
  });

  it('the summary lists each answer and offers to practise the weak ones again', () => {
    const html = renderPracticeCard(
      {
        kind: 'practiceSummary',
        mode: 'mock',
        rows: [
          { walkthroughTitle: '面试主线', title: `锁 ${EVIL}`, rating: 1, durationMs: 150_000, followUp: false },
          { walkthroughTitle: '面试主线', title: '事务', rating: 4, durationMs: 30_000, followUp: true },
        ],
        totalMs: 180_000,
        counts: { 1: 1, 2: 0, 3: 0, 4: 1 },
        weakest: [{ title: '面试主线', mean: 2.5 }],
        toReview: [{ walkthroughTitle: '面试主线', title: `锁 ${EVIL}` }],
        overTarget: 1,
        targetMs: 120_000,
        dueLeft: 7,
      },
      resources,
    );
    assert.match(html, /Mock interview finished/);
    assert.match(html, /2 answered in 3m 00s — Again 1 · Easy 1/);
    assert.match(html, /<td class="over">2m 30s<\/td>/);
    assert.match(html, /Practise These Again \(1\)/);
    assert.match(html, /Practice Due Questions \(7\)/);
    assert.match(html, /mean 2\.5/);
    assert.ok(!html.includes('<img'));
    const clean = renderPracticeCard({ kind: 'practiceSummary', mode: 'due', rows: [], totalMs: 0, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, weakest: [], toReview: [], overTarget: 0, dueLeft: 0 }, resources);
    assert.ok(!clean.includes('practiceAgain') && !clean.includes('practiceDue'), 'no empty offers');
  });
});

describe('progress page', () => {
  const now = new Date(2026, 2, 4, 12).getTime();
  const days = Array.from({ length: 14 }, (_, i) => ({ day: addDays(now, i - 13), count: i === 13 ? 6 : i === 10 ? 2 : 0 }));

  it('draws one heatmap cell per day with its count, levels relative to the busiest day', () => {
    const html = renderProgress(
      { now, days, retention: [{ week: addDays(now, -7), reviews: 4, retention: 0.75 }], forecast: [{ day: startOfDay(now), count: 3 }], mastery: [{ title: `主线 ${EVIL}`, counts: { new: 1, learning: 2, mastered: 1 }, total: 4 }], due: 3, totalReviews: 8 },
      { ...resources, progressStyleUri: 'https://webview.example/p.css' },
    );
    assert.equal((html.match(/<rect class="heat/g) ?? []).length, 14);
    assert.match(html, /class="heat l4" [^>]*data-count="6"/);
    assert.match(html, /class="heat l2" [^>]*data-count="2"/);
    assert.match(html, /8 reviews on 2 days/);
    assert.match(html, />75%</);
    assert.match(html, /Practice Due Questions \(3\)/);
    assert.match(html, /<p class="due-now" data-due="3" data-new="0">3 due now · 0 new today</);
    const nowBar = html.match(/<g><rect class="bar"[^>]*><title>now: (\d+) due<\/title>/);
    assert.equal(nowBar?.[1], '3', 'the forecast\'s first bar is the due number itself');
    assert.ok(!html.includes('<img'), 'walkthrough titles escaped in the table and SVG tooltips');
    assert.match(html, /default-src 'none'/);
    assert.ok(!/https?:\/\/(?!webview\.example)/.test(html), 'no remote resources');
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => heatLevel(n, 4)), [0, 1, 2, 3, 4]);
    assert.equal(heatLevel(1, 100), 1, 'any review shows');
  });
});
