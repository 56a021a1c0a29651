/**
 * The Landing Report page (client/src/sample/landingReportHtml.ts): counts at the top, each
 * walkthrough's steps grouped by the declaration they landed in, how each landed, the claims check,
 * per-step and bulk actions, a Write button that stays; untrusted text escaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepSummary } from '../../common/src/protocol';
import { groupSteps, renderLandingReport, reportCounts, type LandingReportModel, type ReportStep } from '../../client/src/sample/landingReportHtml';

const resources = { cspSource: 'vscode-resource:', nonce: 'NONCE', scriptUri: 'script.js', styleUri: 'style.css', t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) };

function row(id: string, index: number, status: StepSummary['status'], extra: Omit<Partial<ReportStep>, 'step'> & { step?: Partial<StepSummary> } = {}): ReportStep {
  const { step, ...rest } = extra;
  return {
    step: { id, index, title: `step ${id}`, status, contentOnly: false, uri: 'file:///w/a.go', range: { startLine: 1, endLine: 2 }, ...step },
    where: 'a.go:2-3',
    toCheck: false,
    accepted: false,
    dropped: false,
    landedInFunction: false,
    ...rest,
  };
}

function model(written = false): LandingReportModel {
  return {
    target: 'shop',
    folder: 'code-walkthroughs',
    written,
    walkthroughs: [
      {
        id: 'core',
        title: 'Core <b>tour</b>',
        skipped: false,
        steps: [
          row('lock', 0, 'fuzzy', { declaration: 'InventoryServer.Sell', toCheck: true, step: { unconfirmed: ['`mutex.LockContext(ctx)`'], statusMessage: 'closest match at line 2 (96% similar).' } }),
          row('begin', 1, 'approximate', { declaration: 'InventoryServer.Sell', toCheck: true, landedInFunction: true, step: { statusMessage: 'closest lines in `Sell`: line 4 (71% similar).' } }),
          row('reback', 2, 'ok', { declaration: 'AutoReback', where: 'b.go:9' }),
          row('talk', 3, 'ok', { where: undefined, step: { contentOnly: true, uri: undefined, range: undefined } }),
          row('sell-2', 4, 'ok', { declaration: 'InventoryServer.Sell' }),
        ],
      },
      { id: 'other', title: 'Other', skipped: true, steps: [row('x', 0, 'stale', { toCheck: true, where: 'c.go:1' })] },
    ],
  };
}

describe('the landing report page', () => {
  it('groups steps by declaration in step order, then by file, then talking points', () => {
    const groups = groupSteps(model().walkthroughs[0]!.steps);
    assert.deepEqual(groups.map((g) => [g.kind, g.declaration, g.file, g.steps.map((s) => s.step.id)]), [
      ['declaration', 'InventoryServer.Sell', 'a.go', ['lock', 'begin', 'sell-2']],
      ['declaration', 'AutoReback', 'b.go', ['reback']],
      ['talk', undefined, undefined, ['talk']],
    ]);
    assert.deepEqual(groupSteps([row('a', 0, 'ok', { where: 'x/y.go:3-4' }), row('b', 1, 'ok', { where: 'x/y.go:9' })]).map((g) => [g.kind, g.file]), [['file', 'x/y.go']]);
    // The same name in two files is two groups.
    assert.equal(groupSteps([row('a', 0, 'ok', { declaration: 'InitSrvConn', where: 'order_srv/conn.go:3' }), row('b', 1, 'ok', { declaration: 'InitSrvConn', where: 'order_web/conn.go:9' })]).length, 2);
  });

  it('counts only what will be written: skipped walkthroughs and dropped steps are out', () => {
    const m = model();
    assert.deepEqual(reportCounts(m), { steps: 5, toCheck: 2, claims: 1, claimSteps: 1 });
    m.walkthroughs[0]!.steps[0]!.dropped = true;
    assert.deepEqual(reportCounts(m), { steps: 4, toCheck: 1, claims: 0, claimSteps: 0 });
    m.walkthroughs[1]!.skipped = false;
    assert.equal(reportCounts(m).toCheck, 2);
  });

  it('shows where and how each step landed, the claims, the actions and a Write button; all escaped', () => {
    const html = renderLandingReport(model(), resources);
    assert.match(html, /Steps: 5<\/span> · <span data-count="to-check">To check: 2<\/span> · <span data-count="claims">Points not in your code: 1 \(steps: 1\)/);
    assert.match(html, /<h3><code>InventoryServer\.Sell<\/code><span class="file"><span class="segment">a\.go<\/span><\/span><\/h3>/);
    assert.match(html, /<body class="roomy landing" data-keep-scroll>/);
    assert.match(html, /96% similar/);
    assert.match(html, /<code class="where"><span class="segment">a\.go:2-3<\/span><\/code>/);
    assert.match(html, /not in your code: `mutex\.LockContext\(ctx\)`/);
    assert.match(html, /data-action="write"[^>]*>Write Walkthroughs into code-walkthroughs\/ \(1\)</);
    // Bulk: one step of core landed in its function; the skipped walkthrough can be included again.
    assert.match(html, /data-action="acceptLanded" data-walkthrough="core"[^>]*>Accept Steps That Landed in Their Function \(1\)</);
    assert.match(html, /data-action="skip" data-walkthrough="other"[^>]*>Include This Walkthrough</);
    assert.match(html, /data-action="skip" data-walkthrough="core"[^>]*>Skip This Walkthrough</);
    // Per step: a step to check has Looks Right and Drop; Use This Location waits for the copy.
    assert.match(html, /data-action="looksRight" data-walkthrough="core" data-step="lock"/);
    assert.match(html, /data-action="drop" data-walkthrough="core" data-step="lock"/);
    assert.match(html, /data-action="open" data-walkthrough="core" data-step="reback"[^>]*>Open</);
    assert.doesNotMatch(html, /data-action="useLocation"/);
    assert.doesNotMatch(html, /data-step="talk"[^>]*data-action|data-action="open"[^>]*data-step="talk"/);
    // The skipped walkthrough lists no steps.
    assert.doesNotMatch(html, /data-step="x"/);
    assert.doesNotMatch(html, /<b>tour/);
    assert.match(html, /Core &lt;b&gt;tour&lt;\/b&gt;/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /default-src 'none'/);
  });

  it('once written: Start instead of Write, Use This Location on steps that did not land exactly, no skip or drop', () => {
    const html = renderLandingReport(model(true), resources);
    assert.doesNotMatch(html, /data-action="write"/);
    assert.match(html, /data-action="start"/);
    assert.match(html, /data-action="useLocation" data-walkthrough="core" data-step="begin"/);
    assert.doesNotMatch(html, /data-action="(skip|drop)"/);
    const none = model();
    for (const w of none.walkthroughs) w.skipped = true;
    assert.match(renderLandingReport(none, resources), /data-action="write"[^>]*disabled/);
  });
});
