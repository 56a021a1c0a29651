/**
 * Copies of the bundled walkthroughs written into a checkout with another layout: they must
 * resolve there on their own (no root override), with the same places the apply found, and name
 * the files where the code now is (no `file-moved` warnings left).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { findFiles } from '../../server/src/core/discover';
import { isWalkthroughFile, parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { landedCopyText } from '../../server/src/core/relocate/landedCopy';
import { relativePath } from '../../common/src/paths';

const REPO = path.resolve(__dirname, '../..');

function loadTree(dir: string, mountAt: string, into: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) loadTree(full, `${mountAt}/${name}`, into);
    else into[`${mountAt}/${name}`] = readFileSync(full, 'utf8');
  }
}

describe('landed copies of the bundled walkthroughs', () => {
  it('resolve in the checkout by themselves, where the apply found the code', async () => {
    const files: Record<string, string> = {};
    loadTree(path.join(REPO, 'test/fixtures/variants/mxshop-layout/code'), '/ws', files);
    loadTree(path.join(REPO, 'walkthroughs'), '/bundled', files);
    const fs = new MemoryFileSystem(files);
    const applied = new WalkthroughEngine({ fs, folders: ['/ws'], rootOverride: '/ws', extraReadableFolders: ['/bundled'] });
    await applied.loadFiles(await findFiles(fs, '/bundled', isWalkthroughFile));

    const copyDir = '/ws/walkthroughs';
    for (const walkthrough of applied.list()) {
      const text = landedCopyText(walkthrough, files[walkthrough.file]!, copyDir, '/ws');
      assert.ok(text, `${walkthrough.file}: the copy parses`);
      assert.match(text, /^root: \.\.$/m);
      assert.equal(parseWalkthrough('/x.walkthrough.yaml', text).diagnostics.length, 0);
      fs.write(`${copyDir}/${relativePath('/bundled', walkthrough.file)}`, text);
    }
    fs.write(`${copyDir}/memo/golang-interview.md`, files['/bundled/memo/golang-interview.md']!);

    const copies = new WalkthroughEngine({ fs, folders: ['/ws'] });
    await copies.loadAll();
    assert.equal(copies.list().length, applied.list().length);
    let followedFiles = 0;
    for (const walkthrough of applied.list()) {
      const copy = copies.byId(walkthrough.spec.id)!;
      assert.ok(copy, walkthrough.spec.id);
      walkthrough.steps.forEach((step, i) => {
        const landed = copy.steps[i]!;
        assert.equal(landed.file, step.file, `${walkthrough.spec.id}/${step.spec.id}: same file`);
        assert.deepEqual(landed.span, step.span, `${walkthrough.spec.id}/${step.spec.id}: same lines`);
        if (step.status === 'moved' && step.file !== undefined) assert.equal(landed.status, 'ok', `${walkthrough.spec.id}/${step.spec.id}: exact in the copy`);
        if (step.file && step.spec.file && !step.file.endsWith(step.spec.file)) followedFiles++;
      });
      const diagnostics = copies.diagnostics(copy.file);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'file-moved' || d.code === 'memo-not-found' || d.code === 'section-not-found'), [], copy.file);
    }
    assert.ok(followedFiles > 10, `steps whose file changed: ${followedFiles}`);
  });

  it('a step whose file was found under another path but whose code was not: the copy names the file and stays stale', async () => {
    const code = 'package conn\n\nfunc InitSrvConn() {\n\tdial()\n}\n';
    const yaml = 'title: t\nid: t\nroot: ../sample\nsteps:\n  - id: gone\n    file: order_srv/initialize/srv_conn.go\n    lines: 9\n    anchor: |\n      return consulTarget(host)\n  - id: kept\n    file: order_srv/initialize/srv_conn.go\n    lines: 4\n    anchor: |\n      dial()\n    symbol: InitSrvConn\n';
    const files: Record<string, string> = { '/ws/mxshop_srvs/order_srv/initialize/srv_conn.go': code, '/bundled/t.walkthrough.yaml': yaml };
    const fs = new MemoryFileSystem(files);
    const applied = new WalkthroughEngine({ fs, folders: ['/ws'], rootOverride: '/ws', extraReadableFolders: ['/bundled'] });
    await applied.loadFiles(['/bundled/t.walkthrough.yaml']);
    const walkthrough = applied.list()[0]!;
    assert.equal(walkthrough.steps[0]!.status, 'stale');
    assert.equal(walkthrough.steps[0]!.file, '/ws/mxshop_srvs/order_srv/initialize/srv_conn.go');
    const text = landedCopyText(walkthrough, yaml, '/ws/walkthroughs', '/ws')!;
    assert.equal(text.match(/file: mxshop_srvs\/order_srv\/initialize\/srv_conn\.go/g)?.length, 2, text);
    assert.match(text, /lines: 9\n/, 'a stale step keeps its lines hint: nothing was found to point at');
    fs.write('/ws/walkthroughs/t.walkthrough.yaml', text);
    const copies = new WalkthroughEngine({ fs, folders: ['/ws'] });
    await copies.loadAll();
    const copy = copies.byId('t')!;
    assert.equal(copy.steps[0]!.status, 'stale');
    assert.equal(copy.steps[1]!.status, 'ok');
    assert.deepEqual(copies.diagnostics(copy.file).filter((d) => d.code === 'file-moved'), []);
  });
});
