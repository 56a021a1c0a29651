// Issue 6, scenarios 4–6, in one VS Code session:
//   4. typing lines above the Sell step moves its CodeLens and highlight before saving;
//   5. breaking the walkthrough YAML (unknown key, missing file) shows diagnostics at the right
//      lines in the Problems panel; reverting clears them; after the code moves, the quick fix
//      updates the step's `lines`;
//   6. killing the language server: the client restarts it and the tour goes on.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';
import { anchorLineOnDisk, enclosingGoFunc, loadWalkthroughs, primaryWalkthrough, stepKeyLine, type SampleStep, type SampleWalkthrough } from './sample';

describe('editing: anchors follow edits, YAML diagnostics and quick fix, server restart', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let primary: SampleWalkthrough;
  let sell: SampleStep;
  let sellLine: number;

  before(async () => {
    vsc = await VSCodeSession.start({
      name: 'editing',
      // Typed text must not be swallowed by suggestions.
      settings: {
        'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
        'editor.suggestOnTriggerCharacters': false,
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.autoClosingBrackets': 'never',
        'files.autoSave': 'off',
        // One lens per step (the default summary mode groups Sell's steps into one lens).
        'walkthroughs.codeLens.mode': 'all',
      },
    });
    primary = primaryWalkthrough(vsc.workspace);
    const found = primary.steps.find((s) => s.file?.endsWith('inventory.go') && s.anchor && enclosingGoFunc(s.file, anchorLineOnDisk(s)) === 'Sell');
    assert.ok(found, 'the primary walkthrough has a step in Sell');
    sell = found;
    sellLine = anchorLineOnDisk(sell);
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
  });

  const lensText = (step: SampleStep) => `${primary.title} · ${step.index + 1}/${primary.steps.length}`;
  const statusText = (position: number) => `${primary.title} ${position}/${primary.steps.length}`;
  const waitForStatus = (position: number) =>
    vsc.poll(`status bar "${statusText(position)}"`, () => vsc.statusBarItems(), (items) => items.includes(statusText(position)));

  /** Types `lines` as new lines after line `after`, read back and retried (a lost Enter must not fake a result). */
  const insertLinesAfter = (after: number, lines: string[]) => vsc.insertLinesAfter(after, lines);

  it('4. typing lines above Sell moves its CodeLens and highlight before saving', async () => {
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(sellLine);
    const before = await vsc.poll('the Sell CodeLens', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(lensText(sell)) && l.line === sellLine));
    // Start the tour at this step from its CodeLens, so the highlight shows.
    await vsc.clickCodeLens(lensText(sell), `status bar "${statusText(sell.index + 1)}"`, async () => (await vsc.statusBarItems()).includes(statusText(sell.index + 1)));
    const highlighted = (await vsc.poll('highlight', () => vsc.editorMarks(), (m) => m.highlighted[0] === sellLine)).highlighted;
    assert.ok(before.lenses.length > 0);

    const problemsBefore = await vsc.problems();
    await insertLinesAfter(sellLine - 1, ['// e2e: first new line', '// e2e: second new line', '// e2e: third new line']);
    const moved = sellLine + 3;
    const marks = await vsc.poll(
      'CodeLens and highlight 3 lines lower',
      () => vsc.editorMarks(),
      (m) => m.lenses.some((l) => l.text.includes(lensText(sell)) && l.line === moved) && m.highlighted[0] === moved,
    );
    assert.deepEqual(marks.highlighted, highlighted.map((l) => l + 3), 'the whole highlight moved, same length');
    assert.deepEqual(marks.gutter, [moved]);
    // The step card's location follows too (the server re-sent the step after the edit).
    await vsc.webviewFrame(`inventory.go:${moved}`);
    const tab = vsc.page.locator('.editor-group-container.active .tabs-container .tab.active');
    assert.match((await tab.getAttribute('class')) ?? '', /\bdirty\b/, 'the file is not saved');
    await vsc.screenshot('4-typed-above-sell');

    await vsc.runCommand('File: Revert File');
    await vsc.poll('CodeLens back at the anchor', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(lensText(sell)) && l.line === sellLine) && m.highlighted[0] === sellLine);
    // The moved-step diagnostics the typing raised are gone again (the next test counts problems).
    await vsc.poll(`the ${problemsBefore.length} problem rows from before the typing`, () => vsc.problems(), (r) => r.length === problemsBefore.length, 30_000);
    await vsc.runCommand('Walkthroughs: End Walkthrough');
  });

  it('5. a broken walkthrough YAML shows diagnostics at the right lines; revert clears them; quick fix updates moved lines', async () => {
    const baseline = await vsc.problems();
    // A step located by its file alone (a step with a `symbol` follows the symbol to another
    // file instead, with a file-moved warning): the primary's if it has one, else another's.
    const candidates = [primary, ...loadWalkthroughs(vsc.workspace).filter((w) => w.id !== primary.id)];
    const broken = candidates.find((w) => w.steps.some((s) => s.file && !s.symbol));
    assert.ok(broken, 'some walkthrough has a step with a file and no symbol');
    const first = broken.steps.find((s) => s.file && !s.symbol)!;
    const typoLine = stepKeyLine(broken, first, 'file'); // the typo goes above the step's file key
    const fileLine = typoLine + 1;
    await vsc.openFile(path.basename(broken.yamlFile));

    // A typo'd key above the step's second line, and a file that does not exist.
    await vsc.typeChecked(
      `a typo'd key at line ${typoLine} and a missing file at line ${fileLine}`,
      async () => {
        await vsc.goToLine(typoLine);
        await vsc.page.keyboard.press('Home');
        await vsc.page.keyboard.type('tittle: typo\n');
        await vsc.goToLine(fileLine);
        await vsc.page.keyboard.press('Home');
        await vsc.page.keyboard.press('Shift+End');
        await vsc.page.keyboard.type('file: no_such_dir/missing.go');
      },
      (lines) => lines[typoLine]?.trim() === 'tittle: typo' && lines[fileLine]?.trim() === 'file: no_such_dir/missing.go',
    );

    const rows = await vsc.poll('diagnostics for the unknown key and the missing file', () => vsc.problems(), (r) =>
      r.some((x) => /tittle/.test(x)) && r.some((x) => /missing\.go/.test(x)), 20_000);
    const unknown = rows.find((x) => /tittle/.test(x))!;
    const missing = rows.find((x) => /missing\.go/.test(x))!;
    assert.match(unknown, new RegExp(`(line|Ln) ${typoLine}\\b`, 'i'), `unknown key at line ${typoLine}: ${unknown}`);
    assert.match(unknown, /warning/i);
    assert.match(missing, new RegExp(`(line|Ln) ${fileLine}\\b`, 'i'), `missing file at line ${fileLine}: ${missing}`);
    assert.match(missing, /error/i);
    await vsc.screenshot('5-yaml-diagnostics');

    await vsc.runCommand('File: Revert File');
    // The panel may be empty for a moment while it redraws: wait for the rows from before, not for none.
    const cleared = await vsc.poll(`diagnostics cleared, back to ${baseline.length} rows`, () => vsc.problems(), (r) => !r.some((x) => /tittle|missing\.go/.test(x)) && r.length === baseline.length);
    assert.equal(cleared.length, baseline.length, `back to the ${baseline.length} problem rows from before: ${cleared.join(' | ')}`);

    // Move the Sell code down by two lines and save: the step is now "moved"; the quick fix
    // on its `lines` rewrites them.
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await insertLinesAfter(sellLine - 1, ['// e2e: moved 1', '// e2e: moved 2']);
    await vsc.page.keyboard.press('Control+S');
    await vsc.poll('saved', async () => (await vsc.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('class')) ?? '', (c) => !/\bdirty\b/.test(c));

    await vsc.openFile(path.basename(primary.yamlFile));
    const linesLine = stepKeyLine(primary, sell, 'lines');
    await vsc.goToLine(linesLine);
    await vsc.page.keyboard.press('End');
    const oldHint = sell.lines!;
    const [start, end] = oldHint.split('-').map(Number) as [number, number | undefined];
    const expected = end === undefined ? `${start + 2}` : `${start + 2}-${end + 2}`;
    // Wait for the server to report the moved step, then open the quick fixes.
    await vsc.poll('anchor-moved diagnostic', () => vsc.problems(), (r) => r.some((x) => new RegExp(`(line|Ln) ${linesLine}\\b`, 'i').test(x)), 20_000);
    await vsc.openFile(path.basename(primary.yamlFile));
    await vsc.goToLine(linesLine);
    await vsc.page.keyboard.press('End');
    await vsc.page.keyboard.press('Control+.');
    const fix = vsc.page.locator('.action-widget .monaco-list-row', { hasText: /lines/i }).first();
    await fix.waitFor({ timeout: 10_000 });
    await vsc.screenshot('5-quick-fix-menu');
    await fix.click();
    const updated = await vsc.poll('the lines hint updated', () => vsc.visibleLines(), (ls) => ls.some((l) => l.line === linesLine && l.text.includes(expected)));
    assert.ok(updated.find((l) => l.line === linesLine)!.text.includes(`lines: ${expected}`), `lines: ${expected}`);
    await vsc.screenshot('5-quick-fix-applied');
  });

  it('6. after the language server is killed, the client restarts it and the tour goes on', async () => {
    // Start the primary tour from the command palette (the primary walkthrough is listed first).
    await vsc.runCommand('Walkthroughs: Start Walkthrough');
    await vsc.pickQuickItem(primary.title);
    const statusItem = await vsc.poll('tour running', () => vsc.statusBarItems(), (items) => items.some((t) => t.startsWith(`${primary.title} `)));
    const position = Number(/ (\d+)\//.exec(statusItem.find((t) => t.startsWith(`${primary.title} `))!)![1]);
    assert.ok(position < primary.steps.length, 'not at the last step');

    const servers = vsc.languageServers();
    assert.equal(servers.length, 1, `one language server: ${JSON.stringify(servers)}`);
    const hostsBefore = vsc.extensionHosts().map((p) => p.pid);
    process.kill(servers[0]!.pid, 'SIGKILL');
    const restarted = await vsc.poll('a new language server', async () => vsc.languageServers(), (s) => s.length === 1 && s[0]!.pid !== servers[0]!.pid, 30_000);
    assert.deepEqual(vsc.extensionHosts().map((p) => p.pid), hostsBefore, 'the extension host kept running');

    await vsc.runCommand('Walkthroughs: Next Step');
    await waitForStatus(position + 1);
    const next = primary.steps[position]!;
    const frame = await vsc.webviewFrame(`${position + 1} / ${primary.steps.length}`);
    if (next.title) assert.ok((await frame.locator('body').innerText()).includes(next.title));
    if (next.file) {
      await vsc.poll('highlight after restart', () => vsc.editorMarks(), (m) => m.highlighted.length > 0);
      await vsc.poll('CodeLens after restart', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(lensText(next))));
    }
    await vsc.screenshot('6-after-server-restart');
    console.log(`language server ${servers[0]!.pid} killed, restarted as ${restarted[0]!.pid}`);
  });
});
