/**
 * The compact hover (issue 26, "the first hour"): a line cited by several walkthroughs shows one
 * short card — the running tour's step, else the first in tour order — and one line of links to
 * the others, never a wall of stacked cards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { HOVER_POINTS, hover, pointsPrefix } from '../../server/src/features/hover';
import { Workspace } from '../../server/src/runtime/workspace';

const GO = 'package p\n\nfunc Sell() {\n\tmutex := lock()\n\tdefer mutex.Unlock()\n}\n';

function walkthrough(id: string, title: string, steps: string[]): string {
  return `id: ${id}\ntitle: ${JSON.stringify(title)}\nsteps:\n${steps.join('')}`;
}

function step(id: string, title: string, lines: string, extra = ''): string {
  return `  - id: ${id}\n    title: ${JSON.stringify(title)}\n    file: a.go\n    lines: ${lines}\n${extra}`;
}

const POINTS = '    question: Why lock?\n    points: |\n      - first point\n      - second point\n      - third point\n      - fourth point\n';

async function load(files: Record<string, string>): Promise<Workspace> {
  const fs = new MemoryFileSystem({ '/ws/a.go': GO, ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`/ws/${name}`, text])) });
  const workspace = new Workspace(fs, ['/ws'], { error: () => undefined });
  await workspace.load();
  return workspace;
}

async function hoverValue(workspace: Workspace, line: number): Promise<string> {
  const result = await hover(workspace, '/ws/a.go', { line, character: 1 });
  assert.ok(result, 'a hover');
  return (result.contents as { value: string }).value;
}

/** The command links of a hover, decoded: [label, command, args]. */
function commandLinks(value: string): Array<{ label: string; command: string; args: unknown }> {
  const links: Array<{ label: string; command: string; args: unknown }> = [];
  const md = new MarkdownIt();
  const visit = (tokens: ReturnType<InstanceType<typeof MarkdownIt>['parse']>, label: { text: string; href?: string }) => {
    for (const token of tokens) {
      if (token.type === 'link_open') {
        label.href = String(token.attrGet('href'));
        label.text = '';
      } else if (token.type === 'link_close' && label.href) {
        const [, command, query] = /^command:([^?]+)\?(.*)$/.exec(label.href) ?? [];
        if (command) links.push({ label: label.text, command, args: JSON.parse(decodeURIComponent(query!)) });
        label.href = undefined;
      } else if (label.href !== undefined && token.type === 'text') label.text += token.content;
      if (token.children) visit(token.children, label);
    }
  };
  visit(md.parse(value, {}), { text: '' });
  return links;
}

const three = {
  'a.walkthrough.yaml': walkthrough('flow', 'Order flow', [step('intro', 'Intro', '1'), step('lock', 'Sell: lock', '4-5', POINTS)]),
  'b.walkthrough.yaml': walkthrough('core', 'Interview core', [step('sell-lock', 'The Sell lock', '3-6', '    points: core points\n')]),
  'c.walkthrough.yaml': walkthrough('overselling', 'Overselling', [step('one', 'One', '1'), step('two', 'Two', '2'), step('lock', 'Lock it', '4', '    points: oversell points\n')]),
};

