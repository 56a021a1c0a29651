/**
 * Issue 26, recording and CodeTour: recorded and converted steps get stable ids (no
 * "missing-step-id" hint on our own output), a new walkthrough is proposed in the folder
 * walkthroughs are read from (not CodeTour's `.tours/`), the talking-points editor's text,
 * CodeTour step titles from the description's first heading, images shown as their alt text in
 * every output, and a converted tour listed once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { convertTour } from '../../server/src/core/codetour/convertTour';
import { parseTour } from '../../server/src/core/codetour/parseTour';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { firstHeading } from '../../common/src/markdownText';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { missingStepIdDiagnostics } from '../../server/src/core/stepIds';
import { editWalkthrough } from '../../server/src/features/authoring';
import { codeLenses } from '../../server/src/features/codeLens';
import { hover } from '../../server/src/features/hover';
import { toSettings } from '../../server/src/runtime/settings';
import { markdownHtml, renderExportMarkdown } from '../../server/src/features/exportWalkthrough';
import { untrustedMarkdown } from '../../server/src/features/markdown';
import { pathToUri } from '../../server/src/runtime/uri';
import { summarizeWalkthrough } from '../../server/src/features/walkthroughList';
import { Workspace } from '../../server/src/runtime/workspace';
import type { WalkthroughSummary, WorkspaceEditJson as WalkthroughEditJson } from '../../common/src/protocol';
import { asWalkthroughFileName, walkthroughsFolder } from '../../client/src/authoring/newWalkthroughPlace';
import { pointsFromEditor, pointsHeader } from '../../client/src/authoring/pointsText';
import { hideConvertedSources } from '../../client/src/convertedTours';
import { renderMarkdown } from '../../client/src/views/markdown';
import { plainText } from '../../client/src/views/plainText';
import { lineOf, loadWorkspace, WS } from './helpers';

const GO = `package handler

type InventoryServer struct{}

func (*InventoryServer) Sell(ctx context.Context) error {
\tmutex := global.Rs.NewMutex("goods")
\treturn nil
}

func (*InventoryServer) Reback(ctx context.Context) error {
\treturn nil
}
`;

const bases: string[] = [];
after(() => bases.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A workspace on disk (authoring reads through the real file system) with code and one walkthrough. */
async function diskWorkspace(files: Record<string, string>) {
  const ws = toEnginePath(mkdtempSync(path.join(tmpdir(), 'walkthrough-record-')));
  bases.push(ws);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(`${ws}/${name}`), { recursive: true });
    writeFileSync(`${ws}/${name}`, text);
  }
  const workspace = new Workspace(new NodeFileSystem({ confineTo: [ws] }), [ws], { error: () => undefined });
  await workspace.load();
  return { ws, workspace };
}

