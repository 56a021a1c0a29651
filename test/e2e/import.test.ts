// "Create Walkthrough from Memo…" in a real VS Code: a folder holding the users' memo (notes/memo.md,
// the seed memo with its file:///Users/… links from another machine) and the sample code. The lens
// on the memo → the import review → its Write button → the walkthrough appears in the sidebar and starts
// there at Sell; a memo link in the step card opens the workspace's inventory.go at its line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, VSCodeSession } from './harness';

const SEED = '/work/shared/seed/golang-interview-memo.md';

describe('Create Walkthrough from Memo…', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-import-'));
    const notes = path.join(scratch, 'notes');
    mkdirSync(notes);
    cpSync(existsSync(SEED) ? SEED : path.join(repoRoot, 'walkthroughs/memo/golang-interview.md'), path.join(notes, 'memo.md'));
    // The workspace: sample-repo/ (the code) and notes/memo.md, no walkthroughs at all.
    vsc = await VSCodeSession.start({ name: 'import', workspaceSources: [path.join(repoRoot, 'sample-repo'), notes], readyEntry: 'notes' });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (scratch && !process.env.CW_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
  });

  it('lens → preview → write → start from the sidebar → a memo link opens the code at its line', async () => {
    await vsc.openFile('notes/memo.md');
    const lens = await vsc.poll('the import lens on the memo', () => vsc.codeLenses(), (l) => l.some((t) => t.includes('Create Walkthrough from Memo')), 60_000);
    assert.ok(lens.length >= 1);
    await vsc.screenshot('import-1-memo-lens');
    await vsc.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Create Walkthrough from Memo' }).first().click();

    // The review: every step with where its references landed, the unplaced ones with why, and a
    // Write button; nothing is written before it is pressed.
    const review = await vsc.webviewFrame(/Nothing is written until you choose Write/, 60_000);
    const reviewText = (await review.locator('body').innerText()).replace(/\s+/g, ' ');
    const steps = Number(/(\d+) of \d+ steps will be written/.exec(reviewText)?.[1]);
    assert.ok(steps >= 6, `a real number of steps: ${reviewText.slice(0, 300)}`);
    assert.match(reviewText, /InventoryServer\.Sell/);
    const out = path.join(vsc.workspace, 'notes', 'memo.walkthrough.yaml');
    assert.equal(existsSync(out), false, 'nothing written before the user confirms');
    await vsc.screenshot('import-2-preview');
    await review.locator('button[data-action="write"]').click();
    await vsc.poll('the walkthrough is written', async () => existsSync(out), Boolean, 20_000);
    const yaml = readFileSync(out, 'utf8');
    for (const symbol of ['InventoryServer.Sell', 'OrderServer.CreateOrder', 'OrderListener.ExecuteLocalTransaction', 'OrderListener.CheckLocalTransaction', 'AutoReback', 'InitSrvConn']) {
      assert.match(yaml, new RegExp(`symbol: ${symbol.replace('.', '\\.')}\\n`), `a step in ${symbol}`);
    }
    // What was written passes `walkthrough check` with zero errors.
    const check = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'check', vsc.workspace], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    await vsc.webviewFrame(/Written to notes\/memo\.walkthrough\.yaml/, 30_000);
    await vsc.screenshot('import-3-written');

    // Start it from the sidebar, as a user who dismissed the offer would.
    await vsc.openActivity('Walkthroughs');
    const title = /^title: (.+)$/m.exec(yaml)![1]!;
    await vsc.poll('the tree lists the new walkthrough', () => vsc.treeRows('Walkthroughs'), (rows) => rows.some((r) => r.startsWith(title)), 30_000);
    const row = vsc.sidebarPane('Walkthroughs').locator('.monaco-list-row', { hasText: title }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="Start"]').click();
    await vsc.poll('status bar shows step 1', () => vsc.statusBarItems(), (items) => items.some((i) => i.startsWith(`${title} 1/`)), 30_000);
    await vsc.poll('inventory.go is open', () => vsc.activeTab(), (tab) => tab.includes('inventory.go'));
    // The step card (the import review, still open, names InventoryServer.Sell too, but has no "Open in Editor Area").
    const card = await vsc.webviewFrame(/InventoryServer\.Sell[\s\S]*Open in Editor Area|Open in Editor Area[\s\S]*InventoryServer\.Sell/);
    await vsc.screenshot('import-4-tour-step1');

    // The card's talking points hold the memo's link from another machine: it opens our copy, at line 56.
    const link = card.locator('a.md-link', { hasText: 'inventory_srv/handler/inventory.go' }).first();
    await link.waitFor({ timeout: 10_000 });
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^file:\/\/.*\/sample-repo\/inventory_srv\/handler\/inventory\.go#L56$/, href);
    await vsc.goToLine(1);
    await link.click();
    await vsc.poll('the link moved the cursor to line 56', () => vsc.cursor(), (c) => c.line === 56, 15_000);
    assert.ok((await vsc.activeTab()).includes('inventory.go'));
    await vsc.screenshot('import-5-memo-link');
  });
});
