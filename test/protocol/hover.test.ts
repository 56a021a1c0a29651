/** Hover cards on code and on walkthrough YAML. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sampleFiles } from './fixtures';
import { hoverText, LspClient, removeWorkspace, tempWorkspace } from './lspClient';

const link = (label: string, args: string[]) => `[${label}](command:walkthroughs.openStep?${encodeURIComponent(JSON.stringify(args))})`;

describe('hover', () => {
  let dir: string;
  let client: LspClient;
  let go: string;
  before(async () => {
    dir = tempWorkspace(sampleFiles());
    go = path.join(dir, 'handler/inventory.go');
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    removeWorkspace(dir);
  });

  it('shows one compact card for the first step in tour order, and links to the others', async () => {
    const hover = await client.hover(go, { line: 9, character: 3 });
    const text = hoverText(hover);
    assert.equal(
      text,
      [
        '**Sell: 加锁扣库存**',
        '',
        '下单链路 · 2/4',
        '',
        '**Q:** 如何保证高并发下不超卖？',
        '',
        // The first two talking points: the step's own, then the memo section's first item.
        'Stock must never go negative: lock per goods id.',
        '',
        '- Redis distributed lock',
        '',
        '_… (continued in the tour)_',
        '',
        `${link('← Previous', ['order-flow', 'intro'])} · ${link('Next →', ['order-flow', 'sell-func'])} · ${link('Open in tour', ['order-flow', 'sell-lock'])}`,
        '',
        `Also in: ${link('下单链路 3/4', ['order-flow', 'sell-func'])}`,
      ].join('\n'),
    );
    // The hover range is the innermost step's range (lines 9-13, 0-based 8-12).
    assert.deepEqual(hover!.range, { start: { line: 8, character: 0 }, end: { line: 12, character: 21 } });
  });

  it('never lets raw HTML or foreign command links through', async () => {
    const text = hoverText(await client.hover(go, { line: 8, character: 1 }));
    assert.ok(!text.includes('<img'), text);
    assert.ok(!/command:workbench/.test(text), text);
    for (const match of text.matchAll(/\(command:([\w.]+)/g)) assert.equal(match[1], 'walkthroughs.openStep');
  });

  it('says when a step was found elsewhere or with changed text', async () => {
    const fuzzy = hoverText(await client.hover(go, { line: 21, character: 5 }));
    assert.match(fuzzy, /^\*\*Lock helper\*\*\n\n归还库存 · 2\/4\n\n_⚠ The anchor text changed; closest match at line 22 \(91% similar\)\._/);
    // Line 18 is in a step of each walkthrough: the running tour's is the one shown.
    client.sendNotification('walkthroughs/setActiveTour', { walkthroughId: 'reback-flow' });
    const moved = hoverText(await client.hover(go, { line: 17, character: 5 }));
    client.sendNotification('walkthroughs/setActiveTour', { walkthroughId: null });
    assert.match(moved, /Also in: \[下单链路 4\/4\]/);
    assert.match(moved, /\*\*Print\*\*\n\n归还库存 · 1\/4\n\n_Found at line 18; the `lines` hint says 5\._/);
  });

  it('returns null outside every step and for unknown documents', async () => {
    assert.equal(await client.hover(go, { line: 0, character: 0 }), null);
    assert.equal(await client.hover(path.join(dir, 'nowhere.go'), { line: 0, character: 0 }), null);
  });

  it('on walkthrough YAML shows the resolved code and status of the step', async () => {
    const yaml = path.join(dir, 'order.walkthrough.yaml');
    const text = hoverText(await client.hover(yaml, { line: 13, character: 12 })); // value of `lines: 9-13`
    assert.equal(
      text,
      [
        '**2/4 Sell: 加锁扣库存** — ✓ ok',
        '',
        '`inventory.go` lines 9-13',
        '',
        '```go',
        '\tmutex := lock(fmt.Sprintf("goods_%d", goodsId))',
        '\tif err := mutex.Lock(); err != nil {',
        '\t\treturn err',
        '\t}',
        '\tdefer mutex.Unlock()',
        '```',
      ].join('\n'),
    );
    const reback = path.join(dir, 'reback.walkthrough.yaml');
    const stale = hoverText(await client.hover(reback, { line: 16, character: 20 }));
    assert.match(stale, /^\*\*3\/4 Gone\*\* — ✗ stale\n\nThe anchor text was not found anywhere in the file/);
  });

  it('on a YAML key shows its documentation', async () => {
    const yaml = path.join(dir, 'order.walkthrough.yaml');
    const anchorKey = await client.hover(yaml, { line: 14, character: 6 });
    assert.match(hoverText(anchorKey), /^`anchor` \(step\) — The text expected at the start of the range/);
    assert.deepEqual(anchorKey!.range, { start: { line: 14, character: 4 }, end: { line: 14, character: 10 } });
    assert.match(hoverText(await client.hover(yaml, { line: 5, character: 1 })), /^`next` — Id of the walkthrough offered after the last step\./);
  });
});
