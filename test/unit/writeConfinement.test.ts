/**
 * Every file the server tells the client to write is confined by real path, as reads are: a
 * symbolic link inside the workspace that leads out of it does not make the outside writable
 * (issue 19 item 11). The same rules in the core: `mayWrite` on the disk file system, and
 * `check --fix` refusing a link.
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { replaceFileAtomically } from '../../server/src/core/atomicWrite';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { applyToFolder } from '../../server/src/features/applyToFolder';
import { editWalkthrough } from '../../server/src/features/authoring';
import { importMemoRequest } from '../../server/src/features/importMemo';
import { pathToUri } from '../../server/src/features/uri';
import { Workspace } from '../../server/src/features/workspace';

const bases: string[] = [];
after(() => bases.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** ws/ with `link` → outside/ and `code-walkthroughs` → outside/cw, a memo citing code, and a bundled walkthrough. */
async function setup() {
  const base = toEnginePath(mkdtempSync(path.join(tmpdir(), 'walkthrough-write-')));
  bases.push(base);
  const ws = `${base}/ws`;
  const outside = `${base}/outside`;
  const bundled = `${base}/bundled`;
  for (const dir of [ws, outside, `${outside}/cw`, bundled]) mkdirSync(dir);
  writeFileSync(`${ws}/order.go`, 'package order\n\nfunc CreateOrder() error {\n\treturn nil\n}\n');
  writeFileSync(`${ws}/notes.md`, '# Notes\n\n## A\n\n`order.go` 里的 `CreateOrder` 方法。\n\n涉及文件：`order.go`\n');
  writeFileSync(`${bundled}/t.walkthrough.yaml`, 'title: T\nsteps:\n  - file: order.go\n    anchor: func CreateOrder() error {\n');
  symlinkSync(outside, `${ws}/link`);
  symlinkSync(`${outside}/cw`, `${ws}/code-walkthroughs`);
  const workspace = new Workspace(new NodeFileSystem({ confineTo: [ws] }), [ws], { error: () => undefined });
  await workspace.load();
  return { ws, outside, bundled, workspace };
}

describe('writes are confined by real path', () => {
  it('createWalkthrough under a link out of the workspace is refused; inside it is made', async () => {
    const { ws, workspace } = await setup();
    const version = () => null;
    const out = await editWalkthrough(workspace, { kind: 'createWalkthrough', uri: pathToUri(`${ws}/link/new.walkthrough.yaml`), title: 'New' }, { version });
    assert.ok('error' in out && out.error, `refused: ${JSON.stringify(out)}`);
    const deeper = await editWalkthrough(workspace, { kind: 'createWalkthrough', uri: pathToUri(`${ws}/link/a/b/new.walkthrough.yaml`), title: 'New' }, { version });
    assert.ok('error' in deeper && deeper.error, 'a path under the link that does not exist yet is refused too');
    const inside = await editWalkthrough(workspace, { kind: 'createWalkthrough', uri: pathToUri(`${ws}/docs/new.walkthrough.yaml`), title: 'New' }, { version });
    assert.ok(!('error' in inside && inside.error), JSON.stringify(inside));
  });

  it("import's `out` through such a link is refused, not answered as a new file", async () => {
    const { ws, workspace } = await setup();
    const through = await importMemoRequest(workspace, { memo: pathToUri(`${ws}/notes.md`), out: pathToUri(`${ws}/link/notes.walkthrough.yaml`) });
    assert.match(through.error ?? '', /\S/);
    assert.equal(through.yaml, '');
    const inside = await importMemoRequest(workspace, { memo: pathToUri(`${ws}/notes.md`) });
    assert.equal(inside.error, undefined);
    assert.ok(inside.steps > 0);
  });

  it("Apply's copy folder that is a link out of the workspace gets no copies, and says why", async () => {
    const { ws, bundled, workspace } = await setup();
    const result = await applyToFolder(workspace, { sourceFolder: pathToUri(bundled), targetFolder: pathToUri(ws), copyTo: pathToUri(`${ws}/code-walkthroughs`) });
    assert.deepEqual(result.copies ?? [], []);
    assert.match(result.error ?? '', /\S/);
    const real = await applyToFolder(workspace, { sourceFolder: pathToUri(bundled), targetFolder: pathToUri(ws), copyTo: pathToUri(`${ws}/code-walkthroughs-2`) });
    assert.equal(real.error, undefined);
    assert.ok((real.copies ?? []).length > 0);
  });

  it('check --fix, like import --out, neither follows nor replaces a link', async () => {
    const { ws, outside } = await setup();
    writeFileSync(`${outside}/t.walkthrough.yaml`, 'title: T\n');
    symlinkSync(`${outside}/t.walkthrough.yaml`, `${ws}/t.walkthrough.yaml`);
    const outcome = await replaceFileAtomically(`${ws}/t.walkthrough.yaml`, new TextEncoder().encode('title: T\n'), 'title: X\n');
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.message : '', /symbolic link/);
    assert.ok(lstatSync(`${ws}/t.walkthrough.yaml`).isSymbolicLink());
    assert.equal(readFileSync(`${outside}/t.walkthrough.yaml`, 'utf8'), 'title: T\n');
  });
});
