// Your own memo on your own code, in a real VS Code: a checkout of the sample whose Sell contradicts
// the bundled claims (lock without ctx, the transaction opened before the lock, unlock before
// commit) and whose files are named differently from the memo's. The import review shows placed
// and unplaced references and writes only after its button; the applied walkthroughs mark the
// contradicted points (hover, Landing Report); practice offers none of the steps that wait for
// confirmation, until "Looks Right".
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkWorkspace } from '../../server/src/core/check';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { repoRoot, VSCodeSession } from './harness';

const SEED = '/work/shared/seed/golang-interview-memo.md';

/** The sample's Sell, contradicting the bundled points in three ways. */
function contradict(text: string): string {
  const start = text.indexOf('func (*InventoryServer) Sell(');
  const end = text.indexOf('\n}\n', start) + 3;
  let sell = text.slice(start, end)
    .replace('mutex.LockContext(ctx)', 'mutex.Lock()')
    .replace('\ttx := global.DB.WithContext(ctx).Begin()\n', '')
    .replace('\tmutexs := make(', '\ttx := global.DB.WithContext(ctx).Begin()\n\tmutexs := make(')
    .replace(/(\tif err := tx\.Commit\(\)\.Error; err != nil \{\n)\t\tunlockAll\(mutexs\)\n/, '\tunlockAll(mutexs)\n$1')
    .replace(/(\t\}\n)\tunlockAll\(mutexs\)\n(\treturn &emptypb\.Empty\{\}, nil\n\}\n)$/, '$1$2');
  assert.ok(sell.includes('mutex.Lock()') && sell.indexOf('Begin()') < sell.indexOf('mutex.Lock()') && sell.indexOf('unlockAll(mutexs)\n\tif err := tx.Commit()') > 0, 'the variant contradicts all three');
  return text.slice(0, start) + sell + text.slice(end);
}

/** What the engine says about the checkout: claims marked and steps in doubt, per walkthrough. */
async function truth(workspace: string) {
  const report = await checkWorkspace(new NodeFileSystem(), workspace);
  const claims = report.diagnostics.filter((d) => d.code === 'claim-not-in-code');
  const doubtful = new Map<string, Set<string>>();
  for (const w of report.walkthroughs) {
    const set = new Set(w.steps.filter((s) => s.file !== undefined && ['fuzzy', 'approximate', 'stale', 'missing', 'invalid'].includes(s.status)).map((s) => s.id));
    doubtful.set(w.id, set);
  }
  for (const claim of claims) {
    const w = report.walkthroughs.find((x) => x.file === claim.file)!;
    const spec = parseWalkthrough(claim.file, readFileSync(path.join(workspace, claim.file), 'utf8'));
    const step = spec.steps.find((s) => s.range.start.line + 1 <= claim.line && s.range.end.line + 1 >= claim.line)!;
    doubtful.get(w.id)!.add(step.id);
  }
  return { report, claims, doubtful };
}

