// Rehearsal mode in a real VS Code: a practice session over one walkthrough. The question comes
// first; the step title and talking points stay hidden (in the step card and in code hovers) until
// the user asks; each step gets a spaced-repetition rating; the summary stays in the card and can
// send the weak steps round again; the sidebar rows show the ratings.
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
    await frame.locator('button', { hasText: new RegExp(`^${button}`) }).first().click();
  }

  it('hides the title and talking points until asked, rates each step, and keeps the summary in the card', async () => {
    const [first, second] = primary.steps;
    assert.ok(first?.question && first.points && first.title && second?.question && second.points && second.title, 'the primary tour starts with two steps that have questions and points');
    const firstPoint = renderedStart(first.points);
    assert.ok(firstPoint.length >= 6, `a usable probe for the first talking point: "${firstPoint}"`);
    const total = primary.steps.length;
    await vsc.openActivity('Walkthroughs');
    await vsc.runCommand('Walkthroughs: Rehearse Walkthrough…');
    await vsc.pickQuickItem(primary.title);

    // Step 1: the question and a prompt, not the answer — and not the step title either.
    let text = await cardText('Show talking points');
    assert.ok(text.includes(norm(firstLine(first.question)).slice(0, 10)), `card shows the question: ${text}`);
    assert.ok(text.includes(`Question 1 of ${total}`), `card counts questions: ${text}`);
    assert.ok(!text.includes(firstPoint), `card hides the talking points before they are asked for: ${text}`);
    assert.ok(!text.includes(first.title), `card hides the step title before reveal: ${text}`);
    await vsc.poll('status bar', () => vsc.statusBarItems(), (items) => items.includes(`Practice 1 of ${total}`));

    // A hover on the anchored code would give the answer away: it stays quiet while rehearsing.
    const line = anchorLineOnDisk(first);
    await vsc.poll('the anchored line highlighted', () => vsc.editorMarks(), (m) => m.highlighted.includes(line));
    const hoverText = await vsc.hoverLine(line).then((h) => h.innerText(), () => '');
    assert.ok(!hoverText.includes(firstPoint), `no hover card with the talking points while rehearsing: ${hoverText}`);
    await vsc.screenshot('7-rehearsal-question');

    await clickCard('Show talking points', 'Show talking points');
    text = await cardText(new RegExp(`Question 1 of ${total}[\\s\\S]*Easy`));
    assert.ok(text.includes(firstPoint) && text.includes(first.title), `talking points and title shown after asking: ${text}`);
    await vsc.screenshot('7-rehearsal-revealed');
    await clickCard(new RegExp(`Question 1 of ${total}[\\s\\S]*Easy`), 'Again');

    // Step 2: reveal and rate "Good".
    await vsc.poll('status bar at step 2', () => vsc.statusBarItems(), (items) => items.includes(`Practice 2 of ${total}`));
    await clickCard(`Question 2 of ${total}`, 'Show talking points');
    await clickCard(new RegExp(`Question 2 of ${total}[\\s\\S]*Easy`), 'Good');
    await vsc.poll('status bar at step 3', () => vsc.statusBarItems(), (items) => items.includes(`Practice 3 of ${total}`));

    // Ending early: the summary stays in the card (no toast that vanishes), with what to review.
    await clickCard(`Question 3 of ${total}`, 'End');
    text = await cardText('Rehearsal finished');
    assert.ok(text.includes('2 answered') && /Again 1/.test(text) && /Good 1/.test(text), `summary with the ratings: ${text}`);
    assert.ok(text.includes(`Practise These Again (1)`), `offers the step rated Again: ${text}`);
    await vsc.screenshot('7-rehearsal-finished');

    // The sidebar rows show what was rated.
    await vsc.page.locator('.pane-body .monaco-list-row', { hasText: primary.title }).first().click();
    await vsc.poll('ratings on the tree rows', () => vsc.treeRows('Walkthroughs'), (r) => r.some((row) => row.includes('Again · ')) && r.some((row) => row.includes('Good · in')));

    // Outside practice the hover card is back.
    await vsc.openFile(first.file!.split('/').slice(-3).join('/'));
    await vsc.goToLine(line);
    const hover = await vsc.hoverLine(line);
    await vsc.poll('hover card with talking points', () => hover.innerText(), (t) => norm(t).includes(firstPoint));

    // "Practise These Again" asks only the step rated Again.
    await clickCard('Rehearsal finished', 'Practise These Again');
    text = await cardText('Question 1 of 1');
    assert.ok(text.includes(norm(firstLine(first.question)).slice(0, 10)), `the weak step comes back: ${text}`);
    await clickCard('Question 1 of 1', 'Show talking points');
    await clickCard(/Question 1 of 1[\s\S]*Easy/, 'Good');
    text = await cardText('Rehearsal finished');
    assert.ok(text.includes('Nothing to review'), `all good now: ${text}`);
  });
});
