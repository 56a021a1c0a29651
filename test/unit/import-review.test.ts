/**
 * The import review page (client/src/memo/importReviewHtml.ts): every step with its references
 * (where and how they landed, a snippet), the unplaced ones with why, Keep/Drop per step, a Write
 * button, all memo text escaped; and the YAML written without the dropped steps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import type { ImportMemoResult } from '../../common/src/protocol';
import { openableReferences, renderReview, reviewSteps, withoutSteps } from '../../client/src/memo/importReviewHtml';

const YAML = `# made by import
title: memo
root: ..
steps:
  - id: sell
    title: "Sell: 加锁扣库存"
    file: inventory_srv/handler/inventory.go
    lines: 87-92
    symbol: InventoryServer.Sell
    question: "如何防止超卖？"
  - id: evil
    title: "<img src=x onerror=alert(1)>"
    file: order.go
    lines: 3
`;

const result: Pick<ImportMemoResult, 'yaml' | 'references'> = {
  yaml: YAML,
  references: [
    { memoLine: 4, kind: 'snippet', reference: 'mutex.Lock()', placed: true, how: 'snippet (fuzzy 96%)', file: 'inventory_srv/handler/inventory.go', startLine: 87, endLine: 92, symbol: 'InventoryServer.Sell', step: 'sell' },
    { memoLine: 9, kind: 'path', reference: '<script>alert(1)</script>.go', placed: true, how: 'path', file: 'order.go', startLine: 3, endLine: 3, step: 'evil' },
    { memoLine: 12, kind: 'path', reference: 'srv_conn.go', placed: false, reason: 'no file named `srv_conn.go`' },
  ],
};

const resources = { cspSource: 'vscode-resource:', nonce: 'NONCE', scriptUri: 'script.js', styleUri: 'style.css', t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) };

describe('the import review', () => {
  it('lists each step with where and how its references landed, and the unplaced ones with why', () => {
    const steps = reviewSteps(result);
    assert.deepEqual(steps.map((s) => [s.id, s.title, s.references.length]), [['sell', 'Sell: 加锁扣库存', 1], ['evil', '<img src=x onerror=alert(1)>', 1]]);
    steps[0]!.references[0]!.snippet = 'if err := mutex.Lock(); err != nil {';
    const html = renderReview({ memo: 'notes/memo.md', out: 'notes/memo.walkthrough.yaml', exists: false, steps, unplaced: result.references.filter((r) => !r.placed), dropped: new Set() }, resources);
    assert.match(html, /snippet \(fuzzy 96%\)/);
    assert.match(html, /inventory_srv\/handler\/inventory\.go:87-92/);
    assert.match(html, /InventoryServer\.Sell/);
    assert.match(html, /if err := mutex\.Lock\(\); err != nil \{/);
    assert.match(html, /no file named `srv_conn\.go`/);
    assert.match(html, /data-action="write"/);
    assert.equal((html.match(/data-action="toggle"/g) ?? []).length, 2);
    // Untrusted text is escaped; the only script is the nonce'd one.
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /script-src 'nonce-NONCE'/);
    assert.match(html, /default-src 'none'/);
  });

  it('a dropped step is marked, and the written YAML leaves it out (comments and other steps kept)', () => {
    const steps = reviewSteps(result);
    const html = renderReview({ memo: 'm.md', out: 'm.walkthrough.yaml', exists: false, steps, unplaced: [], dropped: new Set(['evil']) }, resources);
    assert.match(html, /class="review-step dropped" data-step="evil"/);
    assert.match(html, /1 of 2 steps will be written/);
    const yaml = withoutSteps(YAML, new Set(['evil']))!;
    const doc = parseDocument(yaml).toJS() as { steps: Array<{ id: string }> };
    assert.deepEqual(doc.steps.map((s) => s.id), ['sell']);
    assert.match(yaml, /^# made by import/);
    assert.equal(withoutSteps(YAML, new Set()), YAML);
    assert.equal(withoutSteps(YAML, new Set(['sell', 'evil'])), undefined);
  });

  it('with every step dropped, Write is disabled; once written, Start is offered instead', () => {
    const steps = reviewSteps(result);
    const none = renderReview({ memo: 'm.md', out: 'o.yaml', exists: false, steps, unplaced: [], dropped: new Set(['sell', 'evil']) }, resources);
    assert.match(none, /data-action="write"[^>]*disabled/);
    const written = renderReview({ memo: 'm.md', out: 'o.yaml', exists: false, steps, unplaced: [], dropped: new Set(), written: true }, resources);
    assert.doesNotMatch(written, /data-action="write"/);
    assert.match(written, /data-action="start"/);
  });

  it('every placed reference, and an unplaced one whose file is known, opens its file (by its index in openableReferences)', () => {
    const steps = reviewSteps(result);
    const unplaced = [...result.references.filter((r) => !r.placed), { memoLine: 20, kind: 'name' as const, reference: 'Reback', placed: false, file: 'inventory_srv/handler/stock.go', reason: 'declaration not found in the file' }];
    const model = { memo: 'm.md', out: 'o.yaml', exists: false, steps, unplaced, dropped: new Set<string>() };
    const openable = openableReferences(model);
    assert.deepEqual(openable.map((r) => r.reference), ['mutex.Lock()', '<script>alert(1)</script>.go', 'Reback']);
    const html = renderReview(model, resources);
    const opens = [...html.matchAll(/data-action="openReference" data-ref="(\d+)"[^>]*>([^<]*)</g)].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual(opens.map(([i]) => i), [0, 1, 2]);
    // The button says where it opens: the landed range, or the file alone.
    assert.match(String(opens[0]![1]), /inventory_srv\/handler\/inventory\.go:87-92/);
    assert.match(String(opens[2]![1]), /inventory_srv\/handler\/stock\.go/);
    // A written review still opens references.
    assert.equal((renderReview({ ...model, written: true }, resources).match(/data-action="openReference"/g) ?? []).length, 3);
  });
});
