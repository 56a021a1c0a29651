/**
 * `walkthrough import-codetour` and `walkthrough export` on real temporary folders, run in-process
 * (the same functions dist/cli.js dispatches to), with their output and exit codes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { workspaceFolderOf } from '../../server/src/cliArgs';
import { runImportCodeTour } from '../../server/src/cliCodeTour';
import { runExport } from '../../server/src/cliExport';

const CODE = 'package a\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wt-codetour-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.tours'));
  writeFileSync(path.join(dir, 'a.go'), CODE);
  writeFileSync(path.join(dir, '.tours', 'stock.tour'), JSON.stringify({ title: 'Stock', steps: [{ file: 'a.go', line: 4, title: 'Lock', description: 'lock first' }, { file: 'a.go', pattern: 'commit', description: 'then commit' }] }));
  return dir;
}

function sink() {
  const chunks: string[] = [];
  return { write: (chunk: string) => (chunks.push(chunk), true), get text() { return chunks.join(''); } };
}

describe('walkthrough import-codetour', () => {
  it('writes <workspace>/<name>.walkthrough.yaml with anchors, then refuses to overwrite it', async () => {
    const dir = workspace();
    const out = sink();
    const err = sink();
    assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'stock.tour')], out, err), 0, err.text);
    const yaml = parse(readFileSync(path.join(dir, 'stock.walkthrough.yaml'), 'utf8'));
    assert.deepEqual(yaml.steps.map((s: { anchor: string; symbol: string }) => [s.anchor, s.symbol]), [['lock()', 'Sell'], ['commit()', 'Sell']]);
    assert.match(out.text, /wrote .*stock\.walkthrough\.yaml \(2 steps\)/);
    assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'stock.tour')], sink(), err), 1);
    assert.match(err.text, /already exists/);
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
  });

  it('--out elsewhere in the workspace sets root; usage errors exit 2; a broken tour exits 1 with its diagnostics', async () => {
    const dir = workspace();
    assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'stock.tour'), '--out', path.join(dir, 'x.walkthrough.yaml')], sink(), sink()), 0);
    assert.equal(parse(readFileSync(path.join(dir, 'x.walkthrough.yaml'), 'utf8')).root, undefined);
    mkdirSync(path.join(dir, 'walkthroughs'));
    assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'stock.tour'), `--out=${path.join(dir, 'walkthroughs', 's.walkthrough.yaml')}`], sink(), sink()), 0);
    assert.equal(parse(readFileSync(path.join(dir, 'walkthroughs', 's.walkthrough.yaml'), 'utf8')).root, '..');
    assert.equal(await runImportCodeTour([], sink(), sink()), 2);
    assert.equal(await runImportCodeTour([path.join(dir, 'a.go')], sink(), sink()), 2);
    assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'stock.tour'), '--bogus'], sink(), sink()), 2);
    writeFileSync(path.join(dir, '.tours', 'broken.tour'), '{ "title": ');
    const err = sink();
    assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'broken.tour')], sink(), err), 1);
    assert.match(err.text, /broken\.tour:1:\d+: .*\[(yaml-syntax|missing-key)\]/);
    assert.equal(existsSync(path.join(dir, 'broken.walkthrough.yaml')), false);
  });

  it('finds a tour’s workspace folder above .tours, .vscode/tours and .github/tours', () => {
    assert.equal(workspaceFolderOf('/r/.tours/a.tour'), '/r');
    assert.equal(workspaceFolderOf('/r/.vscode/tours/sub/a.tour'), '/r');
    assert.equal(workspaceFolderOf('/r/.github/tours/a.tour'), '/r');
    assert.equal(workspaceFolderOf('/r/w/x.walkthrough.yaml', '/r'), '/r');
    assert.equal(workspaceFolderOf('/elsewhere/x.walkthrough.yaml', '/r'), '/elsewhere');
  });
});

describe('walkthrough export', () => {
  it('prints Markdown by default, writes HTML with --out (format from the extension), and rejects unknown formats', async () => {
    const dir = workspace();
    const out = sink();
    assert.equal(await runExport([path.join(dir, '.tours', 'stock.tour')], out, sink()), 0);
    assert.match(out.text, /^# Stock\n[\s\S]*## 1\. Lock\n\nlock first\n\n`a\.go:4`\n\n```go\n\tlock\(\)\n```/);
    assert.equal(await runExport([path.join(dir, '.tours', 'stock.tour'), '--out', path.join(dir, 'stock.html')], sink(), sink()), 0);
    const html = readFileSync(path.join(dir, 'stock.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<p class="where">a\.go:5<\/p>/);
    assert.equal(await runExport([path.join(dir, '.tours', 'stock.tour'), '--format', 'pdf'], sink(), sink()), 2);
    assert.equal(await runExport([path.join(dir, 'nothing.walkthrough.yaml')], sink(), sink()), 1);
  });
});
