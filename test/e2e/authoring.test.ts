// Issue 10: recording a walkthrough from the editor, in one VS Code session, with only commands,
// menus and pickers — no YAML typed:
//   1. Sell's lock (cursor on the line, command palette) into "New Walkthrough…" with the memo;
//   2. the whole ExecuteLocalTransaction (selected, keybinding);
//   3. CheckLocalTransaction (editor context menu);
//   each with a memo section picked from the filterable quick pick, a title and a question;
//   then the tour starts; a step is reordered by drag and drop in the tree; one is re-anchored
//   from the tree's context menu; Enter in the YAML indents under the key; and
//   `walkthrough check` reports no problems.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, VSCodeSession } from './harness';
import { fileLines } from './sample';

const TITLE = 'E2E 下单三步';
const SECTIONS = { lock: '1.2 锁的粒度', execute: '2.3 ExecuteLocalTransaction', check: '2.5 回查' };

interface WrittenStep {
  id?: string;
  title?: string;
  points?: string;
  file?: string;
  lines?: string | number;
  anchor?: string;
  symbol?: string;
  section?: string;
  question?: string;
}

describe('authoring: record a walkthrough with commands, menus and pickers', { timeout: 420_000 }, () => {
  let vsc: VSCodeSession;
  let yamlFile: string;
  let inventory: string;
  let order: string;
  const timings: Array<[string, number]> = [];
  let stepStarted = 0;

  // An empty file (created, content not yet saved) parses to null.
  const written = (): WrittenStep[] => ((parse(readFileSync(yamlFile, 'utf8')) as { steps?: WrittenStep[] } | null)?.steps ?? []);
  const lineOf = (file: string, needle: string) => fileLines(file).findIndex((l) => l.includes(needle)) + 1;
  /** Waits until the YAML on disk satisfies `ok` (the extension saves what it edits). */
  const waitForYaml = (what: string, ok: (steps: WrittenStep[]) => boolean) =>
    vsc.poll(what, async () => (existsSync(yamlFile) ? written() : []), ok, 20_000);

  const answer = (prompt: string, text: string) => vsc.answerInput(prompt, text);
  const STEP_TITLE = 'Step title (Enter to skip)';
  const QUESTION = 'Interview question for this step (Enter to skip)';

  /** Waits for the quick pick titled `title`, filters it with `filter`, picks the row with `row`. */
  async function pick(title: string, row: string, filter = row): Promise<void> {
    await vsc.waitFor('.quick-input-widget .quick-input-title', { hasText: title });
    // The list renders only the rows in view: filter first, as a user would type.
    await vsc.page.locator('.quick-input-widget input').fill(filter);
    try {
      await vsc.pickQuickItem(row);
    } catch (error) {
      await vsc.screenshot(`authoring-pick-failed-${Date.now()}`);
      throw error;
    }
  }

  /** Selects lines `from`..`to` (1-based, whole lines) in the active editor with the keyboard. */
  async function selectLines(from: number, to: number): Promise<void> {
    await vsc.goToLine(from);
    await vsc.page.keyboard.press('Home');
    await vsc.page.keyboard.press('Home');
    for (let i = from; i < to; i++) await vsc.page.keyboard.press('Shift+ArrowDown');
    await vsc.page.keyboard.press('Shift+End');
  }

  /** The picker steps every recorded step goes through after choosing the walkthrough. */
  async function sectionTitleQuestion(section: string, title: string, question: string): Promise<void> {
    await vsc.waitFor('.quick-input-widget .quick-input-title', { hasText: 'Add Step: Talking Points' });
    await vsc.page.locator('.quick-input-widget input').fill(section);
    await vsc.waitFor('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: section });
    // The filtered section with its preview (the first lines of the memo section).
    await vsc.screenshot(`authoring-section-${section.split(' ')[0]}`);
    await vsc.pickQuickItem(section);
    await answer(STEP_TITLE, title);
    await answer(QUESTION, question);
  }

  const mark = (what: string) => {
    timings.push([what, Date.now() - stepStarted]);
    stepStarted = Date.now();
  };

  before(async () => {
    vsc = await VSCodeSession.start({
      name: 'authoring',
      settings: {
        'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
        'editor.suggestOnTriggerCharacters': false,
        'files.autoSave': 'off',
      },
    });
    inventory = path.join(vsc.workspace, 'sample-repo/inventory_srv/handler/inventory.go');
    order = path.join(vsc.workspace, 'sample-repo/order_srv/handler/order.go');
    yamlFile = path.join(vsc.workspace, 'walkthroughs/e2e.walkthrough.yaml');
    stepStarted = Date.now();
  });
  after(async () => {
    if (vsc) {
      console.log(`per step:\n  ${timings.map(([w, ms]) => `${w}: ${(ms / 1000).toFixed(1)} s`).join('\n  ')}`);
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
  });

  it('1. Sell’s lock: cursor on the line, palette → New Walkthrough… with the memo, a section, title and question', async () => {
    const lockLine = lineOf(inventory, 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))');
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(lockLine);
    await vsc.page.keyboard.press('End');
    await vsc.runCommand('Walkthroughs: Add Step from Selection');
    await pick('Add Step: Walkthrough', 'New Walkthrough');
    await answer('Title of the new walkthrough', TITLE);
    // Where to save it: VS Code's save dialog (a quick input in the browser), proposing the folder
    // the workspace's walkthroughs are in, not CodeTour's .tours/ and not asked-for nowhere.
    const input = vsc.page.locator('.quick-input-widget input');
    const proposed = await vsc.poll('the save dialog proposes the walkthroughs folder', () => input.inputValue(), (v) => v.endsWith('.walkthrough.yaml'));
    assert.ok(proposed.endsWith('/walkthroughs/e2e.walkthrough.yaml'), proposed);
    await vsc.screenshot('authoring-ask-where');
    await vsc.page.keyboard.press('Enter');
    await pick('New Walkthrough: Memo', 'golang-interview.md', 'golang-interview');
    await vsc.screenshot('authoring-memo-picked');
    await sectionTitleQuestion(SECTIONS.lock, 'Sell 的分布式锁', '如何保证高并发下不超卖？');
    const steps = await waitForYaml('the new walkthrough with its first step', (s) => s.length === 1);
    assert.deepEqual(steps[0], {
      // A stable id, from the title's ASCII words (core/stepIds.ts): no "missing-step-id" hint.
      id: 'sell',
      title: 'Sell 的分布式锁',
      file: 'inventory_srv/handler/inventory.go',
      lines: lockLine,
      anchor: 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))',
      symbol: 'InventoryServer.Sell',
      section: '1.2 锁的粒度：一件商品一把锁',
      question: '如何保证高并发下不超卖？',
    });
    const doc = parse(readFileSync(yamlFile, 'utf8')) as Record<string, unknown>;
    assert.deepEqual([doc.title, doc.root, doc.memo], [TITLE, '../sample-repo', 'memo/golang-interview.md']);
    mark('step 1 (new walkthrough)');
  });

  it('2. the whole ExecuteLocalTransaction: selected, keybinding, the recent walkthrough first', async () => {
    const start = lineOf(order, 'func (o *OrderListener) ExecuteLocalTransaction(');
    const end = fileLines(order).findIndex((l, i) => i >= start && l === '}') + 1;
    await vsc.openFile('order_srv/handler/order.go');
    await selectLines(start, end);
    await vsc.page.keyboard.press('Control+Alt+Shift+W');
    await vsc.waitFor('.quick-input-widget .quick-input-title', { hasText: 'Add Step: Walkthrough' });
    // Most recent first.
    const first = await vsc.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().innerText();
    assert.match(first, new RegExp(TITLE));
    await vsc.screenshot('authoring-walkthrough-pick');
    await pick('Add Step: Walkthrough', TITLE);
    await sectionTitleQuestion(SECTIONS.execute, 'ExecuteLocalTransaction 的三步', '');
    const steps = await waitForYaml('the second step', (s) => s.length === 2);
    assert.equal(steps[1]!.lines, `${start}-${end}`);
    assert.equal(steps[1]!.symbol, 'OrderListener.ExecuteLocalTransaction');
    assert.equal(steps[1]!.anchor?.split('\n')[0], 'func (o *OrderListener) ExecuteLocalTransaction(msg *primitive.Message) primitive.LocalTransactionState {');
    assert.equal(steps[1]!.question, undefined, 'a skipped question is not written');
    mark('step 2 (keybinding, selection)');
  });

  it('3. CheckLocalTransaction: from the editor context menu', async () => {
    const line = lineOf(order, 'func (o *OrderListener) CheckLocalTransaction(');
    await vsc.goToLine(line);
    const current = vsc.page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'CheckLocalTransaction(' }).first();
    await current.click({ button: 'right' });
    await vsc.clickContextMenuItem('Add Step from Selection');
    await pick('Add Step: Walkthrough', TITLE);
    await sectionTitleQuestion(SECTIONS.check, 'CheckLocalTransaction 回查', 'Broker 什么时候回查？');
    const steps = await waitForYaml('the third step', (s) => s.length === 3);
    assert.deepEqual([steps[2]!.symbol, steps[2]!.lines, steps[2]!.section], ['OrderListener.CheckLocalTransaction', line, '2.5 回查 CheckLocalTransaction']);
    mark('step 3 (context menu)');
  });

  it('starts the recorded walkthrough', async () => {
    await vsc.runCommand('Walkthroughs: Start Walkthrough…');
    await pick('Start a walkthrough', TITLE);
    await vsc.poll('status bar at 1/3', () => vsc.statusBarItems(), (items) => items.some((i) => i.includes(`${TITLE} 1/3`)));
    await vsc.webviewFrame('如何保证高并发下不超卖');
    await vsc.screenshot('authoring-tour-started');
    mark('start the tour');
  });

  it('reorders a step by drag and drop in the tree', async () => {
    const pane = vsc.sidebarPane('Walkthroughs');
    // The tour shows the view already; clicking its activity entry again would close it.
    if (!(await pane.isVisible())) await vsc.openActivity('Walkthroughs');
    const row = (title: string) => pane.locator('.monaco-list-row', { hasText: title }).first();
    await row('CheckLocalTransaction 回查').waitFor();
    await row('CheckLocalTransaction 回查').dragTo(row('Sell 的分布式锁'));
    const steps = await waitForYaml('CheckLocalTransaction moved first', (s) => s[0]?.title === 'CheckLocalTransaction 回查');
    assert.deepEqual(steps.map((s) => s.title), ['CheckLocalTransaction 回查', 'Sell 的分布式锁', 'ExecuteLocalTransaction 的三步']);
    await vsc.poll('tree order follows', () => vsc.treeRows('Walkthroughs'), (rows) => {
      const i = rows.findIndex((r) => r.startsWith('CheckLocalTransaction 回查'));
      return i >= 0 && rows[i + 1]?.startsWith('Sell 的分布式锁') === true;
    });
    await vsc.screenshot('authoring-after-drag');
    mark('drag and drop');
  });

  it('re-anchors a step to a new selection from the tree’s context menu', async () => {
    const lockLine = lineOf(inventory, 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))');
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await selectLines(lockLine, lockLine + 4);
    const pane = vsc.sidebarPane('Walkthroughs');
    await pane.locator('.monaco-list-row', { hasText: 'Sell 的分布式锁' }).first().click({ button: 'right' });
    await vsc.clickContextMenuItem('Re-anchor to Selection');
    const steps = await waitForYaml('the lock step re-anchored', (s) => s[1]?.lines === `${lockLine}-${lockLine + 4}`);
    assert.equal(steps[1]!.anchor, fileLines(inventory).slice(lockLine - 1, lockLine + 4).map((l) => l.trim()).join('\n'));
    assert.equal(steps[1]!.symbol, 'InventoryServer.Sell');
    assert.equal(steps[1]!.question, '如何保证高并发下不超卖？', 'the rest of the step stays');
    await vsc.screenshot('authoring-reanchored');
    mark('re-anchor');
  });

  it('Undo / Redo of an edit in the YAML editor; Enter after `- key: value` indents under the key', async () => {
    await vsc.openFile('walkthroughs/e2e.walkthrough.yaml');
    // A tree action on the open document is one edit of it: Undo takes it back, Redo again.
    const pane = vsc.sidebarPane('Walkthroughs');
    await pane.locator('.monaco-list-row', { hasText: 'Sell 的分布式锁' }).first().click({ button: 'right' });
    await vsc.clickContextMenuItem('Move Step Down');
    await waitForYaml('Sell moved down', (s) => s[2]?.title === 'Sell 的分布式锁');
    // The steps' titles in the order the editor shows them.
    const titles = async () => (await vsc.visibleLines()).filter((l) => /^\s+title: /.test(l.text)).map((l) => l.text.trim().replace(/^title: /, ''));
    const moved = ['CheckLocalTransaction 回查', 'ExecuteLocalTransaction 的三步', 'Sell 的分布式锁'];
    const back = ['CheckLocalTransaction 回查', 'Sell 的分布式锁', 'ExecuteLocalTransaction 的三步'];
    const same = (a: string[], b: string[]) => a.join('|') === b.join('|');
    await vsc.poll('the editor shows the move', titles, (t) => same(t, moved));
    // Focus the editor itself (the context menu left the focus in the tree).
    await vsc.page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'title: E2E' }).first().click();
    await vsc.page.keyboard.press('Control+Z');
    await vsc.poll('undo puts Sell back', titles, (t) => same(t, back));
    await vsc.screenshot('authoring-undo');
    await vsc.page.keyboard.press('Control+Shift+Z');
    await vsc.poll('redo moves it again', titles, (t) => same(t, moved));
    const lines = readFileSync(yamlFile, 'utf8').split('\n');
    const dashLine = lines.findIndex((l) => l.startsWith('  - ')) + 1;
    await vsc.goToLine(dashLine);
    await vsc.page.keyboard.press('End');
    await vsc.page.keyboard.press('Enter');
    await vsc.page.keyboard.type('id: typed');
    const rendered = await vsc.poll('the typed line', () => vsc.visibleLines(), (v) => v.some((l) => l.text.includes('id: typed')));
    assert.equal(rendered.find((l) => l.text.includes('id: typed'))!.text.replace(/\s+$/, ''), '    id: typed');
    await vsc.screenshot('authoring-enter-indent');
    await vsc.runCommand('File: Revert File');
    mark('undo/redo, Enter in YAML');
  });

  it('4. typed text in the talking-points pick is the points', async () => {
    const reback = lineOf(inventory, 'func (*InventoryServer) Reback(');
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(reback);
    await vsc.runCommand('Walkthroughs: Add Step from Selection');
    await pick('Add Step: Walkthrough', TITLE);
    await vsc.waitFor('.quick-input-widget .quick-input-title', { hasText: 'Add Step: Talking Points' });
    const typed = 'Stock goes back inside one DB transaction, never twice';
    await vsc.page.locator('.quick-input-widget input').fill(typed);
    // No heading matches: the typed text is offered, and Enter takes it.
    await vsc.waitFor('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: 'Use typed text as the talking point' });
    await vsc.screenshot('authoring-typed-points');
    await vsc.page.keyboard.press('Enter');
    await answer(STEP_TITLE, 'Reback 归还库存');
    await answer(QUESTION, '');
    const steps = await waitForYaml('the step with typed points', (s) => s.some((step) => step.title === 'Reback 归还库存'));
    const step = steps.find((s) => s.title === 'Reback 归还库存')!;
    assert.equal(step.points, typed);
    assert.equal(step.symbol, 'InventoryServer.Reback');
    assert.equal(step.id, 'reback', 'a stable id from the title');
    mark('typed talking points');
  });

  it('5. "Inline talking points…" opens a markdown editor beside the code; Accept saves its lines into the step', async () => {
    const autoReback = lineOf(inventory, 'func AutoReback(');
    await vsc.openFile('inventory_srv/handler/inventory.go');
    await vsc.goToLine(autoReback);
    await vsc.runCommand('Walkthroughs: Add Step from Selection');
    await pick('Add Step: Walkthrough', TITLE);
    await pick('Add Step: Talking Points', 'Inline talking points', 'Inline talking');
    await vsc.poll('the talking-points editor opens', () => vsc.activeTab(), (t) => t.includes('talking-points.md'));
    // Two editor groups: the code stays visible beside the points.
    assert.ok((await vsc.page.locator('.editor-group-container').count()) >= 2);
    // (Markdown wraps the long instruction: the first screen row of line 1 is enough.)
    await vsc.poll('the instruction line', () => vsc.visibleLines(), (v) => v.some((l) => l.line === 1 && l.text.startsWith('<!-- Talking points for the')));
    await vsc.page.keyboard.type('Consumes order_reback: the stock comes back');
    await vsc.page.keyboard.press('Enter');
    await vsc.page.keyboard.type('Idempotent by order number');
    await vsc.poll('the typed lines', () => vsc.visibleLines(), (v) => v.some((l) => l.text.includes('Idempotent by order number')));
    const accept = vsc.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Accept Talking Points' }).first();
    await accept.waitFor();
    await vsc.screenshot('authoring-points-editor');
    await accept.click();
    await answer(STEP_TITLE, 'AutoReback');
    await answer(QUESTION, '');
    const steps = await waitForYaml('the step with multi-line points', (s) => s.some((step) => step.title === 'AutoReback'));
    assert.equal(steps.find((s) => s.title === 'AutoReback')!.points, 'Consumes order_reback: the stock comes back\nIdempotent by order number');
    await vsc.poll('the points editor is closed', () => vsc.page.locator('.tabs-container .tab', { hasText: 'talking-points.md' }).count(), (n) => n === 0);
    mark('points editor');
  });

  it('6. Edit Talking Points from the tree opens the editor with the points; closing the tab saves them', async () => {
    const pane = vsc.sidebarPane('Walkthroughs');
    if (!(await pane.isVisible())) await vsc.openActivity('Walkthroughs');
    await pane.locator('.monaco-list-row', { hasText: 'Reback 归还库存' }).first().click({ button: 'right' });
    await vsc.clickContextMenuItem('Edit Talking Points');
    await vsc.poll('the editor with the current points', () => vsc.visibleLines(), (v) => v.some((l) => l.line === 2 && l.text.startsWith('Stock goes back inside one')));
    // The editor ends with a line break after the points: the last line is empty, ready for more.
    await vsc.page.keyboard.press('Control+End');
    await vsc.page.keyboard.type('Second line, added later');
    await vsc.poll('the added line', () => vsc.visibleLines(), (v) => v.some((l) => l.text.includes('added later')));
    await vsc.runCommand('View: Close Editor');
    const steps = await waitForYaml('the edited points', (s) => s.some((step) => step.points?.includes('added later') === true));
    assert.equal(steps.find((s) => s.title === 'Reback 归还库存')!.points, 'Stock goes back inside one DB transaction, never twice\nSecond line, added later');
    mark('edit points, close the tab');
  });

  it('7. our own walkthrough has no "missing-step-id" hint', async () => {
    await vsc.openFile('walkthroughs/e2e.walkthrough.yaml');
    const problems = await vsc.poll('the walkthrough checked', () => vsc.problems(), () => true);
    assert.deepEqual(problems.filter((p) => /has no `id`/.test(p)), []);
    await vsc.screenshot('authoring-no-missing-id');
    const ids = written().map((s) => s.id);
    assert.equal(ids.length, 5);
    assert.ok(ids.every(Boolean) && new Set(ids).size === ids.length, ids.join());
  });

  it('`walkthrough check` reports no problems', () => {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', vsc.workspace], { encoding: 'utf8' });
    assert.match(out, /^10 walkthroughs, \d+ steps: \d+ ok$/m, out);
    console.log(`walkthrough check: ${out.trim()}`);
    console.log(readFileSync(yamlFile, 'utf8'));
  });
});

describe('authoring: a first walkthrough file in a workspace that had none', { timeout: 240_000 }, () => {
  let vsc: VSCodeSession;
  before(async () => {
    vsc = await VSCodeSession.start({ name: 'authoring-first', workspaceSources: [path.join(repoRoot, 'sample-repo')], readyEntry: 'sample-repo' });
  });
  after(async () => {
    await vsc?.close();
  });

  it('gets diagnostics as soon as it is opened (the server starts then)', async () => {
    const started = Date.now();
    // Written by another tool (git checkout, a teammate): VS Code opens it as YAML.
    writeFileSync(path.join(vsc.workspace, 'first.walkthrough.yaml'), 'title: First\nsteps:\n  - file: sample-repo/inventory_srv/handler/inventory.go\n    lines: 75\n    anchr: typo\n');
    await vsc.openFile('first.walkthrough.yaml');
    const problems = await vsc.poll('the unknown-key diagnostic', () => vsc.problems(), (p) => p.some((r) => r.includes('Unknown step key `anchr`')), 30_000);
    assert.ok(problems.some((r) => r.includes('first.walkthrough.yaml')));
    await vsc.screenshot('authoring-first-file-diagnostics');
    console.log(`first walkthrough file: diagnostics after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
