// Issue 12, CodeTour compatibility and Export, in one VS Code session on a workspace with the
// sample Go repo and a CodeTour tour in `.tours/` (written here, its lines computed from the Go file):
//   1. the tour is in the Walkthroughs tree and its step has a CodeLens on `Sell`;
//   2. its broken step (a file that does not exist) is a diagnostic in the Problems panel;
//   3. "Convert CodeTour Tour to Walkthrough" writes a walkthrough with anchors, shown in the tree,
//      and deletes the tour only when its toast's button is clicked;
//   4. "Export Walkthrough…" writes the converted walkthrough as an HTML page, opened in Chromium
//      at phone size and for print.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, resultsDir, VSCodeSession } from './harness';

const GO = path.join(repoRoot, 'sample-repo', 'inventory_srv', 'handler', 'inventory.go');
const goLines = readFileSync(GO, 'utf8').split('\n');
const lineOf = (needle: string) => goLines.findIndex((l) => l.includes(needle)) + 1;
const SELL = lineOf('func (*InventoryServer) Sell(');
const TITLE = 'Stock deduction (CodeTour)';

describe('CodeTour tours and export in a real VS Code', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let fixture: string;

  before(async () => {
    assert.ok(SELL > 0, 'the sample declares Sell');
    fixture = mkdtempSync(path.join(os.tmpdir(), 'cw-codetour-'));
    mkdirSync(path.join(fixture, '.tours'));
    writeFileSync(path.join(fixture, '.tours', 'stock.tour'), JSON.stringify({
      $schema: 'https://aka.ms/codetour-schema',
      title: TITLE,
      description: 'How `Sell` keeps stock from going negative',
      isPrimary: true,
      steps: [
        { file: 'sample-repo/inventory_srv/handler/inventory.go', line: SELL, title: 'Sell', description: 'One transaction for the whole order; **a lock per goods**.' },
        // No titles: CodeTour names these steps by their text's first heading, and so do we.
        { file: 'sample-repo/inventory_srv/handler/inventory.go', pattern: 'tx\\.Commit\\(\\)', description: '### Commit first\n\nCommit before the locks are released.' },
        { directory: 'sample-repo/inventory_srv/handler', description: '### The handlers\n\n![Overview](images/overview.png)\n\nThe handlers live here.' },
        { file: 'sample-repo/inventory_srv/handler/gone.go', line: 3, title: 'Lost', description: 'A step whose file was deleted.' },
      ],
    }, null, 2));
    vsc = await VSCodeSession.start({
      name: 'codetour',
      workspaceSources: [path.join(repoRoot, 'sample-repo'), path.join(fixture, '.tours')],
      readyEntry: 'sample-repo',
    });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  it('1. the tour from .tours is in the tree, and its first step is a CodeLens on Sell', async () => {
    await vsc.openActivity('Walkthroughs');
    const rows = await vsc.poll('the tour in the tree', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes(TITLE)));
    assert.ok(rows.some((row) => row.includes(TITLE)));
    await vsc.page.locator('.part.sidebar .monaco-list-row', { hasText: TITLE }).first().click();
    const steps = await vsc.poll('its steps', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes('Commit')) && r.some((row) => row.includes('Lost')));
    // Titled by their first heading, not "inventory.go:123" or "Step 3".
    assert.ok(steps.some((row) => row.startsWith('Commit first')), steps.join(' | '));
    assert.ok(steps.some((row) => row.startsWith('The handlers')), `the directory step is a content-only step named by its heading: ${steps.join(' | ')}`);
    await vsc.screenshot('12-codetour-tree');
    // Its image shows as its alt text in the step card: "Overview", not "!Overview".
    await vsc.page.locator('.part.sidebar .monaco-list-row', { hasText: 'The handlers' }).first().click();
    const card = await vsc.webviewFrame('The handlers live here.');
    const text = await card.locator('body').innerText();
    assert.match(text, /^Overview$/m, text);
    assert.ok(!text.includes('!Overview') && !text.includes('!['), text);
    await vsc.screenshot('12-codetour-card-image-alt');

    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(SELL);
    const marks = await vsc.poll('the CodeLens of the tour on Sell', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(`${TITLE} · 1/4`) && l.line === SELL));
    assert.ok(marks.lenses.some((l) => l.text.includes('Sell')));
    await vsc.screenshot('12-codetour-codelens');
  });

  it('2. the broken step is a diagnostic in the Problems panel, on the tour file', async () => {
    await vsc.openFile('.tours/stock.tour');
    const problems = await vsc.poll('the file-not-found diagnostic', () => vsc.problems(), (p) => p.some((row) => /gone\.go/.test(row) && /not found/i.test(row)));
    assert.ok(problems.some((row) => /stock\.tour/.test(row)), `the tour file heads the diagnostics: ${problems.join(' | ')}`);
    await vsc.screenshot('12-codetour-diagnostic');
  });

  it('3. Convert CodeTour Tour to Walkthrough writes a walkthrough whose steps carry anchors', async () => {
    await vsc.openFile('.tours/stock.tour');
    await vsc.runCommand('Walkthroughs: Convert CodeTour Tour to Walkthrough');
    const written = path.join(vsc.workspace, 'stock.walkthrough.yaml');
    await vsc.poll('the converted walkthrough on disk', async () => existsSync(written), Boolean, 20_000);
    await vsc.poll('it opens in the editor', () => vsc.activeTab(), (t) => t.includes('stock.walkthrough.yaml'));
    const yaml = parse(readFileSync(written, 'utf8'));
    assert.equal(yaml.title, TITLE);
    assert.equal(yaml.steps[0].anchor, goLines[SELL - 1]!.trim());
    assert.equal(yaml.steps[0].symbol, 'InventoryServer.Sell');
    assert.equal(yaml.steps[0].points, 'One transaction for the whole order; **a lock per goods**.');
    assert.ok(yaml.steps[1].anchor.includes('tx.Commit()'));
    assert.equal(yaml.steps[1].title, 'Commit first');
    assert.equal(yaml.convertedFrom, '.tours/stock.tour');
    const ids = yaml.steps.map((step: { id?: string }) => step.id);
    assert.ok(ids.every(Boolean) && new Set(ids).size === ids.length, `stable, unique ids: ${ids.join()}`);
    await vsc.poll('the toast', () => vsc.notifications(), (n) => n.some((t) => t.includes('Converted')));
    // Listed once, as the walkthrough (book icon), though the .tour is still there for CodeTour users.
    const pane = vsc.sidebarPane('Walkthroughs');
    // The tour was visited (1/4); the walkthrough, a new id, was not (0/4): the one row left is the walkthrough.
    // (Rows read in one go: the tree re-renders while the tour leaves it.)
    const treeRows = () => pane.locator('.pane-body .monaco-list-row').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('aria-label') ?? ''} ${row.textContent ?? ''}`));
    await vsc.poll('listed once, as the walkthrough', async () => (await treeRows()).filter((row) => row.includes(TITLE)), (rows) => rows.length === 1 && /\b0\/4\b/.test(rows[0]!));
    assert.equal(await pane.locator('.pane-body .monaco-list-row .codicon-compass').count(), 0);
    await vsc.screenshot('12-codetour-converted');
    // The toast offers to delete the tour (both would show CodeLens); only a click deletes it.
    assert.ok(existsSync(path.join(vsc.workspace, '.tours', 'stock.tour')));
    await vsc.page.locator('.notifications-toasts .notification-list-item .monaco-button', { hasText: 'Delete the .tour File' }).first().click();
    await vsc.poll('the tour deleted', async () => !existsSync(path.join(vsc.workspace, '.tours', 'stock.tour')), Boolean, 20_000);
    // (Read the rows in one go: the tree re-renders while the tour disappears.)
    const rows = () => vsc.sidebarPane('Walkthroughs').locator('.pane-body .monaco-list-row').allInnerTexts();
    await vsc.poll('only the walkthrough in the tree', rows, (r) => r.filter((row) => row.includes(TITLE)).length === 1);
    // Our own output has no "missing-step-id" hint (the converted walkthrough is the open editor).
    await vsc.openFile('stock.walkthrough.yaml');
    await vsc.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    // Read in one go (rows re-render while the server updates them). The tour's tab is still open,
    // so its own rows stay too; neither it (a .tour has no id field) nor the walkthrough asks for ids.
    const problemRows = () => vsc.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
    const problems = await vsc.poll('the converted walkthrough checked', problemRows, (rows) => rows.some((row) => /stock\.walkthrough\.yaml/.test(row)));
    assert.deepEqual(problems.filter((row) => /has no `id`/.test(row)), []);
    await vsc.screenshot('12-codetour-no-missing-id');
    await vsc.screenshot('12-codetour-tour-deleted');
  });

  it('4. Export Walkthrough… writes one HTML page; it reads on a phone and prints cleanly', async () => {
    await vsc.runCommand('Walkthroughs: Export Walkthrough…');
    await vsc.pickQuickItem(/stock\.walkthrough\.yaml/);
    await vsc.pickQuickItem('HTML page');
    // VS Code's save dialog (a quick input in the browser), filled with the suggested file.
    const input = vsc.page.locator('.quick-input-widget input');
    await vsc.poll('the save dialog suggests an .html file', () => input.inputValue(), (v) => v.endsWith('.html'));
    const suggested = await input.inputValue();
    await vsc.screenshot('12-export-dialog');
    await vsc.page.keyboard.press('Enter');
    const file = path.join(vsc.workspace, path.basename(suggested));
    await vsc.poll('the exported page on disk', async () => existsSync(file), Boolean, 20_000);
    await vsc.poll('the toast', () => vsc.notifications(), (n) => n.some((t) => t.includes('Exported')));
    const html = readFileSync(file, 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.ok(!/<script/i.test(html));

    const page = await vsc.context.newPage();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`file://${file}`);
      await page.locator('h1', { hasText: TITLE }).waitFor();
      assert.equal(await page.locator('section.step').count(), 4);
      assert.match(await page.locator('section.step').first().innerText(), new RegExp(`inventory\\.go:${SELL}`));
      // The image of the handlers step: its alt text, no bang, nothing loaded.
      const handlers = await page.locator('section.step', { hasText: 'The handlers live here' }).innerText();
      assert.match(handlers, /^Overview$/m, handlers);
      assert.ok(!handlers.includes('!Overview') && (await page.locator('img').count()) === 0);
      // Readable on a phone: nothing wider than the screen but the code blocks, which scroll.
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      // The CSP let the page's own style apply (a blocked style would leave the default serif font).
      const font = (await page.evaluate('getComputedStyle(document.body).fontFamily')) as string;
      assert.match(font, /system-ui/);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, '12-export-phone.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: path.join(resultsDir, '12-export-print.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

// Issue 20: a decayed tour in a git repository. The tour was committed with the old code; then a
// function was added above the code it explains. Its line step must show "repaired from history"
// in the tree and its CodeLens must stand on the code the tour was written about.
describe('A decayed CodeTour tour repaired from git history in a real VS Code', { timeout: 300_000 }, () => {
  const OLD = 'package shop\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
  const NEW = 'package shop\n\n// Audit runs before every sale.\nfunc Audit() {\n\tcheck()\n\treport()\n}\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
  const at = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const HISTORY_TITLE = 'Selling (decayed)';
  let vsc: VSCodeSession;
  let fixture: string;

  before(async () => {
    fixture = mkdtempSync(path.join(os.tmpdir(), 'cw-codetour-history-'));
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: fixture, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1' } });
    mkdirSync(path.join(fixture, 'shop'));
    mkdirSync(path.join(fixture, '.tours'));
    writeFileSync(path.join(fixture, 'shop', 'a.go'), OLD);
    writeFileSync(path.join(fixture, '.tours', 'selling.tour'), JSON.stringify({ title: HISTORY_TITLE, steps: [{ file: 'shop/a.go', line: at(OLD, 'lock()'), title: 'Take the lock', description: 'Lock before selling.' }] }, null, 2));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'tour');
    writeFileSync(path.join(fixture, 'shop', 'a.go'), NEW);
    git('commit', '-q', '-am', 'audit before selling');
    // The workspace root becomes the repository: its .git, the tour and the code side by side.
    vsc = await VSCodeSession.start({ name: 'codetour-history', workspaceSources: [path.join(fixture, 'shop'), path.join(fixture, '.tours'), path.join(fixture, '.git')], readyEntry: 'shop' });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  it('the tree says "repaired from history" and the CodeLens stands on the code the tour was written about', async () => {
    await vsc.openActivity('Walkthroughs');
    await vsc.poll('the tour in the tree', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes(HISTORY_TITLE)));
    await vsc.page.locator('.part.sidebar .monaco-list-row', { hasText: HISTORY_TITLE }).first().click();
    // git runs in the background on a shared, loaded machine: give it time (the wait ends on the state).
    const rows = await vsc.poll('the step marked repaired', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes('Take the lock') && row.includes('repaired from history')), 60_000);
    assert.ok(rows.some((row) => row.includes(`a.go:${at(NEW, 'lock()')}`)), rows.join(' | '));
    await vsc.screenshot('20-codetour-repaired-from-history');
    // The row's tooltip says which commit the code was read at (the description may be cut off).
    await vsc.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Take the lock' }).first().hover();
    const tooltip = vsc.page.locator('.workbench-hover, .monaco-hover:not(.hidden)', { hasText: 'Repaired from history' }).first();
    await tooltip.waitFor({ timeout: 15_000 });
    assert.match((await tooltip.innerText()).replace(/\s+/g, ' '), /Repaired from history\W+the tour\W+s line was read at commit [0-9a-f]{8}/);
    await vsc.screenshot('20-codetour-repaired-tooltip');
    await vsc.page.keyboard.press('Escape');
    await vsc.openFile('shop/a.go');
    const marks = await vsc.poll('the CodeLens on lock()', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(HISTORY_TITLE) && l.line === at(NEW, 'lock()')));
    assert.ok(!marks.lenses.some((l) => l.line === at(OLD, 'lock()')), 'nothing left on the line number the tour recorded');
    await vsc.screenshot('20-codetour-repaired-codelens');
  });
});
