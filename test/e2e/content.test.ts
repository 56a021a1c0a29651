// Issue 14 in a real VS Code: the corrected content reaches the user where they rehearse it.
//   1. On CheckLocalTransaction, the CodeLens of the new "check-back timing" step (order timeline)
//      opens the tour there; the card shows its question and talking points, the highlight sits on
//      the `UnknowState` line the step is anchored to.
//   2. On CreateOrder, the primary tour's half-message step is anchored to the send through the one
//      long-lived transaction producer, and its card no longer says the broker calls back.
// Expectations come from the workspace's YAML and Go files (./sample.ts), not from the product.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';
import { anchorLineOnDisk, enclosingGoFunc, firstLine, loadWalkthroughs, primaryWalkthrough, type SampleStep, type SampleWalkthrough } from './sample';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('content: corrected steps in the sidebar tour', { timeout: 240_000 }, () => {
  let vsc: VSCodeSession;

  before(async () => {
    vsc = await VSCodeSession.start({ name: 'content', settings: { 'walkthroughs.codeLens.mode': 'all' } });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
  });

  const lensText = (w: SampleWalkthrough, step: SampleStep) => `${w.title} · ${step.index + 1}/${w.steps.length}`;
  const statusText = (w: SampleWalkthrough, step: SampleStep) => `${w.title} ${step.index + 1}/${w.steps.length}`;

  /** Opens the step's file at its anchor, starts the tour from its CodeLens, and returns the card text. */
  async function openFromLens(w: SampleWalkthrough, step: SampleStep, file: string): Promise<{ line: number; card: string; highlighted: number[] }> {
    const line = anchorLineOnDisk(step);
    await vsc.openFile(file);
    await vsc.goToLine(line);
    await vsc.poll(`the CodeLens "${lensText(w, step)}"`, () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(lensText(w, step)) && l.line === line));
    await vsc.clickCodeLens(lensText(w, step), `status bar "${statusText(w, step)}"`, async () => (await vsc.statusBarItems()).includes(statusText(w, step)));
    const highlighted = (await vsc.poll('the step highlight', () => vsc.editorMarks(), (m) => m.highlighted[0] === line)).highlighted;
    const frame = await vsc.webviewFrame(step.title!);
    return { line, card: norm(await frame.locator('body').innerText()), highlighted };
  }

  it('1. the check-back timing step opens on CheckLocalTransaction with its question and talking points', async () => {
    const timeline = loadWalkthroughs(vsc.workspace).find((w) => w.id === 'order-timeline');
    assert.ok(timeline, 'the order timeline walkthrough is in the workspace');
    const step = timeline.steps.find((s) => s.id === 'check-back-timing');
    assert.ok(step?.file && step.question && step.points, 'the timeline has the check-back timing step with a question and points');
    assert.equal(enclosingGoFunc(step.file, anchorLineOnDisk(step)), 'CheckLocalTransaction');

    const { line, card, highlighted } = await openFromLens(timeline, step, 'order_srv/handler/order.go');
    assert.ok(highlighted.includes(line));
    assert.ok(card.includes(norm(step.question).slice(0, 20)), `card shows the question: ${card}`);
    for (const point of step.points.split('\n').filter((l) => l.trim())) {
      const words = norm(point.replace(/^\s*-\s*/, '').replace(/`/g, '')).slice(0, 10);
      assert.ok(card.includes(words), `card shows the point "${words}": ${card}`);
    }
    assert.match(card, /15/, 'the card names the 15-check limit');
    await vsc.screenshot('content-1-check-back-timing');
    await vsc.runCommand('Walkthroughs: End Walkthrough');
  });

  it('2. the primary tour sends the half message through the one transaction producer, and says who runs the local transaction', async () => {
    const primary = primaryWalkthrough(vsc.workspace);
    const step = primary.steps.find((s) => s.id === 'create-half-message');
    assert.ok(step?.file && step.points, 'the primary tour has the half-message step');
    assert.equal(enclosingGoFunc(step.file, anchorLineOnDisk(step)), 'CreateOrder');
    assert.match(step.anchor ?? '', /global\.TxProducer\.SendMessageInTransaction\(ctx,/);

    const { card } = await openFromLens(primary, step, 'order_srv/handler/order.go');
    assert.ok(card.includes(norm(firstLine(step.question)).slice(0, 12)), `card shows the question: ${card}`);
    assert.ok(card.includes('SEND_OK'), `card says the client runs it after SEND_OK: ${card}`);
    assert.ok(!/Broker 收到后同步回调/.test(card), `card no longer says the broker calls back: ${card}`);
    await vsc.screenshot('content-2-half-message');
    await vsc.runCommand('Walkthroughs: End Walkthrough');
  });
});
