// Interview practice in a real VS Code: the due queue (question only, the four ratings with the
// scheduler's intervals, keys in the card, a daily limit on new cards, undo of a rating, one due
// number in the status bar, the tree and the progress page), a mock interview that asks exactly
// the number asked for (and asks before replacing a running session) to its summary in the card,
// and the progress view with its heatmap.
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
  /** `walkthroughs.practice.newPerDay` for this session: fewer new cards than the sample has steps. */
  const NEW_PER_DAY = 3;

  before(async () => {
    vsc = await VSCodeSession.start({ name: 'practice', settings: { 'walkthroughs.practice.newPerDay': NEW_PER_DAY } });
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

  const dueItem = (due: number, fresh: number, timeout = 20_000) =>
    vsc.poll(`status bar shows ${due} due · ${fresh} new`, () => vsc.statusBarItems(), (items) => {
      // The sample has steps that wait for confirmation: "· 2 to confirm" may follow.
      const want = fresh ? `${due} due · ${fresh} new` : `${due} due`;
      return items.some((i) => i === want || (i.startsWith(`${want} · `) && i.endsWith('to confirm')));
    }, timeout);
  /** The tree's per-walkthrough counts, summed: "· 2 due · 1 new" on each walkthrough row. */
  const treeCounts = async () => {
    const rows = await vsc.treeRows('Walkthroughs');
    const sum = (re: RegExp) => rows.reduce((n, r) => n + Number(re.exec(r)?.[1] ?? 0), 0);
    return { due: sum(/(\d+) due/), fresh: sum(/(\d+) new/) };
  };

  it('practises the due queue: question only, ratings with intervals, the due count goes down', async () => {
    const [first, second] = primary.steps;
    assert.ok(first?.question && first.points && first.title && second?.question, 'the primary tour starts with two steps that have questions');
    assert.ok(total > NEW_PER_DAY, 'the sample has more steps than a day\'s new cards');
    await vsc.openActivity('Walkthroughs');
    // Every step is a new card, but only the day's limit of them is offered; nothing is due yet.
    await dueItem(0, NEW_PER_DAY);
    await vsc.poll('new count in the tree', treeCounts, (c) => c.due === 0 && c.fresh === NEW_PER_DAY);

    await vsc.runCommand('Walkthroughs: Practice Due Questions');
    let text = await cardText('Show talking points');
    assert.ok(text.includes(norm(firstLine(first.question)).slice(0, 10)), `the card asks the first question: ${text}`);
    assert.ok(text.includes(`Question 1 of ${NEW_PER_DAY}`), `"Question 1 of ${NEW_PER_DAY}": the daily new limit, not all ${total} steps: ${text}`);
    assert.ok(text.includes('Bury') && text.includes('Suspend') && !text.includes('Undo'), `bury and suspend offered, nothing to undo yet: ${text}`);
    assert.ok(!text.includes(first.title), `the step title stays hidden before reveal: ${text}`);
    assert.ok(!text.includes(renderedStart(first.points)), `the talking points stay hidden: ${text}`);
    await vsc.poll('session position in the status bar', () => vsc.statusBarItems(), (items) => items.includes(`Practice 1 of ${NEW_PER_DAY}`));
    // Titles that would give the answer away are hidden in the editor (no CodeLens) and in the tree.
    await vsc.poll('the code of the question is open', () => vsc.editorMarks(), (m) => m.highlighted.length > 0);
    await vsc.poll('no CodeLens while practising', () => vsc.codeLenses(), (lenses) => lenses.length === 0);
    await vsc.screenshot('8-practice-question');

    // Reveal with the keyboard (Space), in the card.
    let frame = await vsc.webviewFrame('Show talking points');
    await frame.locator('.question').click(); // keys go to the card once it has focus
    await frame.locator('body').press(' ');
    assert.ok(!(await vsc.page.locator('.tab.active.dirty').count()), 'the key went to the card, not into the code');
    text = await cardText(new RegExp(`Question 1 of ${NEW_PER_DAY}[\\s\\S]*Easy`));
    assert.ok(text.includes(first.title) && text.includes(renderedStart(first.points)), `title and talking points after reveal: ${text}`);
    frame = await vsc.webviewFrame(new RegExp(`Question 1 of ${NEW_PER_DAY}[\\s\\S]*Easy`));
    const buttons = (await frame.locator('.ratings button[data-key]').allInnerTexts()).map(norm);
    assert.equal(buttons.length, 4, buttons.join(' | '));
    assert.match(buttons[0]!, /^Again 1m$/);
    assert.match(buttons[1]!, /^Hard \d+m$/);
    assert.match(buttons[2]!, /^Good \d+m$/);
    assert.match(buttons[3]!, /^Easy \d+d$/);
    await vsc.screenshot('8-practice-intervals');

    // Key 4 rates Easy; the next question comes, with Undo.
    await frame.locator('button[data-key="4"]').press('4');
    text = await cardText(`Question 2 of ${NEW_PER_DAY}`);
    assert.ok(text.includes('Undo'), `the last rating can be undone: ${text}`);
    await vsc.screenshot('8-practice-undo-offered');
    // Key U undoes it: the first question again, revealed, its ratings and intervals as before.
    frame = await vsc.webviewFrame(`Question 2 of ${NEW_PER_DAY}`);
    await frame.locator('.question').click();
    await frame.locator('body').press('u');
    text = await cardText(new RegExp(`Question 1 of ${NEW_PER_DAY}[\\s\\S]*Easy`));
    assert.ok(text.includes(first.title), `undo shows the first card again, revealed: ${text}`);
    frame = await vsc.webviewFrame(new RegExp(`Question 1 of ${NEW_PER_DAY}[\\s\\S]*Easy`));
    assert.deepEqual((await frame.locator('.ratings button[data-key]').allInnerTexts()).map(norm), buttons, 'the same intervals: the Easy rating is gone from the history');
    // Rate it Again instead (key 1): it comes back at the end of the session.
    await frame.locator('button[data-key="1"]').press('1');
    text = await cardText(`Question 2 of ${NEW_PER_DAY + 1}`);
    assert.ok(text.includes(norm(firstLine(second.question)).slice(0, 10)), `the second question: ${text}`);
    // Reveal and rate Good with the mouse.
    frame = await vsc.webviewFrame(`Question 2 of ${NEW_PER_DAY + 1}`);
    await frame.locator('button', { hasText: 'Show talking points' }).click();
    frame = await vsc.webviewFrame(new RegExp(`Question 2 of ${NEW_PER_DAY + 1}[\\s\\S]*Easy`));
    await frame.locator('.ratings button', { hasText: 'Good' }).click();
    await cardText(`Question 3 of ${NEW_PER_DAY + 1}`);

    // End: the summary stays in the card, with the two ratings and their times.
    frame = await vsc.webviewFrame(`Question 3 of ${NEW_PER_DAY + 1}`);
    await frame.locator('button[data-action="practiceEnd"]').click();
    text = await cardText('Practice session finished');
    assert.ok(text.includes('2 answered'), `summary counts the answers: ${text}`);
    assert.ok(/Again 1/.test(text) && /Good 1/.test(text) && !/Easy/.test(text.split('answered')[1]!.split('#')[0]!), `summary lists the ratings, not the undone Easy: ${text}`);
    assert.ok(text.includes(first.title) && text.includes(second.title!), `summary names the questions after the session: ${text}`);
    // Two new cards seen (the undone Easy does not count): one new left today, and the card rated
    // Again is due a minute later — the same numbers in the status bar, the tree and the progress page.
    await dueItem(1, NEW_PER_DAY - 2, 120_000);
    await vsc.poll('the tree counts the same', treeCounts, (c) => c.due === 1 && c.fresh === NEW_PER_DAY - 2);
    await cardText(`Practice (1 due · ${NEW_PER_DAY - 2} new)`); // the summary's button follows the same count
    await vsc.poll('CodeLens back after the session', () => vsc.codeLenses(), (lenses) => lenses.length > 0);
    await vsc.screenshot('8-practice-summary');
    await vsc.runCommand('Walkthroughs: Show Practice Progress');
    const progress = await vsc.webviewFrame(/Reviews per day/i);
    const counts = progress.locator('p.due-now');
    await vsc.poll('the progress page counts the same', async () => [await counts.getAttribute('data-due'), await counts.getAttribute('data-new')], (v) => v[0] === '1' && v[1] === String(NEW_PER_DAY - 2));
    assert.match(norm(await counts.innerText()), new RegExp(`^1 due now · ${NEW_PER_DAY - 2} new today$`));
    await vsc.screenshot('8-practice-progress-due');
    await vsc.runCommand('View: Close Editor');
    frame = await vsc.webviewFrame('Practice session finished');
    await frame.locator('button', { hasText: 'Done' }).click();
    await vsc.webviewFrame('No walkthrough is running');
  });

  it('asks before replacing a running session, then runs a mock interview of exactly the number asked, follow-ups included', async () => {
    // A practice session is running (the card rated Again is due).
    await vsc.runCommand('Walkthroughs: Practice Due Questions');
    await cardText(/Practice ·[\s\S]*Question 1 of/);
    const dialogButton = (label: string) => vsc.page.locator('.monaco-dialog-box .monaco-button', { hasText: label });
    await vsc.runCommand('Walkthroughs: Mock Interview…');
    await dialogButton('Resume').waitFor();
    await vsc.screenshot('8-mock-asks-resume-or-replace');
    await dialogButton('Resume').click();
    await cardText(/Practice ·[\s\S]*Question 1 of/);
    await vsc.runCommand('Walkthroughs: Mock Interview…');
    await dialogButton('Replace').click();
    await vsc.pickQuickItem('All topics');
    const input = vsc.page.locator('.quick-input-widget input');
    // The topic list stays on screen until the number prompt replaces it: wait for the prompt.
    const prompt = await vsc.poll('the number prompt', async () => norm(await vsc.page.locator('.quick-input-widget').innerText()), (text) => /How many questions/i.test(text));
    assert.ok(/follow-ups included/i.test(prompt), `the prompt says follow-ups count: ${prompt}`);
    await input.fill('2');
    await vsc.page.keyboard.press('Enter');
    let text = await cardText(/Mock interview ·/);
    const match = /Question 1 of (\d+)/.exec(text);
    assert.ok(match, `mock card with its position: ${text}`);
    const count = Number(match[1]);
    assert.equal(count, 2, `"How many questions? 2" asks 2 in all: ${text}`);
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
    void sawFollowUp; // with 2 questions, the second is the first one's follow-up when it has a next step
    await vsc.screenshot('8-mock-summary');
    const frame = await vsc.webviewFrame('Mock interview finished');
    await frame.locator('button', { hasText: 'Show Practice Progress' }).click();

    // The progress view: the heatmap counts today's reviews (2 from the due queue plus the mock answers).
    const progress = await vsc.webviewFrame(/Reviews per day/i);
    const today = progress.locator('rect.heat:not(.l0)');
    await vsc.poll('a heatmap cell for today', () => today.count(), (n) => n === 1);
    assert.equal(Number(await today.getAttribute('data-count')), 2 + count, 'the undone rating is not counted');
    const page = norm(await progress.locator('body').innerText());
    assert.ok(/Retention by week/i.test(page) && /Due in the next 14 days/i.test(page) && /Mastery per walkthrough/i.test(page), page);
    assert.ok(page.includes(primary.title), `mastery lists the walkthroughs: ${page}`);
    await vsc.screenshot('8-practice-progress');
  });
});