describe('your own memo on your own code', { timeout: 600_000 }, () => {
  let vsc: VSCodeSession;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-own-'));
    const code = path.join(scratch, 'shop');
    cpSync(path.join(repoRoot, 'sample-repo'), code, { recursive: true });
    const inventory = path.join(code, 'inventory_srv/handler/inventory.go');
    writeFileSync(inventory, contradict(readFileSync(inventory, 'utf8')));
    // Named differently from the memo's paths.
    renameSync(inventory, path.join(code, 'inventory_srv/handler/stock_handler.go'));
    renameSync(path.join(code, 'order_srv/handler/order.go'), path.join(code, 'order_srv/handler/order_handler.go'));
    const notes = path.join(code, 'notes');
    mkdirSync(notes);
    cpSync(existsSync(SEED) ? SEED : path.join(repoRoot, 'walkthroughs/memo/golang-interview.md'), path.join(notes, 'memo.md'));
    vsc = await VSCodeSession.start({ name: 'own-memo', workspaceSources: [code], readyEntry: 'shop' });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (scratch && !process.env.CW_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
  });

  it('import review → apply → marked points → practice waits for confirmation', async () => {
    const shop = path.join(vsc.workspace, 'shop');
    // 1. The import review: placed and unplaced references, written only by its button.
    await vsc.openFile('shop/notes/memo.md');
    await vsc.poll('the import lens', () => vsc.codeLenses(), (l) => l.some((t) => t.includes('Create Walkthrough from Memo')), 60_000);
    await vsc.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Create Walkthrough from Memo' }).first().click();
    const review = await vsc.webviewFrame(/Nothing is written until you choose Write/, 90_000);
    const reviewText = (await review.locator('body').innerText()).replace(/\s+/g, ' ');
    const [, kept, total, , unplacedCount] = /(\d+) of (\d+) steps will be written to (\S+); (\d+) references could not be placed/.exec(reviewText) ?? [];
    assert.ok(Number(total) >= 6, reviewText.slice(0, 400));
    assert.ok(Number(unplacedCount) >= 1, 'the review shows unplaced references');
    assert.match(reviewText, /Not placed \(\d+\)/);
    assert.match(reviewText, /stock_handler\.go:\d+/, 'a reference placed on the renamed file');
    const out = path.join(shop, 'notes', 'memo.walkthrough.yaml');
    assert.equal(existsSync(out), false, 'nothing written before the button');
    await vsc.screenshot('own-1-import-review');
    // A placed reference opens its file beside the review, its landed lines selected.
    const refButton = review.locator('button[data-action="openReference"]', { hasText: /stock_handler\.go:\d+/ }).first();
    const [, refStart, refEnd] = /:(\d+)(?:-(\d+))?$/.exec((await refButton.innerText()).trim()) ?? [];
    assert.ok(refStart, 'the reference button says where it landed');
    await refButton.click();
    await vsc.poll('the reference opened', () => vsc.activeTab(), (tab) => tab.includes('stock_handler.go'), 15_000);
    await vsc.poll('the cursor in the landed lines', () => vsc.cursor(), (c) => c.line >= Number(refStart) && c.line <= Number(refEnd ?? refStart), 10_000);
    assert.ok((await vsc.page.locator('.editor-group-container.active .monaco-editor .selected-text').count()) > 0, 'the landed lines are selected');
    await vsc.screenshot('own-1b-reference-opened');
    // Drop one step, then write: the file has one step fewer.
    await review.locator('button[data-action="toggle"]').last().click();
    // The page is drawn again on every change: find its frame afresh.
    const reviewed = await vsc.webviewFrame(`${Number(kept) - 1} of ${total} steps will be written`, 15_000);
    assert.equal(existsSync(out), false, 'still nothing written');
    await reviewed.locator('button[data-action="write"]').click();
    await vsc.poll('the walkthrough is written', async () => existsSync(out), Boolean, 30_000);
    assert.equal(parseWalkthrough(out, readFileSync(out, 'utf8')).steps.length, Number(kept) - 1);
    await vsc.webviewFrame(/Written to /, 30_000);
    await vsc.screenshot('own-2-import-written');

    // 2. Apply the bundled walkthroughs to this checkout.
    await vsc.openActivity('Walkthroughs');
    await vsc.runCommand('Walkthroughs: Apply Bundled Walkthroughs to This Folder');
    // The Landing Report opens in the editor area with nothing over it.
    let report = await vsc.webviewFrame(/Preview only: nothing is written until you choose Write/, 90_000);
    assert.match(await vsc.activeTab(), /Landing Report/);
    assert.equal(await vsc.page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog over the report');
    const previewText = (await report.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(previewText, /not in your code: `LockContext\(ctx\)`/);
    // Grouped by walkthrough and declaration: Sell's group in interview-core holds the marked lock step.
    const sellGroup = report.locator('section.landing-walkthrough[data-walkthrough="interview-core"] .landing-group').filter({ has: report.locator('h3', { hasText: 'InventoryServer.Sell' }) }).first();
    assert.match(await sellGroup.innerText(), /not in your code/);
    await vsc.screenshot('own-3-landing-report');
    // Skip a walkthrough: it is not written. Write writes only now.
    const skipped = 'go-runtime';
    await vsc.clickInWebview(/Preview only/, `button[data-action="skip"][data-walkthrough="${skipped}"]`);
    report = await vsc.webviewFrame(/Include This Walkthrough/, 15_000);
    const copyDir = path.join(vsc.workspace, 'code-walkthroughs');
    assert.equal(existsSync(copyDir), false, 'nothing written before Write');
    await vsc.clickInWebview(/Preview only/, 'button[data-action="write"]');
    await vsc.poll('copies written', async () => existsSync(path.join(copyDir, 'interview-core.walkthrough.yaml')), Boolean, 30_000);
    assert.equal(existsSync(path.join(copyDir, `${skipped}.walkthrough.yaml`)), false, 'the skipped walkthrough is not written');
    report = await vsc.webviewFrame(/Written to code-walkthroughs\//, 30_000);
    const writtenText = (await report.locator('body').innerText()).replace(/\s+/g, ' ');
    const reportClaims = Number(/Points not in your code: (\d+)/.exec(writtenText)?.[1]);
    await vsc.screenshot('own-3b-landing-written');

    const { claims, doubtful } = await truth(vsc.workspace);
    const waitingTotal = [...doubtful.values()].reduce((n, s) => n + s.size, 0);
    console.log(`points marked "not in your code": ${claims.length}; steps waiting for confirmation: ${waitingTotal} (${[...doubtful].filter(([, s]) => s.size).map(([w, s]) => `${w} ${s.size}`).join(', ')})`);
    assert.ok(claims.length >= 4, `claims marked: ${claims.map((c) => `${c.file}:${c.line}`).join(', ')}`);
    // The report counts the same points as `walkthrough check` on the written copies.
    assert.equal(reportClaims, claims.filter((c) => c.file.startsWith('code-walkthroughs/')).length, writtenText.slice(0, 300));
    for (const step of ['sell-lock', 'sell-begin', 'sell-commit-unlock']) assert.ok(doubtful.get('interview-core')!.has(step), `${step} waits`);

    // 3. The hover marks the point on the user's lock line.
    await vsc.openFile('shop/inventory_srv/handler/stock_handler.go');
    const lockLine = readFileSync(path.join(shop, 'inventory_srv/handler/stock_handler.go'), 'utf8').split('\n').findIndex((l) => l.includes('mutex.Lock()')) + 1;
    await vsc.goToLine(lockLine);
    const hover = await vsc.poll('the hover on the lock', async () => (await (await vsc.hoverLine(lockLine, 'Lock')).innerText()).replace(/\s+/g, ' '), (t) => /not in your code/.test(t), 20_000);
    assert.match(hover, /not in your code: `?LockContext\(ctx\)/);
    await vsc.screenshot('own-4-hover-marked');
    await vsc.page.mouse.move(5, 5);

    // 4. Practice: the due count says how many wait; rehearsing the landed interview-core offers only the others.
    // "N due · M new · K to confirm" (new cards are counted apart, under the daily limit).
    const status = await vsc.poll('the due status', () => vsc.statusBarItems(), (items) => items.some((i) => /\d+ due(?: · \d+ new)? · \d+ to confirm/.test(i)), 30_000);
    const [due, fresh, toConfirm] = /(\d+) due(?: · (\d+) new)? · (\d+) to confirm/.exec(status.find((i) => /to confirm/.test(i))!)!.slice(1).map((n) => Number(n ?? 0));
    console.log(`status bar: ${due} due · ${fresh} new · ${toConfirm} to confirm`);
    assert.equal(toConfirm, waitingTotal);
    const memoSteps = parseWalkthrough(out, readFileSync(out, 'utf8')).steps.length;
    assert.ok(due! + fresh! <= memoSteps, `the landed copies do not multiply the due count: ${due} due + ${fresh} new, the memo has ${memoSteps} steps`);
    await vsc.screenshot('own-5-due-status');

    const core = parseWalkthrough('x', readFileSync(path.join(copyDir, 'interview-core.walkthrough.yaml'), 'utf8'));
    const coreTitle = core.title;
    const practisable = core.steps.length - doubtful.get('interview-core')!.size;
    await vsc.runCommand('Walkthroughs: Rehearse Walkthrough…');
    await vsc.pickQuickItem(coreTitle);
    await vsc.poll('rehearsal size', () => vsc.statusBarItems(), (items) => items.includes(`Practice 1 of ${practisable}`), 30_000);
    await vsc.screenshot('own-6-rehearse-without-waiting');
    // End the session (the tree hides step titles while a question is asked).
    const practiceCard = await vsc.webviewFrame(/Show talking points|Practice/);
    await practiceCard.locator('button[data-action="practiceEnd"]').first().click();
    await vsc.poll('the session ended', () => vsc.statusBarItems(), (items) => !items.some((i) => /^Practice \d+ of/.test(i)), 20_000);

    // 5. "Looks Right" on one waiting step: it is practised from then on.
    const pane = vsc.sidebarPane('Walkthroughs');
    const coreRow = pane.locator('.monaco-list-row', { hasText: coreTitle }).first();
    await coreRow.click();
    const waitingStep = core.steps.find((s) => s.id === 'sell-lock')!;
    const stepRow = pane.locator('.monaco-list-row', { hasText: waitingStep.title! }).first();
    await stepRow.waitFor({ timeout: 15_000 });
    assert.match((await stepRow.getAttribute('aria-label')) ?? (await stepRow.innerText()), /to confirm|sell|锁/i);
    await stepRow.click({ button: 'right' });
    await vsc.clickContextMenuItem('Looks Right');
    await vsc.poll('one fewer to confirm', () => vsc.statusBarItems(), (items) => items.some((i) => i.includes(`${toConfirm! - 1} to confirm`)), 20_000);
    await vsc.runCommand('Walkthroughs: Rehearse Walkthrough…');
    await vsc.pickQuickItem(coreTitle);
    await vsc.poll('rehearsal with the confirmed step', () => vsc.statusBarItems(), (items) => items.includes(`Practice 1 of ${practisable + 1}`), 30_000);
    await vsc.screenshot('own-7-after-looks-right');
    const again = await vsc.webviewFrame(/Show talking points|Practice/);
    await again.locator('button[data-action="practiceEnd"]').first().click();
    await vsc.poll('the session ended', () => vsc.statusBarItems(), (items) => !items.some((i) => /^Practice \d+ of/.test(i)), 20_000);

    // 6. The report's bulk action accepts only steps doubted for their place: interview-core's
    // steps wait for their claims, which are never accepted in bulk (each needs a look).
    await vsc.runCommand('Walkthroughs: Show the Landing Report');
    report = await vsc.webviewFrame(/Written to code-walkthroughs\//, 15_000);
    const coreSection = report.locator('section.landing-walkthrough[data-walkthrough="interview-core"]');
    assert.match(await coreSection.locator('.summary').innerText(), /to check: [1-9]/);
    const coreAccept = coreSection.locator('button[data-action="acceptLanded"]');
    assert.match(await coreAccept.innerText(), /\(0\)/);
    assert.equal(await coreAccept.isDisabled(), true, 'claims are not accepted in bulk');
    await vsc.screenshot('own-8-bulk-accepted');
  });
});
