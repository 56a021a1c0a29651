// Interview practice in a real VS Code: the due queue (question only, the four ratings with the
// scheduler's intervals, keys in the card, the due count going down), a mock interview to its
// summary in the card, and the progress view with its heatmap.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VSCodeSession } from './harness';
import { firstLine, loadWalkthroughs, primaryWalkthrough, type SampleWalkthrough } from './sample';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The first talking point as rendered text: list markers and code backticks removed. */
const renderedStart = (markdown: string) => {
  const line = markdown.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return norm(line.replace(/^([-*+]|\d+\.)\s+/, '').replace(/[`*]/g, '')).slice(0, 10);
};

describe('interview practice', { timeout: 300_000 }, () => {
  let vsc: VSCodeSession;
  let primary: SampleWalkthrough;
  let total: number;

  before(async () => {
    vsc = await VSCodeSession.start({ name: 'practice' });
    primary = primaryWalkthrough(vsc.workspace);
    total = loadWalkthroughs(vsc.workspace).reduce((n, w) => n + w.steps.length, 0);
  });
  after(async () => {
    if (vsc) await vsc.close();
  });

  async function cardText(hasText: string | RegExp): Promise<string> {
    try {
      return norm(await (await vsc.webviewFrame(hasText)).locator('body').innerText());
    } catch (error) {
      await vsc.screenshot(`8-failed-${String(hasText).replace(/[^\w]+/g, '-')}`);
      throw error;
    }
  }

  const dueItem = (n: number) => vsc.poll(`status bar shows ${n} due`, () => vsc.statusBarItems(), (items) => items.includes(`${n} due`), 20_000);

  it('practises the due queue: question only, ratings with intervals, the due count goes down', async () => {
    const [first, second] = primary.steps;
    assert.ok(first?.question && first.points && first.title && second?.question, 'the primary tour starts with two steps that have questions');
    await vsc.openActivity('Walkthroughs');
    // Every step is a new card, and new cards are due.
    await dueItem(total);
    await vsc.poll('due count in the tree', () => vsc.treeRows('Walkthroughs'), (rows) => rows.some((r) => r.startsWith(primary.title) && r.includes(`${primary.steps.length} due`)));

    await vsc.runCommand('Walkthroughs: Practice Due Questions');
    let text = await cardText('Show talking points');
    assert.ok(text.includes(norm(firstLine(first.question)).slice(0, 10)), `the card asks the first question: ${text}`);
    assert.ok(text.includes(`Question 1 of ${total}`), `"Question 1 of N", not a step position: ${text}`);
    assert.ok(!text.includes(first.title), `the step title stays hidden before reveal: ${text}`);
    assert.ok(!text.includes(renderedStart(first.points)), `the talking points stay hidden: ${text}`);
    await vsc.poll('session position in the status bar', () => vsc.statusBarItems(), (items) => items.includes(`Practice 1 of ${total}`));
    // Titles that would give the answer away are hidden in the editor (no CodeLens) and in the tree.
    await vsc.poll('the code of the question is open', () => vsc.editorMarks(), (m) => m.highlighted.length > 0);
    await vsc.poll('no CodeLens while practising', () => vsc.codeLenses(), (lenses) => lenses.length === 0);
    await vsc.screenshot('8-practice-question');

    // Reveal with the keyboard (Space), in the card.
    let frame = await vsc.webviewFrame('Show talking points');
    await frame.locator('.question').click(); // keys go to the card once it has focus
    await frame.locator('body').press(' ');
    assert.ok(!(await vsc.page.locator('.tab.active.dirty').count()), 'the key went to the card, not into the code');
    text = await cardText(new RegExp(`Question 1 of ${total}[\\s\\S]*Easy`));
    assert.ok(text.includes(first.title) && text.includes(renderedStart(first.points)), `title and talking points after reveal: ${text}`);
    frame = await vsc.webviewFrame(new RegExp(`Question 1 of ${total}[\\s\\S]*Easy`));
    const buttons = (await frame.locator('.ratings button[data-key]').allInnerTexts()).map(norm);
    assert.equal(buttons.length, 4, buttons.join(' | '));
    assert.match(buttons[0]!, /^Again 1m$/);
    assert.match(buttons[1]!, /^Hard \d+m$/);
    assert.match(buttons[2]!, /^Good \d+m$/);
    assert.match(buttons[3]!, /^Easy \d+d$/);
    await vsc.screenshot('8-practice-intervals');

    // Key 4 rates Easy; the next question comes.
    await frame.locator('button[data-key="4"]').press('4');
    text = await cardText(`Question 2 of ${total}`);
    assert.ok(text.includes(norm(firstLine(second.question)).slice(0, 10)), `the second question: ${text}`);
    // Reveal and rate Good with the mouse.
    frame = await vsc.webviewFrame(`Question 2 of ${total}`);
    await frame.locator('button', { hasText: 'Show talking points' }).click();
    frame = await vsc.webviewFrame(new RegExp(`Question 2 of ${total}[\\s\\S]*Easy`));
    await frame.locator('.ratings button', { hasText: 'Good' }).click();
    await cardText(`Question 3 of ${total}`);

    // End: the summary stays in the card, with the two ratings and their times.
    frame = await vsc.webviewFrame(`Question 3 of ${total}`);
    await frame.locator('button', { hasText: 'End' }).click();
    text = await cardText('Practice session finished');
    assert.ok(text.includes('2 answered'), `summary counts the answers: ${text}`);
    assert.ok(/Good 1/.test(text) && /Easy 1/.test(text), `summary lists the ratings: ${text}`);
    assert.ok(text.includes(first.title) && text.includes(second.title!), `summary names the questions after the session: ${text}`);
    await dueItem(total - 2);
    await vsc.poll('CodeLens back after the session', () => vsc.codeLenses(), (lenses) => lenses.length > 0);
    await vsc.screenshot('8-practice-summary');
    frame = await vsc.webviewFrame('Practice session finished');
    await frame.locator('button', { hasText: 'Done' }).click();
    await vsc.webviewFrame('No walkthrough is running');
  });

  it('runs a mock interview to its summary, with follow-ups and a timer', async () => {
    await vsc.runCommand('Walkthroughs: Mock Interview…');
    await vsc.pickQuickItem('All topics');
    const input = vsc.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('2');
    await vsc.page.keyboard.press('Enter');
    let text = await cardText(/Mock interview ·/);
    const match = /Question 1 of (\d+)/.exec(text);
    assert.ok(match, `mock card with its position: ${text}`);
    const count = Number(match[1]);
    assert.ok(count >= 2 && count <= 4, `two questions, each maybe with a follow-up: ${count}`);
    assert.ok(/target 2m 00s/.test(text), `the target answer time: ${text}`);
    await vsc.screenshot('8-mock-question');
    let sawFollowUp = false;
    for (let i = 1; i <= count; i++) {
      text = await cardText(`Question ${i} of ${count}`);
      if (text.includes('追问')) sawFollowUp = true;
      const frame = await vsc.webviewFrame(`Question ${i} of ${count}`);
      await frame.locator('button', { hasText: 'Show talking points' }).click();
      const revealed = await vsc.webviewFrame(new RegExp(`Question ${i} of ${count}[\\s\\S]*Easy`));
      // Rate the first answer Again and the rest Hard: all of them end up "to review".
      const key = i === 1 ? '1' : '2';
      await revealed.locator(`button[data-key="${key}"]`).press(key);
      if (i < count) await cardText(`Question ${i + 1} of ${count}`);
    }
    text = await cardText('Mock interview finished');
    assert.ok(text.includes(`${count} answered`), `summary: ${text}`);
    assert.ok(/weakest topics/i.test(text), `weakest topics: ${text}`);
    assert.ok(text.includes(`Practise These Again (${count})`), `offer to practise the weak answers again: ${text}`);
    assert.equal(sawFollowUp, count > 2, 'a follow-up was asked exactly when the queue had more than the two questions');
    await vsc.screenshot('8-mock-summary');
    const frame = await vsc.webviewFrame('Mock interview finished');
    await frame.locator('button', { hasText: 'Show Practice Progress' }).click();

    // The progress view: the heatmap counts today's reviews (2 from the due queue plus the mock answers).
    const progress = await vsc.webviewFrame(/Reviews per day/i);
    const today = progress.locator('rect.heat:not(.l0)');
    await vsc.poll('a heatmap cell for today', () => today.count(), (n) => n === 1);
    assert.equal(Number(await today.getAttribute('data-count')), 2 + count);
    const page = norm(await progress.locator('body').innerText());
    assert.ok(/Retention by week/i.test(page) && /Due in the next 14 days/i.test(page) && /Mastery per walkthrough/i.test(page), page);
    assert.ok(page.includes(primary.title), `mastery lists the walkthroughs: ${page}`);
    await vsc.screenshot('8-practice-progress');
  });
});
