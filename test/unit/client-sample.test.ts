// Pure helpers behind "Open Sample Repository" and "Apply Bundled Walkthroughs to This Folder".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WalkthroughSummary } from '../../server/src/protocol';
import { renderApplyReport } from '../../client/src/sample/applyReport';
import { pluralFor, translator } from '../../server/src/core/plural';
import { chooseFreeFolderName, pendingStartAction } from '../../client/src/sample/sampleFolder';

describe('client sample helpers', () => {
  it('never picks a non-empty folder', async () => {
    const states: Record<string, 'missing' | 'empty' | 'used'> = { s: 'used', 's-2': 'used', 's-3': 'empty' };
    assert.equal(await chooseFreeFolderName('s', async (n) => states[n] ?? 'missing'), 's-3');
    assert.equal(await chooseFreeFolderName('t', async () => 'missing'), 't');
    assert.equal(await chooseFreeFolderName('u', async () => 'used', 3), undefined);
  });

  it('matches the pending tour intent to the opened folder while it is fresh', () => {
    const now = 1_000_000_000;
    const pending = { folder: 'file:///tmp/code-walkthroughs-sample', at: now - 5_000 };
    assert.equal(pendingStartAction(pending, ['file:///tmp/code-walkthroughs-sample/'], now), 'start');
    assert.equal(pendingStartAction(pending, ['file:///tmp/other'], now), 'keep');
    assert.equal(pendingStartAction({ ...pending, at: now - 3_600_000 }, ['file:///tmp/code-walkthroughs-sample'], now), 'drop');
    assert.equal(pendingStartAction('junk', ['file:///tmp/code-walkthroughs-sample'], now), 'drop');
  });

  it('reports found and not-found steps', () => {
    const walkthroughs: WalkthroughSummary[] = [
      {
        id: 'order',
        title: '下单链路',
        uri: 'file:///ext/walkthroughs/order.walkthrough.yaml',
        primary: true,
        steps: [
          { id: 'a', index: 0, title: 'Sell', status: 'moved', uri: 'file:///repo/inventory_srv/handler.go', range: { startLine: 9, endLine: 20 }, contentOnly: false },
          { id: 'b', index: 1, title: 'Pipe | step', status: 'missing', statusMessage: 'file not found: x.go', contentOnly: false },
          { id: 'c', index: 2, title: 'Intro', status: 'ok', contentOnly: true },
        ],
      },
    ];
    const report = renderApplyReport(walkthroughs, '/repo', (uri) => uri.replace('file:///repo/', ''), { t: translator({}), plural: pluralFor('en', translator({})) });
    assert.match(report, /Found code for \*\*2 of 3\*\* steps/);
    assert.match(report, /\| 1 \| Sell \| ✓ moved \| inventory\\_srv\/handler.go:10-21 \|/);
    assert.match(report, /\| 2 \| Pipe \\\| step \| ✗ missing \| file not found: x.go \|/);
  });
});
