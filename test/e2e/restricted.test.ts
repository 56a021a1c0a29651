// Restricted Mode: an untrusted folder still gets the walkthroughs read-only (the extension
// declares `untrustedWorkspaces: limited`; the language server only reads files).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';
import { anchorLineOnDisk, loadWalkthroughs, primaryWalkthrough } from './sample';

describe('restricted mode', { timeout: 180_000 }, () => {
  let vsc: VSCodeSession;
  before(async () => {
    vsc = await VSCodeSession.start({ name: 'restricted', restricted: true, settings: { 'security.workspace.trust.enabled': true, 'walkthroughs.codeLens.mode': 'all' } });
  });
  after(async () => {
    if (vsc) await vsc.close();
  });

  it('an untrusted folder shows the tree, CodeLens and the tour', async () => {
    await vsc.poll('Restricted Mode indicator', () => vsc.statusBarItems(), (items) => items.some((t) => /restricted/i.test(t)), 30_000);
    const all = loadWalkthroughs(vsc.workspace);
    await vsc.openActivity('Walkthroughs');
    const rows = await vsc.poll('tree rows', () => vsc.treeRows('Walkthroughs'), (r) => r.length >= all.length, 30_000);
    const primary = primaryWalkthrough(vsc.workspace);
    assert.ok(rows.some((r) => r.startsWith(primary.title)), rows.join(' | '));

    const first = primary.steps[0]!;
    await vsc.openFile(path.relative(vsc.workspace, first.file!));
    const line = anchorLineOnDisk(first);
    await vsc.goToLine(line);
    const marks = await vsc.poll('CodeLens on the first step', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.text.includes(primary.title)));
    assert.ok(marks.lenses.some((l) => l.line === line && l.text.includes(primary.title)), JSON.stringify(marks.lenses));

    await vsc.runCommand('Walkthroughs: Start Walkthrough…');
    await vsc.pickQuickItem(primary.title);
    await vsc.poll('status bar', () => vsc.statusBarItems(), (items) => items.includes(`${primary.title} 1/${primary.steps.length}`));
    await vsc.screenshot('8-restricted-mode');
  });
});
