// Landing the bundled walkthroughs on a checkout they were not written for, in a real VS Code:
// a variant of the sample (rewritten by another hand, in a `code/` subfolder), "Apply Bundled
// Walkthroughs to This Folder", the confirmation, the Landing Report view, a walkthrough started
// from the written copies, and "Go to Closest Match" / "Use This Location" on a step that did not
// land exactly.
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

  it('applies, reports, writes copies that start from the sidebar, and goes to the closest match', async () => {
    await vsc.openActivity('Walkthroughs');
    await vsc.runCommand('Walkthroughs: Apply Bundled Walkthroughs to This Folder');

    // The confirmation says how the steps landed before anything is written.
    // Not modal: a notification beside the report (which stays readable).
    const dialog = await vsc.waitFor('.notifications-toasts .notification-list-item', { hasText: 'code steps landed exactly', timeout: 60_000 });
    assert.equal(await vsc.page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog over the report');
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, /\d+ of \d+ code steps landed exactly/);
    assert.match(question, /code-walkthroughs\//);
    assert.ok(!existsSync(path.join(vsc.workspace, 'code-walkthroughs')), 'nothing is written before the user confirms');
    await vsc.screenshot('landing-1-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Write Walkthroughs' }).first().click();

    // The copies are on disk, with `root` pointing at the checkout and the memo beside them.
    const copyDir = path.join(vsc.workspace, 'code-walkthroughs');
    await vsc.poll('copies written', async () => (existsSync(copyDir) ? readdirSync(copyDir) : []), (names) => names.some((n) => n.endsWith('.walkthrough.yaml')) && names.includes('memo'));
    const copies = readdirSync(copyDir).filter((n) => n.endsWith('.walkthrough.yaml'));
    assert.ok(copies.length >= 5, copies.join(', '));
    for (const name of copies) assert.match(readFileSync(path.join(copyDir, name), 'utf8'), /^root: \.\.$/m, name);

    // The offer to start the primary walkthrough from the copies.
    const offer = await vsc.waitFor('.notifications-toasts .notification-list-item', { hasText: /written to code-walkthroughs/, timeout: 30_000 });
    const title = /Start "(.+)"\?/.exec(await offer.innerText())?.[1];
    assert.ok(title, await offer.innerText());
    await offer.locator('.monaco-button', { hasText: 'Start Walkthrough' }).first().click();
    await vsc.poll('the tour runs', () => vsc.statusBarItems(), (items) => items.some((i) => i.startsWith(`${title} 1/`)), 30_000);
    const card = await vsc.webviewFrame(/Previous|Next/);
    const cardText = (await card.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.ok(cardText.includes(title), cardText);
    await vsc.screenshot('landing-2-tour-from-copy');

    // The Landing Report: a summary, the walkthroughs, steps that did not land exactly with actions.
    const rows = await vsc.poll('landing report rows', () => vsc.treeRows('Landing Report'), (r) => r.some((l) => /approximate/.test(l)) && r.some((l) => l.startsWith('Go to Closest Match')), 30_000);
    assert.ok(rows.some((l) => /\d+ of \d+ code steps landed exactly/.test(l)), rows.join('\n'));
    assert.ok(rows.some((l) => /^Did not land exactly \(\d+\)/.test(l)), rows.join('\n'));
    const approximateIndex = rows.findIndex((l) => /, approximate/.test(l));
    assert.ok(approximateIndex >= 0, rows.join('\n'));
    const stepTitle = rows[approximateIndex]!.split(', approximate')[0]!;
    assert.equal(rows[approximateIndex + 1], `Go to Closest Match: ${stepTitle}`);
    assert.equal(rows[approximateIndex + 2], `Use This Location: ${stepTitle}`);
    await vsc.screenshot('landing-3-report');

    // Where the step landed, from the written copy (its `lines` were updated there).
    let expected: { file: string; start: number; end: number } | undefined;
    for (const name of copies) {
      const text = readFileSync(path.join(copyDir, name), 'utf8');
      const step = parseWalkthrough(name, text).steps.find((s) => s.title === stepTitle);
      if (step?.file && step.lines) expected = { file: step.file, start: step.lines.start + 1, end: step.lines.end + 1 };
    }
    assert.ok(expected, `the copy has the step "${stepTitle}" with lines`);

    const pane = vsc.sidebarPane('Landing Report');
    await pane.locator(`.monaco-list-row[aria-label="Go to Closest Match: ${stepTitle}"]`).first().click();
    await vsc.poll('the closest match opened', () => vsc.activeTab(), (t) => t.includes(path.basename(expected!.file)), 15_000);
    const cursor = await vsc.poll('the selection on the closest lines', () => vsc.cursor(), (c) => c.line >= expected!.start && c.line <= expected!.end, 10_000);
    const selected = await vsc.page.locator('.editor-group-container.active .monaco-editor .selected-text').count();
    assert.ok(selected > 0, 'the closest lines are selected');
    await vsc.screenshot('landing-4-closest-match');

    // "Use This Location" runs the authoring command walkthroughs.reanchorStep on the selection:
    // one undoable edit of the copy, after which the step is anchored exactly there.
    const copyFile = copies.map((n) => path.join(copyDir, n)).find((f) => parseWalkthrough(f, readFileSync(f, 'utf8')).steps.some((s) => s.title === stepTitle))!;
    const before = readFileSync(copyFile, 'utf8');
    await pane.locator(`.monaco-list-row[aria-label="Use This Location: ${stepTitle}"]`).first().click();
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
