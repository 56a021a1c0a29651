// Issue 15, "which files are walkthroughs" in one place: with `walkthroughs.files: ['tours/*.yaml']`
// the client decides as the server does. The workspace holds the sample Go repo and `tours/order.yaml`
// (no `.walkthrough.yaml` name); code hovers are switched off (`walkthroughs.hover.enabled: false`),
// which applies to code, never to walkthrough files:
//   1. the server loads the tour: it is in the Walkthroughs tree;
//   2. in tours/order.yaml the authoring hover on a key still shows (the client used to take the file
//      for code and drop the hover), and the editor menu has no "Add Step from Selection" there;
//   3. in the Go file the same setting does switch the hover off, and the menu offers the command.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, VSCodeSession } from './harness';

const GO = path.join(repoRoot, 'sample-repo', 'inventory_srv', 'handler', 'inventory.go');
const goLines = readFileSync(GO, 'utf8').split('\n');
const SELL = goLines.findIndex((l) => l.includes('func (*InventoryServer) Sell(')) + 1;
const TITLE = 'Stock under custom globs';
const YAML = `title: ${TITLE}
root: ../sample-repo
steps:
  - file: inventory_srv/handler/inventory.go
    anchor: ${JSON.stringify(goLines[SELL - 1]!.trim())}
    title: Sell
    points: One transaction for the whole order.
`;

describe('walkthroughs.files decides for the client too, in a real VS Code', { timeout: 240_000 }, () => {
  let vsc: VSCodeSession;
  let fixture: string;

  before(async () => {
    assert.ok(SELL > 0, 'the sample declares Sell');
    fixture = mkdtempSync(path.join(os.tmpdir(), 'cw-files-'));
    mkdirSync(path.join(fixture, 'tours'));
    writeFileSync(path.join(fixture, 'tours', 'order.yaml'), YAML);
    vsc = await VSCodeSession.start({
      name: 'walkthrough-files',
      workspaceSources: [path.join(repoRoot, 'sample-repo'), path.join(fixture, 'tours')],
      readyEntry: 'sample-repo',
      settings: { 'walkthroughs.files': ['tours/*.yaml'], 'walkthroughs.hover.enabled': false },
    });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  const editorMenu = async (): Promise<string[]> => {
    await vsc.page.locator('.editor-group-container.active .view-lines').first().click({ button: 'right' });
    const menu = vsc.page.locator('.context-view .monaco-menu');
    await menu.first().waitFor();
    const items = await menu.locator('.action-label').allInnerTexts();
    await vsc.page.keyboard.press('Escape');
    return items.map((t) => t.trim()).filter(Boolean);
  };

  it('1. the tour under tours/ is in the tree', async () => {
    await vsc.openActivity('Walkthroughs');
    const rows = await vsc.poll('the tour in the tree', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes(TITLE)));
    assert.ok(rows.some((row) => row.includes(TITLE)));
  });

  it('2. in tours/order.yaml the authoring hover shows and Add Step from Selection is not offered', async () => {
    await vsc.openFile('tours/order.yaml');
    const hover = await vsc.hoverLine(5, 'anchor');
    // The key's documentation, or (when the pointer lands on the value) the step's resolved code:
    // either is the server's walkthrough hover, which the client dropped when it took the file for code.
    const yamlHover = /text expected at the start of the range|1\/1 Sell/;
    const text = await vsc.poll('the walkthrough hover', () => hover.innerText(), (t) => yamlHover.test(t));
    assert.match(text, yamlHover);
    await vsc.screenshot('15-files-yaml-hover');
    const items = await editorMenu();
    assert.ok(items.length > 0, 'the editor context menu opened');
    assert.ok(!items.some((item) => /Add Step from Selection/.test(item)), `no Add Step on a walkthrough: ${items.join(' | ')}`);
  });

  it('3. in the Go file hovers are off, as the setting says, and Add Step from Selection is offered', async () => {
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(SELL);
    await assert.rejects(vsc.hoverLine(SELL, 'Sell'), 'no hover on code while walkthroughs.hover.enabled is false');
    const items = await editorMenu();
    assert.ok(items.some((item) => /Add Step from Selection/.test(item)), `Add Step on code: ${items.join(' | ')}`);
    await vsc.screenshot('15-files-go-no-hover');
    assert.deepEqual(vsc.consoleErrors.filter((e) => /walkthrough/i.test(e)), [], 'no console errors from the extension');
  });
});
