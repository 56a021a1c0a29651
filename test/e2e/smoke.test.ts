// Smoke: the packaged extension installs into a real VS Code and the workbench opens the copied
// sample workspace. Cheap to diagnose when everything else fails.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';

describe('smoke: VSIX installs and the sample workspace opens', { timeout: 180_000 }, () => {
  let vsc: VSCodeSession;
  before(async () => {
    vsc = await VSCodeSession.start({ name: 'smoke' });
  });
  after(async () => {
    await vsc?.close();
  });

  it('opens the copied workspace with sample-repo and walkthroughs', async () => {
    const explorer = vsc.page.locator('.explorer-folders-view .monaco-list-row');
    await vsc.waitFor('.explorer-folders-view .monaco-list-row', { hasText: 'walkthroughs' });
    const names = await explorer.allInnerTexts();
    assert.ok(names.some((n) => n.includes('sample-repo')), `explorer rows: ${names.join(', ')}`);
    assert.ok(!vsc.workspace.startsWith(path.resolve('.')), 'the workspace is a copy outside the repo');
    await vsc.screenshot('smoke-workbench');
  });

  it('lists the extension as installed', async () => {
    const listed = vsc.cli(['--list-extensions', '--show-versions']);
    assert.match(listed, /^code-walkthroughs\.code-walkthroughs@\d+\.\d+\.\d+$/m);
    await vsc.runCommand('Extensions: Show Installed Extensions');
    const row = await vsc.waitFor('.extensions-viewlet .monaco-list-row', { hasText: 'Code Walkthroughs', timeout: 20_000 });
    assert.match(await row.innerText(), /Code Walkthroughs/);
    await vsc.screenshot('smoke-extensions');
  });
});
