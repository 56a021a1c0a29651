// A newcomer's first minute: the VSIX is installed, the open folder has no walkthroughs. The
// Walkthroughs view offers "Open Sample Repository"; VS Code's own folder dialog picks where the
// sample goes; the window reopens on the copy and offers the primary tour, which starts at Sell.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, VSCodeSession } from './harness';
import { primaryWalkthrough } from './sample';

describe('first run: Open Sample Repository from an empty folder', { timeout: 240_000 }, () => {
  let vsc: VSCodeSession;
  let scratch: string;
  let parent: string;
  const primary = primaryWalkthrough(path.join(repoRoot, 'walkthroughs'));

  before(async () => {
    // The folder VS Code opens: only a notes file, no walkthroughs.
    scratch = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-first-run-'));
    const notes = path.join(scratch, 'notes.md');
    writeFileSync(notes, '# My notes\n\nNo walkthroughs here yet.\n');
    // Where the user asks for the sample to go: an existing folder that already holds other work.
    parent = path.join(scratch, 'projects');
    mkdirSync(path.join(parent, 'code-walkthroughs-sample', 'my-work'), { recursive: true });
    vsc = await VSCodeSession.start({ name: 'first-run', workspaceSources: [notes], readyEntry: 'notes.md' });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (scratch && !process.env.CW_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
  });

  it('welcome view → folder dialog → the sample opens and the primary tour starts', async () => {
    await vsc.openActivity('Walkthroughs');
    const open = await vsc.waitFor('.part.sidebar .welcome-view-content a, .part.sidebar .welcome-view-content .monaco-button', {
      hasText: 'Open Sample Repository',
      timeout: 30_000,
    });
    assert.match(await vsc.page.locator('.part.sidebar .welcome-view-content').first().innerText(), /No walkthroughs in this workspace/);
    await vsc.screenshot('9-first-run-welcome');
    await open.click();

    // VS Code's folder dialog (a quick input with a path box in the browser): type the parent folder.
    const input = vsc.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await vsc.waitFor('.quick-input-widget', { hasText: /code-walkthroughs-sample/ });
    // The dialog fills in its starting folder asynchronously and would overwrite a path typed
    // too early: wait for it, then type until the box holds our path and lists its contents.
    await vsc.poll('the dialog shows its starting folder', () => input.inputValue(), (v) => v.endsWith('/'));
    const wanted = `${parent}/`;
    await vsc.poll('the dialog lists the typed folder', async () => {
      if ((await input.inputValue()) !== wanted) await input.fill(wanted);
      await vsc.page.waitForTimeout(500);
      const rows = await vsc.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
      return { value: await input.inputValue(), rows };
    }, (s) => s.value === wanted && s.rows.some((r) => r.includes('code-walkthroughs-sample')));
    await vsc.screenshot('9-first-run-dialog');
    await vsc.page.locator('.quick-input-widget .monaco-button', { hasText: 'Create Sample Here' }).first().click();

    // The copy lands beside the existing non-empty folder, which stays untouched.
    const target = path.join(parent, 'code-walkthroughs-sample-2');
    await vsc.poll('the sample copied', async () => existsSync(path.join(target, 'walkthroughs', path.basename(primary.yamlFile))), Boolean, 30_000);
    assert.deepEqual(readdirSync(path.join(parent, 'code-walkthroughs-sample')), ['my-work']);
    assert.deepEqual(readdirSync(target).sort(), ['sample-repo', 'walkthroughs']);

    // The window reopens on the copy and offers the primary tour.
    const offer = await vsc.waitFor('.notifications-toasts .notification-list-item', { hasText: primary.title, timeout: 60_000 });
    assert.equal(new URL(vsc.page.url()).searchParams.get('folder'), target, 'the window shows the copy');
    await vsc.screenshot('9-first-run-offer');
    await offer.locator('.monaco-button', { hasText: 'Start Tour' }).click();

    const first = primary.steps[0]!;
    await vsc.poll('status bar shows step 1', () => vsc.statusBarItems(), (items) => items.includes(`${primary.title} 1/${primary.steps.length}`), 30_000);
    await vsc.poll('the first step file is open', () => vsc.activeTab(), (tab) => tab.includes(path.basename(first.file!)));
    if (first.title) await vsc.webviewFrame(first.title);
    await vsc.screenshot('9-first-run-tour');
  });
});