/** The text after applying a WorkspaceEdit's one text edit to `before`. */
function applied(before: string, edit: WalkthroughEditJson): string {
  const change = edit.documentChanges.find((c) => 'edits' in c) as { edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> };
  const { range, newText } = change.edits[0]!;
  const starts = [0];
  for (let i = 0; i < before.length; i++) if (before[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (starts[p.line] ?? before.length) + p.character;
  return before.slice(0, offset(range.start)) + newText + before.slice(offset(range.end));
}

const selection = (ws: string, line: number) => ({ uri: pathToUri(`${ws}/inv.go`), range: { start: { line, character: 0 }, end: { line, character: 0 } } });

describe('recorded steps get stable ids', () => {
  it('Add Step from Selection writes an `id` unique in the walkthrough: no missing-step-id hint', async () => {
    const yaml = 'title: T\nsteps:\n  - id: inventory-server-sell\n    file: inv.go\n    anchor: "func (*InventoryServer) Sell(ctx context.Context) error {"\n';
    const { ws, workspace } = await diskWorkspace({ 'inv.go': GO, 't.walkthrough.yaml': yaml });
    const walkthroughId = workspace.engine.list()[0]!.spec.id;
    // Inside Sell again: its symbol would give `inventory-server-sell`, which is taken.
    const result = await editWalkthrough(workspace, { kind: 'addStep', walkthroughId, step: { location: selection(ws, lineOf(GO, 'NewMutex') - 1) } }, { version: () => null });
    assert.ok(result.edit, JSON.stringify(result));
    const after = applied(yaml, result.edit!);
    const spec = parseWalkthrough(`${ws}/t.walkthrough.yaml`, after);
    assert.deepEqual(missingStepIdDiagnostics(spec), []);
    assert.equal(spec.steps.length, 2);
    assert.equal(new Set(spec.steps.map((s) => s.id)).size, 2, 'ids are unique');
    assert.equal(spec.steps[1]!.id, 'inventory-server-sell-2');
    // A titled step is named by its title.
    const titled = await editWalkthrough(workspace, { kind: 'addStep', walkthroughId, step: { title: 'The Reback path', location: selection(ws, lineOf(GO, 'Reback')) } }, { version: () => null });
    assert.equal(parseWalkthrough(`${ws}/t.walkthrough.yaml`, applied(yaml, titled.edit!)).steps[1]!.id, 'the-reback-path');
  });

  it("a new walkthrough's first step has an id too", async () => {
    const { ws, workspace } = await diskWorkspace({ 'inv.go': GO });
    const result = await editWalkthrough(workspace, { kind: 'createWalkthrough', uri: pathToUri(`${ws}/walkthroughs/new.walkthrough.yaml`), title: 'New', step: { location: selection(ws, lineOf(GO, 'Reback') - 1) } }, { version: () => null });
    const created = applied('', result.edit!);
    const spec = parseWalkthrough(`${ws}/walkthroughs/new.walkthrough.yaml`, created);
    assert.deepEqual(missingStepIdDiagnostics(spec), []);
    assert.equal(spec.steps[0]!.id, 'inventory-server-reback');
  });
});

describe('where a new walkthrough goes', () => {
  it('next to the most recent YAML walkthrough, never next to a CodeTour tour', () => {
    assert.equal(walkthroughsFolder('/w', ['**/*.walkthrough.yaml'], ['/w/.tours/a.tour', '/w/docs/walk/b.walkthrough.yaml']), '/w/docs/walk');
    assert.equal(walkthroughsFolder('/w', ['**/*.walkthrough.yaml', '.tours/**/*.tour'], ['/w/.tours/a.tour']), '/w', 'only tours: the folder top, not .tours/');
    assert.equal(walkthroughsFolder('/w', ['**/*.walkthrough.yaml'], ['/other/x.walkthrough.yaml']), '/w', 'another workspace folder does not count');
  });

  it('else the fixed folder of a walkthroughs.files glob', () => {
    assert.equal(walkthroughsFolder('/w/', ['.tours/**/*.tour', 'docs/tours/**/*.walkthrough.yaml'], []), '/w/docs/tours');
    assert.equal(walkthroughsFolder('/w', ['.github/**/*.walkthrough.yaml'], []), '/w');
    assert.equal(walkthroughsFolder('/w', ['**/*.walkthrough.yml'], []), '/w');
  });

  it('a typed name becomes a walkthrough file name', () => {
    assert.equal(asWalkthroughFileName('/w/a/flow'), '/w/a/flow.walkthrough.yaml');
    assert.equal(asWalkthroughFileName('/w/a/flow.yaml'), '/w/a/flow.walkthrough.yaml');
    assert.equal(asWalkthroughFileName('/w/a/flow.walkthrough.yml'), '/w/a/flow.walkthrough.yml');
  });
});

describe('the talking-points editor', () => {
  it('saves what is written below the instruction line, never the instruction', () => {
    const header = pointsHeader('Close this tab to save -- or not');
    assert.doesNotMatch(header.slice(4, -3), /--/, 'the instruction cannot end the comment early');
    assert.equal(pointsFromEditor(`${header}\n- one\n- two\n\n  code\n`), '- one\n- two\n\n  code');
    assert.equal(pointsFromEditor(`${header}\r\nline 1\r\nline 2`), 'line 1\nline 2');
    assert.equal(pointsFromEditor(`${header}\n\n`), '', 'nothing written: no points');
    assert.equal(pointsFromEditor('no header left\n<!-- a comment -->'), 'no header left\n<!-- a comment -->');
    // Typed before the instruction (the cursor was not yet below it): the text stays, the instruction goes.
    assert.equal(pointsFromEditor(`typed first${header}\nthen below`, header), 'typed first\nthen below');
    assert.equal(pointsFromEditor(`${header}\nbelow\n`, header), 'below');
  });
});

describe('CodeTour step titles and images', () => {
  it('the first heading of the text names a step without a title', () => {
    assert.equal(firstHeading('### Tour Player\n\nPlays the tour.'), 'Tour Player');
    assert.equal(firstHeading('Intro text\n\n## The `Sell` **lock** ![icon](a.png)\n'), 'The Sell lock icon');
    assert.equal(firstHeading('Setext\n======\n'), 'Setext');
    assert.equal(firstHeading('```\n# not a heading\n```\nplain'), undefined);
    assert.equal(firstHeading('no heading at all'), undefined);
    const tour = JSON.stringify({ title: 'T', steps: [{ file: 'inv.go', line: 6, description: '### Tour Player\nThe player.' }, { file: 'inv.go', line: 6, title: 'Given', description: '# Other' }, { file: 'inv.go', line: 6, description: 'none' }] });
    const spec = parseTour(`${WS}/.tours/t.tour`, tour);
    assert.deepEqual(spec.steps.map((s) => s.title), ['Tour Player', 'Given', undefined]);
    // A .tour has no `id` field to add: no hint asks for one there.
    assert.deepEqual(missingStepIdDiagnostics(spec), []);
  });

  it('an image shows as its alt text, without a bang, in the card, the hover, plain text and both exports', () => {
    for (const markdown of ['![Overview](images/overview.png)', '![Overview](https://example.com/o.png)', '![Overview](./o.png "title")']) {
      const card = renderMarkdown(markdown);
      const html = markdownHtml(markdown);
      for (const out of [card, html]) {
        assert.match(out, /<p>Overview<\/p>/, out);
        assert.doesNotMatch(out, /<img|!/, out);
      }
      assert.equal(untrustedMarkdown(markdown), 'Overview');
      assert.equal(plainText(markdown), 'Overview');
      const exported = renderExportMarkdown({ title: 'T', source: 't.tour', steps: [{ position: 1, title: 'S', points: markdown }] } as never);
      assert.match(exported, /^Overview$/m);
      assert.doesNotMatch(exported, /!\\?\[|!Overview/);
    }
    // Alt text is text: markup in it is escaped, never HTML.
    assert.match(renderMarkdown('![<b>x</b>](a.png)'), /&lt;b&gt;x&lt;\/b&gt;/);
    // Links the card does not allow still show their text, not their markdown.
    assert.match(renderMarkdown('[memo](../memo.md)'), /<p>memo<\/p>/);
    assert.match(renderMarkdown('[site](https://example.com)'), /href="https:\/\/example.com"/);
  });
});

describe('Convert CodeTour Tour: ids, titles, convertedFrom', () => {
  const TOUR = `${WS}/.tours/t.tour`;
  const steps = [
    { file: 'inv.go', line: lineOf(GO, 'NewMutex'), description: '### Tour Player\n![Overview](o.png)\nLocks per goods.' },
    { file: 'inv.go', line: lineOf(GO, 'NewMutex'), description: 'Same code again' },
    { file: 'inv.go', line: lineOf(GO, 'Reback'), title: 'Tour Player', description: 'Same title' },
    { directory: 'handler', description: 'Handlers' },
  ];

  it('every converted step has a unique stable id, titles come from headings, and the walkthrough names its tour', async () => {
    const { engine, fs } = await loadWorkspace({ '.tours/t.tour': JSON.stringify({ title: 'Stock', steps }), 'inv.go': GO });
    const converted = (await convertTour(engine, TOUR, `${WS}/walkthroughs/stock.walkthrough.yaml`))!;
    const yaml = parse(converted.text);
    assert.equal(yaml.convertedFrom, '../.tours/t.tour');
    assert.deepEqual(yaml.steps.map((s: { title?: string }) => s.title), ['Tour Player', undefined, 'Tour Player', 'handler']);
    const ids = yaml.steps.map((s: { id: string }) => s.id);
    assert.deepEqual(ids, ['tour-player', 'inventory-server-sell', 'tour-player-2', 'handler']);
    fs.write(`${WS}/walkthroughs/stock.walkthrough.yaml`, converted.text);
    await engine.fileChanged(`${WS}/walkthroughs/stock.walkthrough.yaml`);
    const walkthrough = engine.get(`${WS}/walkthroughs/stock.walkthrough.yaml`)!;
    const codes = engine.diagnostics(walkthrough.file).map((d) => d.code);
    assert.ok(!codes.includes('missing-step-id'), codes.join());
    assert.ok(!codes.includes('unknown-key'), 'convertedFrom is a key of the format');
    assert.equal(summarizeWalkthrough(walkthrough).convertedFrom, pathToUri(TOUR));
  });

  it('the tour a listed walkthrough was converted from is listed once, unless both are asked for', () => {
    const summary = (uri: string, extra: Partial<WalkthroughSummary> = {}): WalkthroughSummary => ({ id: uri, title: uri, uri, primary: false, steps: [], ...extra });
    const tour = summary('file:///w/.tours/t.tour', { format: 'codetour' });
    const other = summary('file:///w/.tours/other.tour', { format: 'codetour' });
    const converted = summary('file:///w/t.walkthrough.yaml', { convertedFrom: 'file:///w/.tours/t.tour' });
    assert.deepEqual(hideConvertedSources([tour, other, converted], false).map((w) => w.uri), [other.uri, converted.uri]);
    assert.deepEqual(hideConvertedSources([tour, other, converted], true).map((w) => w.uri), [tour.uri, other.uri, converted.uri]);
    // Percent-encoding does not make it another file; a tour cannot hide another tour.
    const encoded = summary('file:///w/.tours/my%20tour.tour', { format: 'codetour' });
    const fromEncoded = summary('file:///w/my.walkthrough.yaml', { convertedFrom: 'file:///w/.tours/my tour.tour' });
    assert.deepEqual(hideConvertedSources([encoded, fromEncoded], false).map((w) => w.uri), [fromEncoded.uri]);
    const tourNaming = summary('file:///w/.tours/x.tour', { format: 'codetour', convertedFrom: other.uri });
    assert.equal(hideConvertedSources([other, tourNaming], false).length, 2);
  });

  it("the tour's CodeLens and hover show once, as the walkthrough's, unless both are asked for", async () => {
    const tour = JSON.stringify({ title: 'Stock tour', steps: [{ file: 'inv.go', line: lineOf(GO, 'NewMutex'), title: 'Lock', description: 'Lock per goods' }] });
    const { ws, workspace } = await diskWorkspace({ 'inv.go': GO, '.tours/t.tour': tour });
    const converted = (await convertTour(workspace.engine, `${ws}/.tours/t.tour`, `${ws}/t.walkthrough.yaml`))!;
    writeFileSync(`${ws}/t.walkthrough.yaml`, converted.text.replace('title: Stock tour', 'title: Stock walkthrough'));
    await workspace.engine.fileChanged(`${ws}/t.walkthrough.yaml`);
    const line = lineOf(GO, 'NewMutex') - 1;
    const lensTitles = async () => (await codeLenses(workspace, `${ws}/inv.go`)).filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
    const hoverText = async () => JSON.stringify((await hover(workspace, `${ws}/inv.go`, { line, character: 2 }))?.contents ?? '');
    workspace.settings = toSettings({});
    assert.deepEqual((await lensTitles()).filter((t) => t.includes('Stock tour')), []);
    assert.equal((await lensTitles()).filter((t) => t.includes('Stock walkthrough')).length, 1);
    assert.doesNotMatch(await hoverText(), /Stock tour/);
    assert.match(await hoverText(), /Stock walkthrough/);
    workspace.settings = toSettings({ codeTour: { showConvertedTours: true } });
    assert.equal((await lensTitles()).filter((t) => t.includes('Stock tour')).length, 1);
    assert.match(await hoverText(), /Stock tour/);
  });
});
