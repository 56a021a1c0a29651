// Issue 12 (localization, a quieter editor) in one VS Code session with code-server's
// `--locale zh-cn` and the default CodeLens mode (`summary`):
//   1. the sidebar and the idle step card speak Chinese;
//   2. the Sell function carries fewer CodeLens than steps (a summary per group of overlapping
//      steps, "N 个演练：…");
//   3. a hover card in Chinese;
//   4. a running tour: the card in Chinese, the tree marks the current step; the CodeLens show
//      only that tour's steps;
//   5. a broken walkthrough's diagnostics in Chinese in the Problems panel;
//   6. "Open in Editor Area" shows the card as an editor tab.
// Expectations come from the workspace's YAML and Go files (./sample.ts), not from the product.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultWorkspaceSources, VSCodeSession } from './harness';
import { anchorLineOnDisk, fileLines, loadWalkthroughs, primaryWalkthrough, type SampleWalkthrough } from './sample';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const INVENTORY = 'inventory_srv/handler/inventory.go';

describe('Chinese UI and the quieter editor (code-server --locale zh-cn)', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let primary: SampleWalkthrough;
  let extra: string;
  /** 1-based first and last line of `func (…) Sell(` in inventory.go. */
  let sell: { start: number; end: number };
  /** Steps of every walkthrough whose anchor lies inside Sell: [walkthrough, line]. */
  let stepsInSell: Array<{ walkthrough: SampleWalkthrough; line: number }>;

  before(async () => {
    // A walkthrough with a missing file and an unknown key, for diagnostics.
    extra = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-l10n-'));
    mkdirSync(path.join(extra, 'zz-broken'));
    writeFileSync(
      path.join(extra, 'zz-broken', 'broken.walkthrough.yaml'),
      'title: 坏掉的演练\nsteps:\n  - file: sample-repo/inventory_srv/handler/nope.go\n    anchor: func Nope()\n    bogus: 1\n',
    );
    vsc = await VSCodeSession.start({ name: 'l10n', locale: 'zh-cn', workspaceSources: [...defaultWorkspaceSources(), path.join(extra, 'zz-broken')] });
    primary = primaryWalkthrough(vsc.workspace);
    const file = path.join(vsc.workspace, 'sample-repo', INVENTORY);
    const lines = fileLines(file);
    const start = lines.findIndex((l) => /^func .*\bSell\(/.test(l)) + 1;
    const end = lines.findIndex((l, i) => i >= start && l === '}') + 1;
    assert.ok(start > 0 && end > start, 'inventory.go declares Sell');
    sell = { start, end };
    stepsInSell = loadWalkthroughs(vsc.workspace).flatMap((walkthrough) =>
      walkthrough.steps
        .filter((s) => s.file === file && s.anchor)
        .map((s) => ({ walkthrough, line: anchorLineOnDisk(s) }))
        .filter(({ line }) => line >= start && line <= end),
    );
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
    rmSync(extra, { recursive: true, force: true });
  });

  const lensesInSell = async () => (await vsc.editorMarks()).lenses.filter((l) => l.line >= sell.start && l.line <= sell.end);

  it('1. the sidebar and the idle step card speak Chinese', async () => {
    await vsc.openActivity('代码演练');
    const all = loadWalkthroughs(vsc.workspace);
    const rows = await vsc.poll('tree rows', () => vsc.treeRows('演练'), (r) => r.length >= all.length, 30_000);
    for (const w of all) assert.ok(rows.some((r) => r.startsWith(w.title)), `tree lists "${w.title}": ${rows.join(' | ')}`);
    const idle = await vsc.webviewFrame('当前没有正在进行的演练');
    assert.ok(await idle.locator('button', { hasText: '开始演练…' }).isVisible(), 'the idle card offers 开始演练…');
    const cardText = norm(await idle.locator('body').innerText());
    assert.doesNotMatch(cardText, /No walkthrough|Start Walkthrough/);
    await vsc.screenshot('l10n-1-sidebar');
  });

  it('2. without a tour, Sell carries one summary CodeLens per group of overlapping steps', async () => {
    assert.ok(stepsInSell.length >= 3, `the sample anchors several steps in Sell: ${stepsInSell.length}`);
    await vsc.openFile(INVENTORY);
    // Monaco renders lenses only in the viewport: go to the line of Sell most steps share.
    const counts = new Map<number, number>();
    for (const s of stepsInSell) counts.set(s.line, (counts.get(s.line) ?? 0) + 1);
    const busiest = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
    await vsc.goToLine(busiest);
    const lenses = await vsc.poll('CodeLens in Sell', lensesInSell, (l) => l.length > 0);
    console.log(`Sell (lines ${sell.start}-${sell.end}): ${stepsInSell.length} steps, ${lenses.length} CodeLens: ${lenses.map((l) => `${l.line}: ${l.text}`).join(' | ')}`);
    // Lines shared by several walkthroughs carry one summary lens, not one per step.
    assert.ok(lenses.some((l) => /\d+ 个演练：/.test(l.text)), `a summary lens names the walkthroughs: ${JSON.stringify(lenses)}`);
    assert.ok(lenses.every((l) => !/walkthroughs?:/.test(l.text)), 'no English in the lenses');
    await vsc.screenshot('l10n-2-codelens-summary');
  });

  it('3. a hover card in Chinese', async () => {
    const line = stepsInSell.find((s) => s.walkthrough.id === primary.id)?.line ?? stepsInSell[0]!.line;
    await vsc.goToLine(line);
    const hover = await vsc.hoverLine(line);
    const text = await vsc.poll('hover text', async () => norm(await hover.innerText()), (t) => t.includes('在演练中打开'));
    assert.doesNotMatch(text, /Open in tour|Next →|← Previous/);
    await vsc.screenshot('l10n-3-hover');
    await vsc.page.mouse.move(5, 5);
  });

  it('4. a running tour: Chinese card, the current step marked in the tree, only its CodeLens in Sell', async () => {
    const row = vsc.sidebarPane('演练').locator('.monaco-list-row', { hasText: primary.title }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="开始演练"]').click();
    const frame = await vsc.webviewFrame(`1 / ${primary.steps.length}`);
    const cardText = norm(await frame.locator('body').innerText());
    for (const text of ['下一步', '结束', `已看 1/${primary.steps.length}`, '在编辑器区域打开']) assert.ok(cardText.includes(text), `card shows ${text}: ${cardText}`);
    if (primary.steps[0]!.question) assert.ok(cardText.includes('问题'), cardText);
    assert.doesNotMatch(cardText, /Talking points|Previous|Visited/);
    // The tree: the walkthrough expands, its first step carries the current-step mark.
    await vsc.poll('the current step mark in the tree', async () => vsc.page.locator('.part.sidebar .monaco-list-row .codicon-debug-stackframe').count(), (n) => n === 1);
    await vsc.screenshot('l10n-4-tour-card-and-tree');

    await vsc.openFile(INVENTORY);
    // Monaco renders lenses only in the viewport: every rendered one must be the tour's, on a line one of its steps anchors.
    const own = new Set(stepsInSell.filter((s) => s.walkthrough.id === primary.id).map((s) => s.line));
    assert.ok(own.size > 0, 'the primary tour anchors steps in Sell');
    await vsc.goToLine(Math.min(...own));
    // Only the lenses on lines the editor shows now: Monaco keeps lens nodes of lines scrolled out of view (or under the sticky header) until it renders them again.
    const visibleLenses = async () => {
      const shown = new Set((await vsc.visibleLines()).map((l) => l.line));
      return (await lensesInSell()).filter((l) => shown.has(l.line) && shown.has(l.line + 1));
    };
    const lenses = await vsc.poll("only the tour's CodeLens in Sell", visibleLenses, (l) => l.length > 0 && l.every((x) => x.text.includes(`${primary.title} · `) && own.has(x.line)));
    console.log(`Sell during the tour: ${lenses.map((l) => `${l.line}: ${l.text}`).join(' | ')}`);
    await vsc.screenshot('l10n-5-codelens-tour');
  });

  it('5. diagnostics of a broken walkthrough in Chinese, with their codes', async () => {
    const labels = await vsc.poll('Chinese diagnostics in the Problems panel', () => vsc.problems(), (rows) => rows.some((r) => r.includes('找不到文件')) && rows.some((r) => r.includes('未知的步骤键')), 30_000);
    // (The codes themselves are checked in test/protocol/l10n.test.ts: the panel's labels omit them.)
    assert.ok(!labels.some((r) => /File not found|Unknown step key/.test(r)), labels.join(' | '));
    await vsc.screenshot('l10n-6-problems');
  });

  it('6. Open in Editor Area shows the card as an editor tab that follows the tour', async () => {
    const frame = await vsc.webviewFrame('在编辑器区域打开');
    await frame.locator('[data-action="openInEditor"]').click();
    const tab = vsc.page.locator('.tabs-container .tab', { hasText: `1/${primary.steps.length}` }).first();
    await tab.waitFor({ timeout: 15_000 });
    await vsc.runCommand('代码演练: 下一步');
    await vsc.page.locator('.tabs-container .tab', { hasText: `2/${primary.steps.length}` }).first().waitFor({ timeout: 15_000 });
    await vsc.screenshot('l10n-7-card-in-editor');
    await vsc.runCommand('代码演练: 结束演练');
  });
});
