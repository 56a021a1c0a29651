// Step card HTML (client/src/views/stepCardHtml.ts): untrusted markdown is rendered without HTML,
// links are limited to http(s) and file:, and the page has a strict CSP with a nonce.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepContent } from '../../common/src/protocol';
import { isAllowedLink, renderMarkdown } from '../../client/src/views/markdown';
import { renderStepCard } from '../../client/src/views/stepCardHtml';
import { translator } from '../../common/src/plural';

const resources = {
  cspSource: 'https://webview.example',
  nonce: 'abc123',
  scriptUri: 'https://webview.example/media/stepCard.js',
  styleUri: 'https://webview.example/media/stepCard.css',
  t: translator({}),
};

function content(overrides: Partial<StepContent> = {}): StepContent {
  return {
    walkthrough: { id: 'order', title: '下单链路', uri: 'file:///w/order.walkthrough.yaml' },
    step: {
      id: 'sell',
      index: 2,
      title: 'Sell: 加锁扣库存',
      status: 'ok',
      uri: 'file:///w/inventory_srv/handler/inventory.go',
      range: { startLine: 41, endLine: 60 },
      contentOnly: false,
    },
    position: 3,
    total: 6,
    question: 'Why lock **before** reading the stock?',
    points: '- Redis lock per goods id\n- See <script>alert(1)</script>',
    previous: { id: 'reserve', title: 'Reserve' },
    next: { id: 'execute', title: 'ExecuteLocalTransaction' },
    ...overrides,
  };
}

describe('client step card', () => {
  it('escapes raw HTML in markdown (html: false)', () => {
    const html = renderMarkdown('before <script>alert(1)</script> <img src=x onerror=alert(1)> after');
    assert.ok(!html.includes('<script'), html);
    assert.ok(!html.includes('<img'), html);
    assert.ok(html.includes('&lt;script&gt;'), html);
  });

  it('keeps http(s) and file links, drops command:, javascript: and data: links', () => {
    const html = renderMarkdown(
      '[web](https://example.com/a) [file](file:///w/memo.md) [cmd](command:workbench.action.terminal.new) [js](javascript:alert(1)) [data](data:text/html,x) [rel](../memo.md)',
    );
    assert.match(html, /href="https:\/\/example\.com\/a"/);
    assert.match(html, /href="file:\/\/\/w\/memo\.md"/);
    assert.ok(!/href="command:/i.test(html), html);
    assert.ok(!/href="javascript:/i.test(html), html);
    assert.ok(!/href="data:/i.test(html), html);
    assert.ok(!html.includes('href="../memo.md"'), html);
    assert.equal(isAllowedLink('COMMAND:x'), false);
    assert.equal(isAllowedLink(' https://x'), true);
  });

  it('does not load images', () => {
    const html = renderMarkdown('![tracker](https://evil.example/pixel.png)');
    assert.ok(!html.includes('<img'), html);
  });

  it('linkifies bare URLs', () => {
    assert.match(renderMarkdown('see https://example.com/docs'), /<a href="https:\/\/example\.com\/docs"/);
  });

  it('renders title, position, question, talking points and navigation with a strict CSP', () => {
    const html = renderStepCard({ kind: 'step', content: content(), location: 'inventory_srv/handler/inventory.go:42', visited: 3 }, resources);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'nonce-abc123'/);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
    assert.match(html, /Sell: 加锁扣库存/);
    assert.match(html, /3 \/ 6/);
    assert.match(html, /<strong>before<\/strong>/);
    assert.match(html, /<li>Redis lock per goods id<\/li>/);
    assert.ok(!html.includes('<script>alert'), 'talking points HTML is escaped');
    assert.match(html, /data-action="previous"(?![^>]*disabled)/);
    assert.match(html, /data-action="next"/);
    assert.match(html, /data-action="end"/);
    // The path may wrap after a slash only (segments are nowrap).
    assert.match(html, /inventory_srv<\/span>\/<wbr><span class="segment">handler<\/span>\/<wbr><span class="segment">inventory\.go:42/);
    // Only the one nonce'd external script.
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/webview\.example\/media\/stepCard\.js"><\/script>/);
  });

  it('escapes titles and offers the next walkthrough on the last step', () => {
    const html = renderStepCard(
      {
        kind: 'step',
        content: content({
          walkthrough: { id: 'x', title: '<img src=x onerror=alert(1)>', uri: 'file:///w/x.walkthrough.yaml' },
          previous: undefined,
          next: undefined,
          nextWalkthrough: { id: 'pay', title: '支付 "链路"' },
        }),
        visited: 1,
      },
      resources,
    );
    assert.ok(!html.includes('<img'), html);
    assert.match(html, /data-action="previous" disabled/);
    assert.match(html, /data-action="nextWalkthrough"[^>]*>Next: 支付 &quot;链路&quot;</);
  });

  it('shows the status of moved and stale steps and content-only steps', () => {
    const moved = renderStepCard(
      { kind: 'step', content: content({ step: { ...content().step, status: 'stale', statusMessage: 'anchor <b>gone</b>' } }), visited: 0 },
      resources,
    );
    assert.match(moved, /Stale: anchor &lt;b&gt;gone&lt;\/b&gt;/);
    const talk = renderStepCard(
      { kind: 'step', content: content({ step: { id: 'intro', index: 0, title: 'Intro', status: 'ok', contentOnly: true } }), visited: 0 },
      resources,
    );
    assert.match(talk, /Talking points only/);
  });

  it('an approximate step says so and offers Go to Closest Match / Use This Location; an exact one does not', () => {
    const approximate = renderStepCard(
      { kind: 'step', content: content({ step: { ...content().step, status: 'approximate', statusMessage: 'closest lines in `Sell`' } }), visited: 0 },
      resources,
    );
    assert.match(approximate, /Approximate: check the place: closest lines in `Sell`/);
    assert.match(approximate, /data-action="closestMatch"[^>]*>Go to Closest Match</);
    assert.match(approximate, /data-action="useLocation"[^>]*>Use This Location</);
    const exact = renderStepCard({ kind: 'step', content: content(), location: 'a.go:1', visited: 0 }, resources);
    assert.doesNotMatch(exact, /closestMatch|useLocation/);
  });

  it('renders the idle card', () => {
    assert.match(renderStepCard({ kind: 'idle', hasWalkthroughs: false }, resources), /data-action="openSample"/);
    assert.match(renderStepCard({ kind: 'idle', hasWalkthroughs: true }, resources), /data-action="start"/);
  });
});

describe('client step card: points not in your code', () => {
  it('says which claims are not in the code, above the points, with Looks Right; escaped', () => {
    const base = content();
    const html = renderStepCard({ kind: 'step', content: { ...base, step: { ...base.step, unconfirmed: ['`mutex.LockContext(ctx)`', '`<img src=x>`'] } }, visited: 1 }, resources);
    assert.match(html, /⚠ not in your code: `mutex\.LockContext\(ctx\)`, `&lt;img src=x&gt;`/);
    assert.match(html, /data-action="looksRight"/);
    assert.ok(html.indexOf('claims-notice') < html.indexOf('class="points"'));
    const plain = renderStepCard({ kind: 'step', content: base, visited: 1 }, resources);
    assert.doesNotMatch(plain, /looksRight|claims-notice/);
  });
});
