// Issue 6, scenarios 1–3, in one VS Code session (each session costs ~10 s to start):
//   1. the sidebar lists the walkthroughs; starting the primary tour opens the anchored code with
//      the highlight, fills the step card and the status bar; Next walks Sell →
//      ExecuteLocalTransaction → CheckLocalTransaction across files;
//   2. the CodeLens on the Sell step's line shows the step and opens the tour there;
//   3. hovering an anchored line shows question and talking points; its "Next" link moves on.
// Expectations come from the workspace's YAML and Go files (./sample.ts), not from the product.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { VSCodeSession } from './harness';
import { enclosingGoFunc, fileLines, firstLine, primaryWalkthrough, type SampleStep, type SampleWalkthrough, loadWalkthroughs } from './sample';

/** What the UI showed at one step of the tour. */
interface Seen {
  step: SampleStep;
  tab: string;
  highlighted: number[];
  gutter: number[];
  func: string | undefined;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('tour: sidebar, step card, status bar, CodeLens and hover', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let primary: SampleWalkthrough;
  const seen: Seen[] = [];

  before(async () => {
    // Scenario 2 checks one lens per step (mode `all`); the default summary mode is in l10n.test.ts.
    vsc = await VSCodeSession.start({ name: 'tour', settings: { 'walkthroughs.codeLens.mode': 'all' } });
    primary = primaryWalkthrough(vsc.workspace);
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
  });

  /** The status bar item of the running tour, e.g. "下单链路 3/6". */
  const statusText = (position: number) => `${primary.title} ${position}/${primary.steps.length}`;

  async function waitForStatus(position: number): Promise<void> {
    await vsc.poll(`status bar "${statusText(position)}"`, () => vsc.statusBarItems(), (items) => items.includes(statusText(position)));
  }

  /** Ends the tour if one runs (the End command is only enabled while a tour is active). */
  async function endTour(): Promise<void> {
    if ((await vsc.statusBarItems()).some((t) => t.startsWith(`${primary.title} `))) await vsc.runCommand('Walkthroughs: End Walkthrough');
    await vsc.poll('status bar item gone', () => vsc.statusBarItems(), (items) => !items.some((t) => t.startsWith(`${primary.title} `)));
  }

  async function card(hasText: string): Promise<Frame> {
    return vsc.webviewFrame(hasText);
  }

  /** Checks editor, highlight, card and status bar for `step`; returns what was seen. */
  async function checkStep(step: SampleStep): Promise<Seen> {
    const position = step.index + 1;
    await waitForStatus(position);
    const frame = await card(step.title ?? `${position} / ${primary.steps.length}`);
    const cardText = norm(await frame.locator('body').innerText());
    assert.ok(cardText.includes(`${position} / ${primary.steps.length}`), `card shows the position: ${cardText}`);
    if (step.question) assert.ok(cardText.includes(norm(firstLine(step.question)).slice(0, 12)), `card shows the question of step ${position}: ${cardText}`);
    if (step.points) {
      assert.match(cardText, /Talking points/i);
      assert.ok(cardText.includes(norm(firstLine(step.points)).slice(0, 8)), `card shows the talking points of step ${position}: ${cardText}`);
    }
    const result: Seen = { step, tab: '', highlighted: [], gutter: [], func: undefined };
    if (!step.file) return result;

    const base = path.basename(step.file);
    await vsc.poll(`tab ${base}`, () => vsc.activeTab(), (t) => t.includes(base));
    result.tab = await vsc.activeTab();
    const marks = await vsc.poll('the step highlight', () => vsc.editorMarks(), (m) => m.highlighted.length > 0);
    result.highlighted = marks.highlighted;
    result.gutter = marks.gutter;
    const first = marks.highlighted[0]!;
    assert.deepEqual(marks.gutter, [first], 'the gutter mark sits on the first highlighted line');
    const cursor = await vsc.cursor();
    assert.equal(cursor.line, first, 'the cursor is on the step');
    if (step.anchor) {
      const anchorLine = norm(step.anchor.split('\n')[0]!);
      assert.equal(norm(fileLines(step.file)[first - 1] ?? ''), anchorLine, `step ${position} highlights its anchor`);
    }
    result.func = enclosingGoFunc(step.file, first);
    return result;
  }

  it('1. sidebar lists the walkthroughs; the primary tour walks Sell → ExecuteLocalTransaction → CheckLocalTransaction', async () => {
    const all = loadWalkthroughs(vsc.workspace);
    await vsc.openActivity('Walkthroughs');
    const rows = await vsc.poll('tree rows', () => vsc.treeRows('Walkthroughs'), (r) => r.length >= all.length, 30_000);
    for (const w of all) assert.ok(rows.some((r) => r.startsWith(w.title)), `tree lists "${w.title}": ${rows.join(' | ')}`);
    assert.ok(rows.some((r) => r.startsWith(primary.title) && r.includes(`0/${primary.steps.length}`)), `primary row shows 0/${primary.steps.length}`);
    const idle = await card('No walkthrough is running');
    assert.ok(await idle.locator('button', { hasText: 'Start Walkthrough' }).isVisible(), 'the idle step card offers Start Walkthrough…');
    await vsc.screenshot('1-sidebar');

    // Start from the sidebar: the walkthrough row's inline "Start" action.
    const row = vsc.sidebarPane('Walkthroughs').locator('.monaco-list-row', { hasText: primary.title }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="Start"]').click();

    for (let i = 0; i < primary.steps.length; i++) {
      const step = primary.steps[i]!;
      const s = await checkStep(step);
      seen.push(s);
      const firstInFunc = !seen.slice(0, -1).some((x) => x.func === s.func);
      if (firstInFunc && ['Sell', 'ExecuteLocalTransaction', 'CheckLocalTransaction'].includes(s.func ?? '')) {
        await vsc.screenshot(`1-tour-step${i + 1}-${s.func}`);
      }
      if (i === primary.steps.length - 1) break;
      // Alternate the step card's Next button and the command.
      if (i % 2 === 0) {
        // The card re-renders its whole page when the server reports changes (e.g. just after a
        // file opened); a click landing in the page being replaced is lost. Click again once and
        // say so, so the log shows how often that happens.
        for (let attempt = 1; ; attempt++) {
          const frame = await card(`${i + 1} / ${primary.steps.length}`);
          await frame.locator('button[data-action="next"]').click();
          const moved = await vsc.poll('Next from the card', () => vsc.statusBarItems(), (items) => items.includes(statusText(i + 2)), 5_000).then(() => true, () => false);
          if (moved) break;
          assert.ok(attempt < 2, `the card's Next button did not move from step ${i + 1} (twice)`);
          console.log(`card Next click at step ${i + 1} was lost (the card re-rendered); clicking again`);
        }
      } else {
        await vsc.runCommand('Walkthroughs: Next Step');
      }
    }
    const funcs = seen.map((s) => s.func);
    const order = ['Sell', 'ExecuteLocalTransaction', 'CheckLocalTransaction'].map((f) => funcs.indexOf(f));
    assert.ok(order.every((i) => i >= 0), `visited ${funcs.join(' → ')}`);
    assert.ok(order[0]! < order[1]! && order[1]! < order[2]!, `in order: ${funcs.join(' → ')}`);
    assert.match(seen[order[0]!]!.tab, /inventory\.go/);
    assert.match(seen[order[1]!]!.tab, /order\.go/);
    assert.match(seen[order[2]!]!.tab, /order\.go/);

    // The tree marks the progress.
    const after = await vsc.treeRows('Walkthroughs');
    assert.ok(after.some((r) => r.startsWith(primary.title) && r.includes(`${primary.steps.length}/${primary.steps.length}`)), `progress in tree: ${after.join(' | ')}`);
  });

  /** The step at Sell as seen in scenario 1. */
  function sellStep(): Seen {
    const s = seen.find((x) => x.func === 'Sell');
    assert.ok(s, 'scenario 1 reached the Sell step');
    return s;
  }

  it('2. the CodeLens on the Sell step shows the step and opens the tour there', async () => {
    const sell = sellStep();
    const position = sell.step.index + 1;
    await endTour();
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(sell.highlighted[0]!);
    const expected = `${primary.title} · ${position}/${primary.steps.length}`;
    const marks = await vsc.poll('the CodeLens of the Sell step', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(expected)));
    const lens = marks.lenses.find((l) => l.text.includes(expected))!;
    assert.equal(lens.line, sell.highlighted[0], `the lens sits above the step's first line: ${JSON.stringify(marks.lenses)}`);
    if (sell.step.title) assert.ok(lens.text.includes(sell.step.title), `lens names the step: ${lens.text}`);
    assert.equal(marks.highlighted.length, 0, 'no highlight while no tour runs');
    await vsc.screenshot('2-codelens');

    // Move elsewhere, then click the lens: the tour opens at this step.
    await vsc.clickCodeLens(expected, `status bar "${statusText(sell.step.index + 1)}"`, async () => (await vsc.statusBarItems()).includes(statusText(sell.step.index + 1)));
    await checkStep(sell.step);
    const frame = await card(sell.step.title ?? expected);
    assert.ok((await frame.locator('body').innerText()).includes(`${position} / ${primary.steps.length}`));
    await vsc.screenshot('2-codelens-opened-tour');
  });

