// Issue 27: a review walkthrough made from a real multi-commit branch of the sample, in a real
// VS Code. The workspace root is a git repository (its .git copied beside the sample): `main` has
// the sample as it is; `feature` changes Sell in one commit and Reback in the next, and the working
// tree changes Sell once more (uncommitted). "Create Review Walkthrough from Changes…" against
// `main` writes one step per touched function, in the order of the diff, with symbols; it is
// listed in the sidebar and starts from there on the Sell step.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, VSCodeSession } from './harness';

const INVENTORY = 'sample-repo/inventory_srv/handler/inventory.go';

describe('review walkthrough from a branch in a real VS Code', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let fixture: string;

  before(async () => {
    fixture = mkdtempSync(path.join(os.tmpdir(), 'cw-review-'));
    cpSync(path.join(repoRoot, 'sample-repo'), path.join(fixture, 'sample-repo'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: fixture, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1' } });
    const file = path.join(fixture, INVENTORY);
    const edit = (from: RegExp, to: (match: string) => string) => {
      const text = readFileSync(file, 'utf8');
      assert.match(text, from);
      writeFileSync(file, text.replace(from, to));
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'sample');
    git('checkout', '-q', '-b', 'feature');
    edit(/(func \(\*InventoryServer\) Sell\([^\n]*\n)/, (m) => `${m}\t// Review: every item is sold under its own lock.\n`);
    git('commit', '-q', '-am', 'Sell: say why');
    edit(/(func \(\*InventoryServer\) Reback\([^\n]*\n)/, (m) => `${m}\t// Review: returns are idempotent per order.\n`);
    git('commit', '-q', '-am', 'Reback: say why');
    edit(/(\t\/\/ Review: every item is sold under its own lock\.\n)/, (m) => `${m}\t// (uncommitted) and the transaction spans all items.\n`);
    vsc = await VSCodeSession.start({ name: 'review', workspaceSources: [path.join(fixture, 'sample-repo'), path.join(fixture, '.git')], readyEntry: 'sample-repo' });
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  it('writes one step per touched function, in order, with symbols, and starts from the sidebar', async () => {
    await vsc.openActivity('Walkthroughs');
    await vsc.runCommand('Walkthroughs: Create Review Walkthrough from Changes');
    await vsc.answerInput('Compare with which branch, tag or commit?', 'main');

    const reviewFile = path.join(vsc.workspace, 'review-feature.walkthrough.yaml');
    const written = await vsc.poll('the review walkthrough on disk', async () => {
      try {
        return readFileSync(reviewFile, 'utf8');
      } catch {
        return '';
      }
    }, (text) => text.includes('steps:'));
    const doc = parse(written) as { title: string; steps: Array<{ title: string; symbol?: string; file?: string; anchor?: string }> };
    assert.equal(doc.title, 'Review: feature (since main)');
    assert.deepEqual(doc.steps.map((s) => s.symbol), ['InventoryServer.Sell', 'InventoryServer.Reback'], written);
    assert.match(doc.steps[0]!.anchor ?? '', /every item is sold under its own lock/);

    const rows = await vsc.poll('the review in the tree', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes(doc.title)));
    assert.ok(rows.some((row) => row.includes(doc.title)));
    const row = vsc.sidebarPane('Walkthroughs').locator('.monaco-list-row', { hasText: doc.title }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="Start"]').click();
    await vsc.poll('the tour on the Sell step', () => vsc.statusBarItems(), (items) => items.some((item) => item.startsWith(`${doc.title} 1/2`)));
    const frame = await vsc.webviewFrame('InventoryServer.Sell');
    assert.match(await frame.locator('body').innerText(), /1 \/ 2/);
    assert.match(await vsc.activeTab(), /inventory\.go/);
    const marks = await vsc.poll('the highlight on the changed lines', () => vsc.editorMarks(), (m) => m.highlighted.length > 0);
    const lines = readFileSync(path.join(vsc.workspace, INVENTORY), 'utf8').split('\n');
    const changed = lines.findIndex((l) => l.includes('every item is sold under its own lock')) + 1;
    assert.ok(marks.highlighted.includes(changed), `line ${changed} is highlighted: ${marks.highlighted.join(', ')}`);
    // A review is read, not rehearsed (`practice: false`): its steps add nothing to the practice counts.
    assert.match(written, /^practice: false$/m);
    const practiceItem = (await vsc.statusBarItems()).find((item) => /\bdue\b|\bnew\b/.test(item));
    assert.ok(!practiceItem || !/[1-9]\d* new/.test(practiceItem), `no new practice cards from the review: ${practiceItem}`);
    await vsc.screenshot('27-review-tour');
  });
});
