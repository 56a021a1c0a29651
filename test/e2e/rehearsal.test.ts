// Rehearsal mode in a real VS Code: the question comes first and the talking points stay hidden
// (in the step card and in code hovers) until the user asks; grades show in the sidebar and a
// second rehearsal can take only the steps marked "Review again".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';
import { anchorLineOnDisk, firstLine, primaryWalkthrough, type SampleWalkthrough } from './sample';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The first talking point as rendered text: list markers and code backticks removed. */
const renderedStart = (markdown: string) => {
  const line = markdown.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return norm(line.replace(/^([-*+]|\d+\.)\s+/, '').replace(/[`*]/g, '')).slice(0, 10);
};

describe('rehearsal mode', { timeout: 240_000 }, () => {
  let vsc: VSCodeSession;
  let primary: SampleWalkthrough;

  before(async () => {
    vsc = await VSCodeSession.start({ name: 'rehearsal' });
    primary = primaryWalkthrough(vsc.workspace);
  });
  after(async () => {
    if (vsc) await vsc.close();
  });

  async function cardText(hasText: string | RegExp): Promise<string> {
    return norm(await (await vsc.webviewFrame(hasText)).locator('body').innerText());
  }

  async function clickCard(hasText: string | RegExp, button: string): Promise<void> {
    const frame = await vsc.webviewFrame(hasText);
    await frame.locator('button', { hasText: button }).first().click();
  }

  it('hides the talking points until asked, grades each step, and re-rehearses the weak ones', async () => {
    const [first, second] = primary.steps;
    assert.ok(first?.question && first.points && second?.question && second.points, 'the primary tour starts with two steps that have questions and points');
    const firstPoint = renderedStart(first.points);
    assert.ok(firstPoint.length >= 6, `a usable probe for the first talking point: "${firstPoint}"`);
    await vsc.openActivity('Walkthroughs');
    await vsc.runCommand('Walkthroughs: Rehearse Walkthrough…');
    await vsc.pickQuickItem(primary.title);

    // Step 1: the question and a prompt, not the answer.
    let text = await cardText('Show talking points');
    assert.ok(text.includes(norm(firstLine(first.question)).slice(0, 10)), `card shows the question: ${text}`);
    assert.ok(!text.includes(firstPoint), `card hides the talking points before they are asked for: ${text}`);
    await vsc.poll('status bar', () => vsc.statusBarItems(), (items) => items.includes(`${primary.title} 1/${primary.steps.length}`));

    // A hover on the anchored code would give the answer away: it stays quiet while rehearsing.
    const line = anchorLineOnDisk(first);
    await vsc.poll('the anchored line highlighted', () => vsc.editorMarks(), (m) => m.highlighted.includes(line));
    const hoverText = await vsc.hoverLine(line).then((h) => h.innerText(), () => '');
    assert.ok(!hoverText.includes(firstPoint), `no hover card with the talking points while rehearsing: ${hoverText}`);
    await vsc.screenshot('7-rehearsal-question');

    await clickCard('Show talking points', 'Show talking points');
    text = await cardText('Review again');
    assert.ok(text.includes(firstPoint), `talking points shown after asking: ${text}`);
    await vsc.screenshot('7-rehearsal-revealed');
    await clickCard('Review again', 'Review again');

    // Step 2: reveal and grade "Got it".
    await vsc.poll('status bar at step 2', () => vsc.statusBarItems(), (items) => items.includes(`${primary.title} 2/${primary.steps.length}`));
    await clickCard('Show talking points', 'Show talking points');
    await clickCard('Got it', 'Got it');
    await vsc.poll('status bar at step 3', () => vsc.statusBarItems(), (items) => items.includes(`${primary.title} 3/${primary.steps.length}`));

    // The sidebar shows the grades next to the progress.
    const rows = await vsc.poll('grades in the tree', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.startsWith(primary.title) && row.includes('✓ 1 · ↻ 1')));
    assert.ok(rows.length > 0);
    await vsc.runCommand('Walkthroughs: End Walkthrough');

    // Outside rehearsal the hover card is back.
    await vsc.openFile(first.file!.split('/').slice(-3).join('/'));
    await vsc.goToLine(line);
    const hover = await vsc.hoverLine(line);
    await vsc.poll('hover card with talking points', () => hover.innerText(), (t) => norm(t).includes(firstPoint));

    // A second rehearsal can take only the step marked "Review again".
    await vsc.runCommand('Walkthroughs: Rehearse Walkthrough…');
    await vsc.pickQuickItem(primary.title);
    await vsc.pickQuickItem(/Only the 1 marked/);
    text = await cardText('Show talking points');
    assert.ok(text.includes(`1 / ${primary.steps.length}`), `the weak step (step 1) comes first: ${text}`);
    await clickCard('Show talking points', 'Show talking points');
    await clickCard('Got it', 'Got it');
    const toast = await vsc.poll('rehearsal summary', () => vsc.notifications(), (n) => n.some((t) => t.includes('finished')));
    assert.ok(toast.some((t) => /2 got it, 0 to review/.test(t)), `summary counts the grades: ${toast.join(' | ')}`);
    await vsc.screenshot('7-rehearsal-finished');
  });
});
