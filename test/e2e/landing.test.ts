// Landing the bundled walkthroughs on a checkout they were not written for, in a real VS Code:
// a variant of the sample (rewritten by another hand, in a `code/` subfolder), "Apply Bundled
// Walkthroughs to This Folder", the Landing Report in the editor area (grouped, a walkthrough
// skipped, Write), a walkthrough started from the written copies, the sidebar summary, and
// "Go to Closest Match" / "Use This Location" from the report on a step that did not land exactly.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { repoRoot, VSCodeSession } from './harness';

const VARIANT = path.join(repoRoot, 'test/fixtures/variants/rewritten/code');

describe('landing on a variant checkout', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;

  before(async () => {
    vsc = await VSCodeSession.start({ name: 'landing', workspaceSources: [VARIANT], readyEntry: 'code' });
  });
  after(async () => {
    if (vsc) await vsc.close();
  });

  it('applies, reports in the editor area, skips a walkthrough, writes copies that start, and goes to the closest match', async () => {
    // A laptop's window: the report must read at 1280×800 with the sidebar open.
    await vsc.page.setViewportSize({ width: 1280, height: 800 });
    await vsc.openActivity('Walkthroughs');
    await vsc.runCommand('Walkthroughs: Apply Bundled Walkthroughs to This Folder');

    // The report opens in the editor area, with nothing over it: no dialog, no toast asking to write.
    let report = await vsc.webviewFrame(/Preview only: nothing is written until you choose Write/, 60_000);
    assert.match(await vsc.activeTab(), /Landing Report/);
    assert.equal(await vsc.page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog over the report');
    assert.deepEqual((await vsc.notifications()).filter((n) => /Write/.test(n)), [], 'no notification asks to write');
    const text = (await report.locator('body').innerText()).replace(/\s+/g, ' ');
    const steps = Number(/Steps: (\d+)/.exec(text)?.[1]);
    const toCheck = Number(/To check: (\d+)/.exec(text)?.[1]);
    assert.ok(steps >= 20 && toCheck >= 1 && toCheck < steps, text.slice(0, 300));
    // Grouped: a section per walkthrough, its steps under the declarations they landed in.
    const walkthroughIds = await report.locator('section.landing-walkthrough').evaluateAll((els) => els.map((e) => e.getAttribute('data-walkthrough') ?? ''));
    assert.ok(walkthroughIds.length >= 5 && walkthroughIds.includes('interview-core'), walkthroughIds.join(', '));
    assert.ok(await report.locator('section.landing-walkthrough[data-walkthrough="interview-core"] .landing-group h3', { hasText: 'InventoryServer.Sell' }).count() >= 1, 'a group for Sell');
    assert.ok(!existsSync(path.join(vsc.workspace, 'code-walkthroughs')), 'nothing is written before Write');
    await vsc.screenshot('landing-1-report-preview');

    // Skip one walkthrough: it is not written; Write says how many will be.
    const skipped = 'go-runtime';
    assert.ok(walkthroughIds.includes(skipped));
    const writeLabel = async (frame: typeof report) => (await frame.locator('button[data-action="write"]').innerText()).trim();
    const writeBefore = await writeLabel(report);
    await vsc.clickInWebview(/Preview only/, `button[data-action="skip"][data-walkthrough="${skipped}"]`);
    report = await vsc.webviewFrame(/Include This Walkthrough/, 15_000);
    assert.notEqual(await writeLabel(report), writeBefore);
    assert.ok(!existsSync(path.join(vsc.workspace, 'code-walkthroughs')), 'still nothing written');
    await vsc.clickInWebview(/Preview only/, 'button[data-action="write"]');

    // The copies are on disk, with `root` pointing at the checkout and the memo beside them.
    const copyDir = path.join(vsc.workspace, 'code-walkthroughs');
    await vsc.poll('copies written', async () => (existsSync(copyDir) ? readdirSync(copyDir) : []), (names) => names.some((n) => n.endsWith('.walkthrough.yaml')) && names.includes('memo'));
    const copies = readdirSync(copyDir).filter((n) => n.endsWith('.walkthrough.yaml'));
    assert.ok(copies.length >= 5, copies.join(', '));
    assert.ok(!copies.includes(`${skipped}.walkthrough.yaml`), `the skipped walkthrough is not written: ${copies.join(', ')}`);
    for (const name of copies) assert.match(readFileSync(path.join(copyDir, name), 'utf8'), /^root: \.\.$/m, name);

    // The report stays, now with Start (the written copies, live).
    report = await vsc.webviewFrame(/Written to code-walkthroughs\//, 30_000);
    await vsc.screenshot('landing-2-report-written');
    assert.equal(await report.locator(`section.landing-walkthrough[data-walkthrough="${skipped}"]`).count(), 0);
    // The bulk action: every interview-core step that landed in its function is confirmed at once;
    // the practice count of steps to confirm drops by as many.
    const status = await vsc.poll('the to-confirm count', () => vsc.statusBarItems(), (items) => items.some((i) => /\d+ to confirm/.test(i)), 30_000);
    const toConfirm = Number(/(\d+) to confirm/.exec(status.find((i) => /to confirm/.test(i))!)![1]);
    const acceptSelector = 'button[data-action="acceptLanded"][data-walkthrough="interview-core"]';
    const accepted = Number(/\((\d+)\)/.exec(await report.locator(acceptSelector).innerText())?.[1]);
    assert.ok(accepted >= 1, 'interview-core has steps that landed in their function');
    await vsc.clickInWebview(/Written to code-walkthroughs\//, acceptSelector);
    await vsc.poll('to confirm dropped by the accepted steps', () => vsc.statusBarItems(), (items) => items.some((i) => i.includes(`${toConfirm - accepted} to confirm`)), 20_000);
    await vsc.poll('the report shows them confirmed', async () => (await vsc.webviewFrame(/Written to code-walkthroughs\//)).locator(acceptSelector).innerText().catch(() => ''), (label) => /\(0\)/.test(label), 15_000);
    report = await vsc.webviewFrame(/Written to code-walkthroughs\//);
    console.log(`bulk accept: ${accepted} steps of interview-core; to confirm ${toConfirm} → ${toConfirm - accepted}`);
    await vsc.screenshot('landing-2b-bulk-accepted');
    const primaryTitle = parseWalkthrough('x', readFileSync(path.join(copyDir, 'interview-core.walkthrough.yaml'), 'utf8')).title!;
    await vsc.clickInWebview(/Written to code-walkthroughs\//, 'button[data-action="start"]');
    await vsc.poll('the tour runs', () => vsc.statusBarItems(), (items) => items.some((i) => i.startsWith(`${primaryTitle} 1/`)), 30_000);
    const card = await vsc.webviewFrame(/Previous|Next/);
    const cardText = (await card.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.ok(cardText.includes(primaryTitle), cardText);
    await vsc.screenshot('landing-3-tour-from-copy');
    await vsc.runCommand('Walkthroughs: End Walkthrough');

    // The sidebar keeps a short summary; a click on it brings the report back.
    const rows = await vsc.poll('landing summary rows', () => vsc.treeRows('Landing Report'), (r) => r.some((l) => /\d+ of \d+ code steps landed exactly/.test(l)), 30_000);
    assert.ok(rows.length <= walkthroughIds.length + 1, rows.join('\n'));
    await vsc.sidebarPane('Landing Report').locator('.monaco-list-row').first().click();
    report = await vsc.webviewFrame(/Written to code-walkthroughs\//, 15_000);

    // A step that did not land exactly: its "Go to Closest Match" opens the code beside the report.
    const stepTitle = (await report.locator('li.landing-step.guess .title').first().innerText()).replace(/^\d+\.\s*/, '').trim();
    // Where the step landed, from the written copy (its `lines` were updated there).
    let expected: { file: string; start: number; end: number } | undefined;
    for (const name of copies) {
      const text = readFileSync(path.join(copyDir, name), 'utf8');
      const step = parseWalkthrough(name, text).steps.find((s) => s.title === stepTitle);
      if (step?.file && step.lines) expected = { file: step.file, start: step.lines.start + 1, end: step.lines.end + 1 };
    }
    assert.ok(expected, `the copy has the step "${stepTitle}" with lines`);

    await vsc.clickInWebview(/Written to code-walkthroughs\//, 'li.landing-step.guess button[data-action="open"]');
    await vsc.poll('the closest match opened', () => vsc.activeTab(), (t) => t.includes(path.basename(expected!.file)), 15_000);
    const cursor = await vsc.poll('the selection on the closest lines', () => vsc.cursor(), (c) => c.line >= expected!.start && c.line <= expected!.end, 10_000);
    const selected = await vsc.page.locator('.editor-group-container.active .monaco-editor .selected-text').count();
    assert.ok(selected > 0, 'the closest lines are selected');
    await vsc.screenshot('landing-4-closest-match');

    // "Use This Location" runs the authoring command walkthroughs.reanchorStep on the selection:
    // one undoable edit of the copy, after which the step is anchored exactly there.
    const copyFile = copies.map((n) => path.join(copyDir, n)).find((f) => parseWalkthrough(f, readFileSync(f, 'utf8')).steps.some((s) => s.title === stepTitle))!;
    const before = readFileSync(copyFile, 'utf8');
    // The report is beside the code: "Use This Location" there takes the editor's selection.
    await vsc.clickInWebview(/Written to code-walkthroughs\//, 'li.landing-step.guess button[data-action="useLocation"]');
    const reanchored = await vsc.poll(
      'the step re-anchored to the selection in the copy',
      async () => {
        const text = readFileSync(copyFile, 'utf8');
        return text === before ? undefined : parseWalkthrough(copyFile, text).steps.find((s) => s.title === stepTitle);
      },
      (step) => step !== undefined,
      15_000,
    );
    // The step now starts at the selection's first line, anchored on that line's current text.
    assert.equal(reanchored!.lines?.start, expected!.start - 1, `lines written from the selection: ${JSON.stringify(reanchored!.lines)}`);
    const codeLine = readFileSync(path.join(vsc.workspace, reanchored!.file!), 'utf8').split(/\r?\n/)[expected!.start - 1]!.trim();
    assert.equal(reanchored!.anchor?.split('\n')[0]?.trim(), codeLine, 'the anchor is the code at the selection');
    await vsc.screenshot('landing-5-use-this-location');
    assert.ok(cursor.line > 0);
    assert.deepEqual(vsc.consoleErrors.filter((e) => /walkthrough/i.test(e)), []);
  });
});
