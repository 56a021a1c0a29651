// Issue 24: symbols beyond Go, in the real VS Code, on a TypeScript and Python workspace:
//   1. Add Step from Selection in a TypeScript method writes `symbol: TourStore.saveTour`;
//   2. typing lines above that step (unsaved) moves its CodeLens down by as many lines;
//   3. a step in a Python method (`symbol: OrderService.place`) shows its hover card.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, VSCodeSession } from './harness';

const FIXTURES = path.join(repoRoot, 'test/fixtures/languages');
const TS = readFileSync(path.join(FIXTURES, 'service.ts'), 'utf8');
const PY = readFileSync(path.join(FIXTURES, 'service.py'), 'utf8');
const TITLE = 'Polyglot tour';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const PY_ANCHOR = 'order.total = sum(line_total(item) for item in items)';

interface WrittenStep {
  title?: string;
  file?: string;
  lines?: string | number;
  anchor?: string;
  symbol?: string;
  question?: string;
}

describe('languages: symbols in TypeScript and Python, in the real VS Code', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let yamlFile: string;
  const written = (): WrittenStep[] => (parse(readFileSync(yamlFile, 'utf8')) as { steps: WrittenStep[] }).steps;

  before(async () => {
    const source = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-languages-')), 'polyglot');
    mkdirSync(path.join(source, 'src'), { recursive: true });
    mkdirSync(path.join(source, 'orders'), { recursive: true });
    writeFileSync(path.join(source, 'src/store.ts'), TS);
    writeFileSync(path.join(source, 'orders/service.py'), PY);
    writeFileSync(
      path.join(source, 'polyglot.walkthrough.yaml'),
      `title: ${TITLE}\nroot: .\nsteps:\n  - title: Pricing an order\n    file: orders/service.py\n    lines: ${lineOf(PY, PY_ANCHOR)}\n    anchor: ${PY_ANCHOR}\n    symbol: OrderService.place\n    question: Why sum line totals rather than quote the whole order?\n`,
    );
    vsc = await VSCodeSession.start({
      name: 'languages',
      workspaceSources: [source],
      readyEntry: 'polyglot',
      settings: { 'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' }, 'editor.suggestOnTriggerCharacters': false, 'files.autoSave': 'off' },
    });
    yamlFile = path.join(vsc.workspace, 'polyglot/polyglot.walkthrough.yaml');
  });
  after(async () => {
    if (vsc) {
      if (vsc.consoleErrors.length) console.log(`console errors:\n  ${vsc.consoleErrors.join('\n  ')}`);
      await vsc.close();
    }
  });

  it('1. Add Step from Selection in a TypeScript method writes symbol: TourStore.saveTour', async () => {
    const line = lineOf(TS, 'await fs.mkdir(folder, { recursive: true });');
    await vsc.openFile('polyglot/src/store.ts');
    await vsc.goToLine(line);
    await vsc.page.keyboard.press('End');
    await vsc.runCommand('Walkthroughs: Add Step from Selection');
    await vsc.waitFor('.quick-input-widget .quick-input-title', { hasText: 'Add Step: Walkthrough' });
    await vsc.page.locator('.quick-input-widget input').fill(TITLE);
    await vsc.waitFor('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: TITLE });
    await vsc.page.keyboard.press('Enter');
    await vsc.waitFor('.quick-input-widget .quick-input-title', { hasText: 'Add Step: Talking Points' });
    // Filtered, then Enter: a row's detail tooltip can cover the row a click aims at.
    await vsc.page.locator('.quick-input-widget input').fill('No talking points');
    await vsc.waitFor('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'No talking points' });
    await vsc.page.keyboard.press('Enter');
    await vsc.answerInput('Step title (Enter to skip)', 'Creating the tours folder');
    await vsc.answerInput('Interview question for this step (Enter to skip)', '');
    const steps = await vsc.poll('the TypeScript step in the YAML', async () => written(), (s) => s.length === 2, 20_000);
    // A recorded step gets a stable id from its title (core/stepIds.ts).
    assert.deepEqual(steps[1], { id: 'creating-the-tours-folder', title: 'Creating the tours folder', file: 'src/store.ts', lines: line, anchor: 'await fs.mkdir(folder, { recursive: true });', symbol: 'TourStore.saveTour' });
    await vsc.screenshot('languages-1-typescript-step');
  });

  it('2. typing lines above the TypeScript step moves its CodeLens, before saving', async () => {
    const line = lineOf(TS, 'await fs.mkdir(folder, { recursive: true });');
    await vsc.openFile('polyglot/src/store.ts');
    await vsc.goToLine(line);
    const before = await vsc.poll('the step\'s CodeLens', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.line === line));
    console.log(`lenses before: ${JSON.stringify(before.lenses)}`);
    await vsc.goToLine(1);
    await vsc.page.keyboard.press('Home');
    for (const text of ['// one', '// two', '// three']) {
      await vsc.page.keyboard.type(text);
      await vsc.page.keyboard.press('Enter');
    }
    await vsc.goToLine(line + 3);
    const after = await vsc.poll('the CodeLens three lines down', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.line === line + 3) && !m.lenses.some((l) => l.line === line));
    console.log(`lenses after: ${JSON.stringify(after.lenses)}`);
    await vsc.screenshot('languages-2-codelens-moved');
    await vsc.runCommand('File: Revert File');
  });

  it('3. a Python step shows its hover card', async () => {
    const line = lineOf(PY, PY_ANCHOR);
    await vsc.openFile('polyglot/orders/service.py');
    await vsc.goToLine(line);
    await vsc.poll('the Python step\'s CodeLens', () => vsc.editorMarks(), (m) => m.lenses.some((l) => l.line === line));
    const hover = await vsc.hoverLine(line, 'total');
    const text = await vsc.poll('hover text', async () => (await hover.innerText()).replace(/\s+/g, ' '), (t) => t.includes('Pricing an order'));
    assert.match(text, /Why sum line totals/);
    await vsc.screenshot('languages-3-python-hover');
    await vsc.page.mouse.move(5, 5);
  });
});
