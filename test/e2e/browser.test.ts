// Issue 23, "In the browser": the extension's browser build (package.json `browser`) in the web
// worker extension host of the real VS Code we test with (code-server), on a virtual workspace
// (`memfs:/sample`, an in-memory file system of a test extension, ./memfs.ts) — no disk, no
// process: the sidebar lists the walkthroughs, a tour starts and reaches the Sell step, and the
// CodeLens and the hover show on that step; creating a review (git) and exporting say they are unavailable.
// Expectations come from the sample's YAML and Go files (./sample.ts), not from the product.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultWorkspaceSources, VSCodeSession } from './harness';
import { memfsVsix, WHERE_COMMAND } from './memfs';
import { anchorLineOnDisk, enclosingGoFunc, firstLine, primaryWalkthrough, loadWalkthroughs, type SampleStep, type SampleWalkthrough } from './sample';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('browser build: web worker extension host, virtual workspace', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let primary: SampleWalkthrough;
  let sell: SampleStep;
  let sellLine: number;
  let tmp: string;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'cw-memfs-'));
    const vsix = memfsVsix(tmp, 'sample', defaultWorkspaceSources());
    vsc = await VSCodeSession.start({
      name: 'browser',
      extraVsix: [vsix],
      folderUri: 'memfs:/sample',
      readyEntry: 'sample-repo',
      settings: {
        // Run Code Walkthroughs in the web worker extension host (its `browser` entry), as
        // vscode.dev and github.dev do, instead of code-server's Node extension host.
        'remote.extensionKind': { 'code-walkthroughs.code-walkthroughs': ['web'] },
        'walkthroughs.codeLens.mode': 'all',
      },
    });
    primary = primaryWalkthrough(vsc.workspace);
    const found = primary.steps.find((step) => step.file && step.anchor && enclosingGoFunc(step.file, anchorLineOnDisk(step)) === 'Sell');
    assert.ok(found, 'the primary walkthrough has a step in Sell');
    sell = found;
    sellLine = anchorLineOnDisk(sell);
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const statusText = (position: number) => `${primary.title} ${position}/${primary.steps.length}`;

  it('the sidebar lists the walkthroughs read from memfs:/sample, in the web worker host, with no server process', async () => {
    const all = loadWalkthroughs(vsc.workspace);
    await vsc.openActivity('Walkthroughs');
    const rows = await vsc.poll('tree rows', () => vsc.treeRows('Walkthroughs'), (r) => all.every((w) => r.some((row) => row.startsWith(w.title))), 60_000);
    assert.ok(rows.some((r) => r.startsWith(primary.title) && r.includes(`0/${primary.steps.length}`)), `primary row shows 0/${primary.steps.length}: ${rows.join(' | ')}`);
    await vsc.screenshot('browser-1-sidebar');

    await vsc.runCommand(WHERE_COMMAND);
    const where = await vsc.poll('where the extension runs', () => vsc.notifications(), (n) => n.some((t) => t.startsWith('Code Walkthroughs runs in')));
    const said = where.find((t) => t.startsWith('Code Walkthroughs runs in'))!;
    assert.match(said, /runs in the web worker extension host \(active: true\)/, said);
    // The language server runs inside the extension's worker: no Node process was started for it.
    assert.deepEqual(vsc.languageServers(), []);
  });

  it('a tour starts and reaches the Sell step in the virtual workspace', async () => {
    const row = vsc.sidebarPane('Walkthroughs').locator('.monaco-list-row', { hasText: primary.title }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="Start"]').click();
    await vsc.poll(`status bar "${statusText(1)}"`, () => vsc.statusBarItems(), (items) => items.includes(statusText(1)), 30_000);
    for (let position = 1; position < sell.index + 1; position++) {
      await vsc.runCommand('Walkthroughs: Next Step');
      await vsc.poll(`status bar "${statusText(position + 1)}"`, () => vsc.statusBarItems(), (items) => items.includes(statusText(position + 1)));
    }
    const base = path.basename(sell.file!);
    await vsc.poll(`tab ${base}`, () => vsc.activeTab(), (t) => t.includes(base));
    const marks = await vsc.poll('the step highlight', () => vsc.editorMarks(), (m) => m.highlighted.includes(sellLine));
    assert.equal(marks.highlighted[0], sellLine, `the highlight starts on the anchor: ${JSON.stringify(marks.highlighted)}`);
    const frame = await vsc.webviewFrame(`${sell.index + 1} / ${primary.steps.length}`);
    if (sell.title) assert.ok(norm(await frame.locator('body').innerText()).includes(sell.title), 'the step card names the Sell step');
    await vsc.screenshot('browser-2-tour-sell');
    await vsc.runCommand('Walkthroughs: End Walkthrough');
    await vsc.poll('tour ended', () => vsc.statusBarItems(), (items) => !items.some((t) => t.startsWith(`${primary.title} `)));
  });

  it('CodeLens and hover show on the Sell step', async () => {
    // The tour left inventory.go (on memfs:) open.
    await vsc.goToLine(sellLine);
    const header = `${primary.title} · ${sell.index + 1}/${primary.steps.length}`;
    const marks = await vsc.poll('the CodeLens of the Sell step', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(header)), 30_000);
    const lens = marks.lenses.find((l) => l.text.includes(header))!;
    assert.equal(lens.line, sellLine, `the lens sits above the step: ${JSON.stringify(marks.lenses)}`);
    await vsc.screenshot('browser-3-codelens');

    const hover = await vsc.hoverLine(sellLine);
    const text = await vsc.poll('hover card', async () => norm(await hover.innerText()), (t) => t.includes(header));
    if (sell.title) assert.ok(text.includes(sell.title), `hover names the step: ${text}`);
    if (sell.question) assert.ok(text.includes(norm(firstLine(sell.question)).slice(0, 12)), `hover shows the question: ${text}`);
    await vsc.screenshot('browser-4-hover');
  });

  it('creating a review (git) says it is unavailable here', async () => {
    await vsc.page.mouse.move(5, 5);
    await vsc.runCommand('Walkthroughs: Create Review Walkthrough from Changes…');
    const notes = await vsc.poll('the unavailable message', () => vsc.notifications(), (n) => n.some((t) => t.includes('needs git or a local process')));
    assert.ok(notes.some((t) => t.startsWith('Create Review Walkthrough from Changes needs git')), notes.join(' | '));
    await vsc.screenshot('browser-5-review-unavailable');
  });

  it('exporting (Node hashing) says it is not available here yet, instead of failing', async () => {
    await vsc.page.mouse.move(5, 5);
    await vsc.runCommand('Walkthroughs: Export Practice Cards for Anki…');
    const notes = await vsc.poll('the export message', () => vsc.notifications(), (n) => n.some((t) => t.includes('is not available in the browser')));
    assert.ok(notes.some((t) => t.startsWith('Export Practice Cards is not available in the browser')), notes.join(' | '));
  });
});
