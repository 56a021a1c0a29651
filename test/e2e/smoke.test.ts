// Smoke: the packaged extension installs into a real VS Code and the workbench opens the copied
// sample workspace. Cheap to diagnose when everything else fails.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';
import { SERVER_NODE_ARGS } from '../../common/src/serverProcess';

/** Every process's arguments, from /proc (Linux, where the e2e tests run). */
function commandLines(): string[][] {
  const lines: string[][] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch {
      // The process ended meanwhile.
    }
  }
  return lines;
}

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

  it('starts the language server with the Node flags users run (common/src/serverProcess.ts)', async () => {
    // This session's server: the installed extension's dist/server.js under this run's folder.
    const mine = path.join(vsc.runDir, 'extensions');
    const servers = await vsc.poll(
      'the language server process',
      async () => commandLines().filter((args) => args.some((arg) => arg.startsWith(mine) && /dist[\\/]server\.js$/.test(arg))),
      (lines) => lines.length > 0,
      30_000,
    );
    for (const flag of SERVER_NODE_ARGS) assert.ok(servers.every((args) => args.includes(flag)), `${flag} in: ${servers.map((args) => args.join(' ')).join('\n')}`);
  });
});