  it('3. hovering an anchored line shows question and talking points; its Next link works', async () => {
    const sell = sellStep();
    const position = sell.step.index + 1;
    const next = primary.steps[sell.step.index + 1];
    assert.ok(next, 'the Sell step has a next step');
    await endTour();
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(sell.highlighted[0]!);
    const hover = await vsc.hoverLine(sell.highlighted.at(-1)!);
    const header = `${primary.title} · ${position}/${primary.steps.length}`;
    await vsc.poll('hover card', async () => norm(await hover.innerText()), (t) => t.includes(header));
    const text = norm(await hover.innerText());
    if (sell.step.title) assert.ok(text.includes(sell.step.title), `hover names the step: ${text}`);
    if (sell.step.question) assert.ok(text.includes(norm(firstLine(sell.step.question)).slice(0, 12)), `hover shows the question: ${text}`);
    if (sell.step.points) assert.ok(text.includes(norm(firstLine(sell.step.points)).slice(0, 8)), `hover shows the talking points: ${text}`);
    assert.match(text, /Open in tour/);
    await vsc.screenshot('3-hover');

    // The hover may hold cards of several walkthroughs; take the Next link of the primary's card.
    const links = hover.locator('a', { hasText: /Next/ });
    let clicked = false;
    for (const link of await links.all()) {
      const href = decodeURIComponent((await link.getAttribute('data-href')) ?? (await link.getAttribute('href')) ?? '');
      if (href.includes(primary.id) && href.includes(next.id)) {
        await link.click();
        clicked = true;
        break;
      }
    }
    assert.ok(clicked, `a Next link to ${primary.id}/${next.id} in the hover: ${text}`);
    const s = await checkStep(next);
    assert.equal(s.step.index, sell.step.index + 1);
    await vsc.screenshot('3-hover-next');
    assert.deepEqual(vsc.consoleErrors.filter((e) => /walkthrough/i.test(e)), [], 'no console errors from the extension');
  });
});