describe('compact hover: several walkthroughs on one line', () => {
  it('shows one card and links to the other steps, one per step, to our own command', async () => {
    const workspace = await load(three);
    const value = await hoverValue(workspace, 3);
    assert.equal(value.split('\n\n---\n\n').length, 1, value);
    // One card: the first in tour order (walkthroughs by file here), with its question and points.
    assert.match(value, /^\*\*Sell: lock\*\*\n\nOrder flow · 2\/2\n/);
    assert.doesNotMatch(value, /The Sell lock|Lock it/, 'other titles only as link labels');
    assert.ok(!value.includes('core points') && !value.includes('oversell points'), 'other cards are not stacked');
    const also = value.split('\n').at(-1)!;
    assert.match(also, /^Also in: /);
    const links = commandLinks(also);
    assert.deepEqual(
      links.map((l) => [l.label, l.command, l.args]),
      [
        ['Interview core 1/1', 'walkthroughs.openStep', ['core', 'sell-lock']],
        ['Overselling 3/3', 'walkthroughs.openStep', ['overselling', 'lock']],
      ],
    );
    for (const link of commandLinks(value)) assert.equal(link.command, 'walkthroughs.openStep');
  });

  it('shows the running tour\'s step first, and links back to the others', async () => {
    const workspace = await load(three);
    workspace.activeTour = 'overselling';
    const value = await hoverValue(workspace, 3);
    assert.match(value, /^\*\*Lock it\*\*\n\nOverselling · 3\/3\n/);
    assert.deepEqual(
      commandLinks(value.split('\n').at(-1)!).map((l) => l.args),
      [
        ['flow', 'lock'],
        ['core', 'sell-lock'],
      ],
    );
  });

  it('a single step has no "also in" line', async () => {
    const workspace = await load({ 'a.walkthrough.yaml': three['a.walkthrough.yaml'] });
    const value = await hoverValue(workspace, 0);
    assert.match(value, /^\*\*Intro\*\*/);
    assert.doesNotMatch(value, /Also in/);
  });

  it('keeps the first talking points only, and says there are more', async () => {
    const workspace = await load(three);
    const value = await hoverValue(workspace, 4);
    assert.match(value, /\*\*Q:\*\* Why lock\?/);
    assert.match(value, /- first point\n- second point/);
    assert.doesNotMatch(value, /third point/);
    assert.equal(HOVER_POINTS, 2);
    assert.match(value, /second point\n\n_… \(continued in the tour\)_\n/);
    const open = commandLinks(value).find((l) => JSON.stringify(l.args) === '["flow","lock"]');
    assert.equal(open?.label, 'Open in tour');
  });

  it('escapes titles and points, and lets no foreign command link through', async () => {
    const evil = walkthrough('evil', 'E](command:x.y) <img src=x>', [
      step('x', '**bold** [t](command:workbench.action.quit)', '4', '    points: "<script>alert(1)</script> [run](command:workbench.action.quit) command:foo"\n'),
    ]);
    const workspace = await load({ 'a.walkthrough.yaml': three['a.walkthrough.yaml'], 'z.walkthrough.yaml': evil });
    for (const line of [3, 4]) {
      workspace.activeTour = line === 3 ? undefined : 'evil';
      const value = await hoverValue(workspace, line);
      const tokens = new MarkdownIt().parse(value, {});
      const flat = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
      assert.ok(!flat.some((t) => t.type === 'html_inline' || t.type === 'html_block'), value);
      for (const link of flat.filter((t) => t.type === 'link_open')) assert.match(String(link.attrGet('href')), /^command:walkthroughs\.openStep\?/, value);
    }
    // The evil walkthrough's link label shows its title as text.
    workspace.activeTour = undefined;
    const value = await hoverValue(workspace, 3);
    const label = commandLinks(value).find((l) => JSON.stringify(l.args) === '["evil","x"]')?.label;
    // (`command:` in text gets a zero-width space so nothing can read it as a link.)
    assert.equal(label?.replace(/\u200b/g, ''), 'E](command:x.y) <img src=x> 1/1');
  });
});

describe('compact hover: size', () => {
  it('long walkthrough titles are cut in the links, by code points', async () => {
    const long = '锁'.repeat(5000);
    const workspace = await load({ 'a.walkthrough.yaml': three['a.walkthrough.yaml'], 'b.walkthrough.yaml': walkthrough('long', long, [step('s', 'S', '4')]) });
    const value = await hoverValue(workspace, 3);
    const label = commandLinks(value).find((l) => JSON.stringify(l.args) === '["long","s"]')?.label;
    assert.equal(label, `${'锁'.repeat(39)}… 1/1`);
    assert.ok(value.length < 2000, `${value.length} characters`);
  });
});

describe('compact hover: claims marks', () => {
  it('a claim in a point left out is listed on one line, not lost', async () => {
    const go = 'package p\n\nfunc Sell(m *Mutex) error {\n\tif err := m.Lock(); err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n';
    const yaml = walkthrough('t', 'T', [
      '  - id: lock\n    title: lock\n    file: a.go\n    anchor: "if err := m.Lock(); err != nil {"\n    symbol: Sell\n    points: |\n      - One.\n      - Two.\n      - Sell calls `m.LockContext(ctx)` so it stops when the caller gives up.\n',
    ]);
    const fs = new MemoryFileSystem({ '/ws/a.go': go, '/ws/t.walkthrough.yaml': yaml });
    const workspace = new Workspace(fs, ['/ws'], { error: () => undefined });
    await workspace.load();
    const value = await hoverValue(workspace, 3);
    assert.doesNotMatch(value, /caller gives up/);
    assert.match(value, /⚠ \*not in your code: `m\.LockContext\(ctx\)`\*/);
  });
});

describe('pointsPrefix', () => {
  it('cuts after the n-th paragraph or list item, headings not counted', () => {
    const md = '### Heading\n\nFirst para\nstill first.\n\n- a\n  more a\n- b\n\nLast.';
    const one = pointsPrefix(md, 1);
    assert.equal(md.slice(0, one.end).trim(), '### Heading\n\nFirst para\nstill first.');
    assert.equal(one.more, true);
    assert.equal(md.slice(0, pointsPrefix(md, 2).end).trim(), '### Heading\n\nFirst para\nstill first.\n\n- a\n  more a');
    assert.deepEqual(pointsPrefix(md, 4), { end: md.length, units: 4, more: false });
    assert.equal(pointsPrefix('', 2).more, false);
  });
});
